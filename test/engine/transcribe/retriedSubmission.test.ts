/**
 * A gateway 5xx can come after Deepgram accepted the job. The Transcribe node retries it (a sync
 * request that failed produced nothing), and the second job's callback carries the same
 * idempotency key: the workflow behind the Callback Trigger runs once. A connection cut after the
 * upload is never retried.
 */
import type { TriggerSession } from '../../harness';
import {
	memoryAudioItem,
	securedCredential,
	startEmulator,
	startSecuredTrigger,
	transcribe,
	type Emulator,
} from './helpers';

const { makeWav } = require('../../emulator/wav') as typeof import('../../emulator/wav');

const WAV = makeWav({ seconds: 2 });
const KEY_RE = /^n8n-\d+-0-[0-9a-f]{12}$/;

let emu: Emulator;
let receiver: TriggerSession;

beforeAll(async () => {
	emu = await startEmulator({
		keys: [{ key: 'dg-key-1', id: 'key-id-1', projectId: 'proj-1' }],
		callbackDelayMs: 5,
		callbackRetryDelayMs: 50,
	});
});
afterAll(() => emu.stop());
beforeEach(async () => {
	emu.reset();
	receiver = await startSecuredTrigger(emu);
});
afterEach(() => receiver.stop());

const sendToTrigger = (continueOnFail = false) =>
	transcribe(
		emu,
		{ resultsProcessing: 'callback', callbackUrl: receiver.url, tags: ['retried'] },
		[memoryAudioItem(WAV)],
		{ continueOnFail, credential: securedCredential },
	);

const listenRequests = () =>
	emu.requests.filter((request) => request.method === 'POST' && request.path === '/v1/listen');

test('a 502 after Deepgram accepted the upload: retried, two jobs, two callbacks, one run', async () => {
	emu.fault({ path: '/v1/listen', method: 'POST', afterAccept: true, status: 502 });

	const result = await sendToTrigger();
	expect(result.error).toBeUndefined();
	const delivered = await emu.waitForCallbacks(2, 10_000);

	// Both attempts carried the same key; Deepgram accepted both.
	const keys = listenRequests().map(
		(request) =>
			request.query.find(
				([name, value]) => name === 'extra' && value.startsWith('idempotency_key:'),
			)?.[1],
	);
	expect(keys).toHaveLength(2);
	expect(keys[0]).toBe(keys[1]);
	const key = keys[0]!.slice('idempotency_key:'.length);
	expect(key).toMatch(KEY_RE);
	const [first, second] = emu.served.map((record) => record.request_id);
	expect(emu.served).toHaveLength(2);
	expect(delivered.map((attempt) => attempt.requestId).sort()).toEqual([first, second].sort());

	// The sender says what happened: a 502 (no request_id from the gateway), then the job it knows.
	expect(result.output).toEqual([
		{
			json: {
				request_id: second,
				request_ids: [second],
				callback: receiver.url,
				callback_method: 'POST',
				tags: ['retried'],
				extra: {},
				idempotency_key: key,
				retried: [{ status: 502, code: null, request_id: null }],
			},
			pairedItem: { item: 0 },
		},
	]);

	// The receiving workflow ran once, for whichever job called back first; the other was a redelivery.
	expect(receiver.executions).toHaveLength(1);
	const ran = receiver.executions[0][0][0].json;
	expect([first, second]).toContain(ran.request_id);
	expect(ran.extra).toEqual({});
	const savedAt = String((receiver.staticData().remembered as string[])[0]).split(' ')[0];
	expect(receiver.staticData()).toEqual({
		// When it came, then both keys: the request_id that ran and the submission's key.
		remembered: [
			`${savedAt} ${String(ran.request_id)} ${encodeURIComponent(`idempotency_key:${key}`)}`,
		],
	});
});

test('a connection cut after the upload is not retried: one job, one run, the item fails', async () => {
	emu.fault({ path: '/v1/listen', method: 'POST', afterAccept: true, drop: true });

	const result = await sendToTrigger(true);
	await emu.waitForCallbacks(1, 10_000);

	expect(listenRequests()).toHaveLength(1);
	expect(emu.served).toHaveLength(1);
	expect(result.output).toEqual([
		{
			json: {
				error: `The connection to Deepgram at ${emu.baseUrl} broke before its answer (ECONNRESET)`,
				description:
					'Deepgram may have received and processed (and billed) the request, so it was not sent again. With a callback URL, Deepgram may still call back (a Deepgram Callback Trigger starts its workflow once per job). Check Deepgram Usage by Tag → Requests with Tag before sending it again.',
				code: 'ECONNRESET',
			},
			pairedItem: { item: 0 },
		},
	]);
	expect(receiver.executions).toHaveLength(1);
	expect(receiver.executions[0][0][0].json.request_id).toBe(emu.served[0].request_id);
});
