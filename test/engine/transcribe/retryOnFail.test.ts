/**
 * n8n's Retry On Fail runs the whole node again after one item failed. Items Deepgram already
 * accepted keep their submission key across the tries and are answered from memory, so each good
 * file reaches Deepgram once and the receiving workflow runs once per file; the node's final
 * error names the request_ids Deepgram accepted. With an Idempotency Key, a second execution
 * sends nothing it already sent.
 */
import type { TriggerSession } from '../../harness';
import {
	securedCredential,
	startEmulator,
	startSecuredTrigger,
	transcribe,
	type Emulator,
} from './helpers';

const { makeWav } = require('../../emulator/wav') as typeof import('../../emulator/wav');

const GOOD = Array.from(
	{ length: 19 },
	(_, index) => `https://media.example.com/good-${index}.wav`,
);
const BAD = 'https://media.example.com/missing.wav';
const BAD_INDEX = 7;
/** 20 URL items, the 8th one unreachable. */
const URLS = [...GOOD.slice(0, BAD_INDEX), BAD, ...GOOD.slice(BAD_INDEX)];
const items = () => URLS.map((url) => ({ json: { url, name: url.split('/').pop() } }));

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator({
		keys: [{ key: 'dg-key-1', id: 'key-id-1', projectId: 'proj-1' }],
		urlAudio: Object.fromEntries(
			GOOD.map((url, index) => [url, makeWav({ seconds: 1 + index / 10 })]),
		),
		// An unreachable URL is refused at once in callback mode too, as the issue measured.
		fetchUrlBeforeAccept: true,
		latencyMs: 20,
		callbackDelayMs: 5,
	});
});
afterEach(() => emu.reset());
afterAll(() => emu.stop());

/** How often each audio URL reached Deepgram. */
function sendsPerUrl(): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const request of emu.requests) {
		if (request.path !== '/v1/listen') continue;
		const url = (request.json as { url?: string } | undefined)?.url ?? '';
		counts[url] = (counts[url] ?? 0) + 1;
	}
	return counts;
}

const once = Object.fromEntries(GOOD.map((url) => [url, 1]));
const parameters = (more: Record<string, unknown> = {}) => ({
	audioSource: 'url',
	audioUrl: '={{ $json.url }}',
	...more,
});
const acceptedIds = () =>
	emu.served.filter((record) => record.code === 200).map((record) => record.request_id);

function expectStoppedWithAccepted(
	error: { message?: string; description?: string | null } | undefined,
) {
	expect(error?.message).toMatch(
		new RegExp(
			`^Deepgram 400 \\[REMOTE_CONTENT_ERROR\\]: The remote server hosting the media returned a client error: 404 Not Found\\. \\(request_id [0-9a-f-]{36}\\) \\[item ${BAD_INDEX}\\]$`,
		),
	);
	const ids = acceptedIds();
	expect(ids).toHaveLength(19);
	expect(error?.description).toContain('Deepgram accepted 19 items before the node stopped');
	for (const id of ids) expect(error?.description).toContain(id);
}

test('Return Transcript: 3 tries, each good file reaches Deepgram once, the error lists their request_ids', async () => {
	const result = await transcribe(emu, parameters(), items(), { maxTries: 3 });
	expect(sendsPerUrl()).toEqual({ ...once, [BAD]: 3 });
	expectStoppedWithAccepted(result.error);
});

describe('Send to Callback URL, with a Callback Trigger receiving', () => {
	let receiver: TriggerSession;
	beforeEach(async () => {
		receiver = await startSecuredTrigger(emu);
	});
	afterEach(() => receiver.stop());

	test('3 tries: one job and one run per good file', async () => {
		const result = await transcribe(
			emu,
			parameters({ resultsProcessing: 'callback', callbackUrl: receiver.url }),
			items(),
			{ maxTries: 3, credential: securedCredential },
		);
		expect(sendsPerUrl()).toEqual({ ...once, [BAD]: 3 });
		expectStoppedWithAccepted(result.error);
		await emu.waitForCallbacks(19, 10_000);
		expect(receiver.executions).toHaveLength(19);
		expect(receiver.executions.map((run) => run[0][0].json.request_id).sort()).toEqual(
			acceptedIds().sort(),
		);
	});
});

test('an Idempotency Key: a second execution sends nothing the first one had sent, and says so', async () => {
	const keyed = parameters({ requestOptions: { idempotencyKey: '={{ $json.name }}' } });
	const first = await transcribe(emu, keyed, items(), { maxTries: 3 });
	expectStoppedWithAccepted(first.error);
	const accepted = acceptedIds();

	emu.reset();
	const second = await transcribe(emu, keyed, items(), { continueOnFail: true });
	// Only the file that never got through was sent again.
	expect(sendsPerUrl()).toEqual({ [BAD]: 1 });
	expect(second.output).toHaveLength(20);
	expect(second.output[BAD_INDEX].json.code).toBe('REMOTE_CONTENT_ERROR');
	const reused = second.output.filter((_, index) => index !== BAD_INDEX);
	expect(reused.map((item) => item.json.reused)).toEqual(Array(19).fill(true));
	expect(reused.map((item) => item.json.request_id)).toEqual(accepted);
	expect(reused.map((item) => item.pairedItem)).toEqual(
		URLS.map((_, item) => ({ item })).filter(({ item }) => item !== BAD_INDEX),
	);

	// Without the key, a new execution is a new job: sent again.
	emu.reset();
	await transcribe(emu, parameters(), items(), { continueOnFail: true });
	expect(sendsPerUrl()).toEqual({ ...once, [BAD]: 1 });
});

test('two items with the same Idempotency Key in one batch: sent once, both get the result', async () => {
	const url = GOOD[0];
	const result = await transcribe(
		emu,
		parameters({ requestOptions: { idempotencyKey: 'same-file' } }),
		[{ json: { url } }, { json: { url } }],
	);
	expect(sendsPerUrl()).toEqual({ [url]: 1 });
	expect(result.output[1].json).toEqual({ ...result.output[0].json, reused: true });
});

test('the same Idempotency Key with other options is another job: sent again', async () => {
	const url = GOOD[0];
	const keyed = (more: Record<string, unknown>) =>
		parameters({ requestOptions: { idempotencyKey: 'one-file' }, ...more });
	await transcribe(emu, keyed({}), [{ json: { url } }]);
	await transcribe(emu, keyed({}), [{ json: { url } }]);
	expect(sendsPerUrl()).toEqual({ [url]: 1 });
	for (const other of [
		{ tags: ['another'] },
		{ output: 'raw' },
		{ additionalQuery: { parameters: [{ name: 'future_option', value: 'x' }] } },
	]) {
		emu.reset();
		const result = await transcribe(emu, keyed(other), [{ json: { url } }]);
		expect(result.error).toBeUndefined();
		expect(sendsPerUrl()).toEqual({ [url]: 1 });
	}
});
