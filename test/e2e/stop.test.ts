/**
 * Stop in a real n8n 2.41.1 (the editor's Stop button: `POST /rest/executions/:id/stop`) during a
 * 1,000-item Deepgram Transcribe batch at a limit of 20, with Continue On Fail: the execution is
 * canceled, the 20 requests in flight are abandoned, and nothing more reaches Deepgram. The
 * emulator takes 1.5 s per request and the stop comes before the first answer: a node that went
 * on would send the next 20 as those answers arrive. Needs `npm run build` first.
 */
import { DEFAULT_OWNER, login, request } from '../n8n/rest';
import { http } from './support/http';
import { startStack, WEBHOOK_BASE, type Stack } from './support/stack';
import { waitFor, waitForExecutions } from './support/wait';

const { makeWav } = require('../emulator/wav') as typeof import('../emulator/wav');

const WORKFLOW = 'dgE2eTranscribeBatch';
const AUDIO_URL = 'https://media.example.com/e2e/batch.wav';
const START_URL = `${WEBHOOK_BASE}webhook/e2e-transcribe-batch`;

let stack: Stack;

beforeAll(async () => {
	stack = await startStack({ urlAudio: { [AUDIO_URL]: makeWav({ seconds: 1 }) } });
	await waitFor(
		'the batch webhook',
		async () => stack.n8n.log().includes('Added webhook "Batch"') || undefined,
	);
}, 900_000);
afterAll(async () => {
	await stack?.stop();
});

const listenRequests = () =>
	stack.emulator.requests.filter((entry) => entry.path === '/v1/listen').length;

test('Stop during a 1,000-item batch at a limit of 20: canceled, no request after the stop', async () => {
	stack.emulator.configure({ concurrencyLimit: 20, latencyMs: 1_500 });
	const cookie = await login(stack.n8n.baseUrl, DEFAULT_OWNER);
	const files = Array.from({ length: 1000 }, () => ({ url: AUDIO_URL }));
	const started = await http(START_URL, { method: 'POST', body: { files } });
	expect(started.status).toBe(200);

	await waitFor('20 requests in flight', async () => (listenRequests() >= 20 ? true : undefined));
	const running = await waitFor('the running execution', async () => {
		const page = (await stack.api.call(
			'GET',
			`/executions?workflowId=${WORKFLOW}&status=running`,
		)) as { data: Array<{ id: string }> };
		return page.data[0];
	});
	const stoppedAt = Date.now();
	await request(stack.n8n.baseUrl, 'POST', `/rest/executions/${running.id}/stop`, { cookie });
	const sentBeforeStop = listenRequests();
	expect(stack.emulator.served).toHaveLength(0); // stopped before Deepgram's first answer

	const [done] = await waitForExecutions(stack.api, WORKFLOW, 1, { includeData: true });
	const endedMs = Date.parse(done.stoppedAt ?? '') - stoppedAt;
	expect(done.status).toBe('canceled');
	// Past the in-flight requests' answers, when a batch that went on would send its next 20.
	await new Promise((resolve) => setTimeout(resolve, 3_000));
	expect(sentBeforeStop).toBe(20);
	expect(listenRequests()).toBe(20);
	console.info(
		`Stop: the execution ended ${endedMs} ms after the stop call; 20 requests sent of 1,000`,
	);
}, 120_000);
