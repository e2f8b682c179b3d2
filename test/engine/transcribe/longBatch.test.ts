/**
 * Long batches and a shared key at Deepgram's concurrency limit: every item gets through, and
 * executions on one API key in this process settle on the limit together. Times are printed
 * against the floor (items × latency / limit), not asserted; bench/ keeps the figures.
 */
import { runWorkflow } from '../../harness';
import { credentials, startEmulator, TYPE, type Emulator } from './helpers';

const { makeWav } = require('../../emulator/wav') as typeof import('../../emulator/wav');

const AUDIO_URL = 'https://media.example.com/a.wav';
const LIMIT = 20;
const LATENCY_MS = 50;

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator({
		urlAudio: { [AUDIO_URL]: makeWav({ seconds: 1 }) },
		concurrencyLimit: LIMIT,
		latencyMs: LATENCY_MS,
		retryAfterSeconds: 1,
	});
});
afterEach(() => emu.reset());
afterAll(() => emu.stop());

/** One execution of a workflow holding only the Transcribe node, fed `count` items. */
function execution(count: number) {
	return runWorkflow(
		{
			nodes: [
				{
					id: 'transcribe',
					name: 'Deepgram Transcribe',
					type: TYPE,
					typeVersion: 1,
					position: [0, 0],
					parameters: { audioSource: 'url', audioUrl: AUDIO_URL },
					credentials: { deepgramApi: { id: 'deepgramApi-id', name: 'deepgramApi' } },
				},
			],
			connections: {},
		},
		{
			credentials: credentials(emu),
			input: Array.from({ length: count }, (_, index) => ({ json: { index } })),
		},
	);
}

/** The execution's items in order, or the reason one is missing. */
async function timed(count: number) {
	const started = Date.now();
	const run = await execution(count);
	const ms = Date.now() - started;
	const output = run.items('Deepgram Transcribe');
	return { ms, error: run.error?.message, output };
}

const floorMs = (items: number) => (items * LATENCY_MS) / LIMIT;
const status = (code: number) => emu.requests.filter((request) => request.status === code).length;

test('10,000 items at a limit of 20: none lost', async () => {
	const { ms, error, output } = await timed(10_000);
	expect(error).toBeUndefined();
	expect(output).toHaveLength(10_000);
	expect(output.filter((item) => item.json.error !== undefined)).toEqual([]);
	expect(output.map((item) => item.pairedItem)).toEqual(
		Array.from({ length: 10_000 }, (_, item) => ({ item })),
	);
	expect(emu.served).toHaveLength(10_000);
	console.info(
		`10,000 items at ${LIMIT} × ${LATENCY_MS} ms: ${ms} ms = ${(ms / floorMs(10_000)).toFixed(2)}× the floor; ${status(429)} refused`,
	);
}, 300_000);

test('two 1,000-item executions at once on one key and one limit of 20: none lost, one limit learned', async () => {
	const [first, second] = await Promise.all([timed(1000), timed(1000)]);
	for (const { error, output } of [first, second]) {
		expect(error).toBeUndefined();
		expect(output.filter((item) => item.json.error !== undefined)).toEqual([]);
		expect(output).toHaveLength(1000);
	}
	expect(emu.served).toHaveLength(2000);
	// The key's learned limit carries over from the test above: its first burst, probes only.
	expect(status(429)).toBeLessThan(100);
	const floor = floorMs(2000);
	console.info(
		`2 × 1,000 items at ${LIMIT} × ${LATENCY_MS} ms: ${first.ms} and ${second.ms} ms = ${(first.ms / floor).toFixed(2)}× and ${(second.ms / floor).toFixed(2)}× the floor of both (${floor} ms); ${status(429)} refused`,
	);
}, 120_000);
