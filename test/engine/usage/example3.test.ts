/**
 * Example 3 (test/workflows/3-weekly-usage-by-tag.json) as users import it: its Usage node runs in
 * n8n's engine against the emulator, and its Summary Code node's own JavaScript turns the items
 * into the summary (the harness has no Code node; the end-to-end suite runs the real one).
 */
import type { INodeExecutionData, IWorkflowBase } from 'n8n-workflow';

import { runWorkflow } from '../../harness';
import example3Json from '../../workflows/3-weekly-usage-by-tag.json';
import { credentials, KEYS, startEmulator, transcribe, type Emulator } from './helpers';

const example3 = example3Json as unknown as IWorkflowBase;
const USAGE = 'Usage per tag, last 7 days';

let emu: Emulator;
beforeEach(async () => {
	emu = await startEmulator({ keys: [KEYS.plain] });
});
afterEach(() => emu.stop());

/** The example from "Run now" through its Usage node; the Summary node's code run on its output. */
async function runExample3() {
	const nodes = example3.nodes.filter((node) => ['Run now', USAGE].includes(node.name));
	const run = await runWorkflow(
		{
			...example3,
			nodes: [
				...nodes,
				{
					id: 'out',
					name: 'Out',
					type: 'n8n-nodes-base.noOp',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
			],
			connections: {
				'Run now': example3.connections['Run now'],
				[USAGE]: { main: [[{ node: 'Out', type: 'main', index: 0 }]] },
			},
		},
		{ credentials: credentials(emu, KEYS.plain.key, 'proj-1'), startNode: 'Run now' },
	);
	expect(run.error).toBeUndefined();
	const usage = run.items('Out');
	const code = example3.nodes.find((node) => node.name === 'Summary')?.parameters.jsCode as string;
	const $input = { all: () => usage, first: () => usage[0] };
	// eslint-disable-next-line @typescript-eslint/no-implied-eval -- the example's own code, as n8n runs it
	const summary = new Function('$input', code)($input) as INodeExecutionData[];
	return { usage: usage.map((item) => item.json), summary: summary.map((item) => item.json) };
}

test('a week without usage still sends one summary', async () => {
	const { usage, summary } = await runExample3();
	expect(usage.map((item) => [item.kind, item.requests])).toEqual([
		['untagged', 0],
		['total', 0],
	]);
	const { start, end } = usage[1];
	expect(summary).toEqual([
		{
			period: `${start} to ${end}`,
			summary: `No Deepgram usage from ${start} to ${end}.`,
			lines: [],
			total: 'Total: 0.00 h (0.0 min), 0 requests',
		},
	]);
});

test('a week with usage: a line per tag, the requests without a tag, and the total', async () => {
	const key = KEYS.plain.key;
	await transcribe(emu, { key, tags: ['team-a'], seconds: 36 });
	await transcribe(emu, { key, tags: ['team-a', 'callbacks'], seconds: 72 });
	await transcribe(emu, { key, tags: [], seconds: 18 });
	const { summary } = await runExample3();
	const lines = [
		'callbacks: 0.02 h (1.2 min), 1 request',
		'team-a: 0.03 h (1.8 min), 2 requests',
		'(no tag): 0.01 h (0.3 min), 1 request',
	];
	expect(summary[0]).toMatchObject({
		lines,
		summary: [...lines, 'Total: 0.04 h (2.1 min), 3 requests'].join('\n'),
	});
});

test('speech and text analysis: their characters and tokens join the lines, zero ones stay out', async () => {
	const key = KEYS.plain.key;
	await transcribe(emu, { key, tags: ['team-a'], seconds: 36 });
	const post = async (path: string, query: string, text: string) => {
		const response = await fetch(`${emu.baseUrl}${path}?${query}`, {
			method: 'POST',
			headers: { authorization: `Token ${key}`, 'content-type': 'application/json' },
			body: JSON.stringify({ text }),
		});
		expect(response.status).toBe(200);
		await response.arrayBuffer();
	};
	await post('/v1/speak', 'model=aura-2-thalia-en&tag=voice', 'Hello from the voice team.');
	await post('/v1/read', 'summarize=v2&tag=team-a', 'One two three. Four five.');
	const { summary } = await runExample3();
	const lines = [
		'team-a: 0.01 h (0.6 min), 2 requests, 5 tokens in, 3 out',
		'voice: 0.00 h (0.0 min), 1 request, 26 TTS characters',
	];
	expect(summary[0]).toMatchObject({
		lines,
		summary: [
			...lines,
			'Total: 0.01 h (0.6 min), 3 requests, 26 TTS characters, 5 tokens in, 3 out',
		].join('\n'),
	});
});
