/**
 * Stop (the editor's button, EXECUTIONS_TIMEOUT, a deactivation) cancels the execution: the node
 * sends nothing more, ends its waits and aborts what is in flight, so the execution ends at once.
 * The emulator never answers in time here (60 s of processing, a Retry-After of 60 s): a node that
 * kept waiting would outlast the test's time limit.
 */
import type { INodeParameters } from 'n8n-workflow';

import { startEmulator, transcribe, type Emulator } from './helpers';

const AUDIO_URL = 'https://media.example.com/a.wav';
const { makeWav } = require('../../emulator/wav') as typeof import('../../emulator/wav');

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator({ urlAudio: { [AUDIO_URL]: makeWav({ seconds: 1 }) } });
});
afterEach(() => emu.reset());
afterAll(() => emu.stop());

const items = (count: number) => Array.from({ length: count }, () => ({ json: {} }));
const parameters = (requestOptions: INodeParameters) => ({
	audioSource: 'url',
	audioUrl: AUDIO_URL,
	requestOptions,
});

/** Resolves once the emulator has received `count` requests. */
async function received(count: number): Promise<void> {
	while (emu.requests.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Lets anything still on its way reach the emulator. */
const quiet = () => new Promise((resolve) => setTimeout(resolve, 1_500));

test('1,000 items at a limit of 20 with Continue On Fail: Stop while 20 are in flight sends nothing more', async () => {
	emu.configure({ concurrencyLimit: 20, latencyMs: 60_000 });
	const result = await transcribe(
		emu,
		parameters({ adaptiveConcurrency: false, maxConcurrent: 20 }),
		items(1000),
		{ continueOnFail: true, stopWhen: received(20) },
	);
	expect(result.run.status).toBe('canceled');
	await quiet();
	// The 20 in flight were the last sends: their aborts freed no slot for the other 980.
	expect(emu.requests).toHaveLength(20);
	expect(emu.served).toHaveLength(0);
});

test('Stop during Deepgram’s 429 waits (Retry-After 60 s): the waits end, nothing is sent again', async () => {
	emu.configure({ concurrencyLimit: 20, latencyMs: 60_000, retryAfterSeconds: 60 });
	const result = await transcribe(emu, parameters({}), items(1000), {
		continueOnFail: true,
		// The default Max Concurrent (250) goes out at once: 20 are served, 230 refused.
		stopWhen: received(250),
	});
	expect(result.run.status).toBe('canceled');
	await quiet();
	expect(emu.requests.map((request) => request.status ?? 'no answer').sort()).toEqual([
		...Array(230).fill(429),
		...Array(20).fill('no answer'),
	]);
});

test('Stop during a retry wait after a 503 (Retry-After 60 s): the wait ends, nothing is sent again', async () => {
	emu.fault({ path: '/v1/listen', status: 503, retryAfter: 60, times: Infinity });
	const result = await transcribe(emu, parameters({}), items(3), { stopWhen: received(3) });
	expect(result.run.status).toBe('canceled');
	expect(result.error?.message).toBe(
		'Execution canceled: 0 of 3 items had been accepted by Deepgram, nothing more was sent',
	);
	await quiet();
	expect(emu.requests.map((request) => request.status)).toEqual([503, 503, 503]);
});

test('the stopped node says how many items Deepgram had accepted, and names them', async () => {
	emu.configure({ latencyMs: 50 });
	const served = async () => {
		while (emu.served.length < 30) await new Promise((resolve) => setTimeout(resolve, 5));
	};
	const result = await transcribe(
		emu,
		parameters({ adaptiveConcurrency: false, maxConcurrent: 20 }),
		items(100),
		{ stopWhen: served() },
	);
	expect(result.run.status).toBe('canceled');
	const [, accepted] =
		/^Execution canceled: (\d+) of 100 items had been accepted by Deepgram, nothing more was sent$/.exec(
			result.error?.message ?? '',
		) ?? [];
	// Answers still on their way when the stop came are not counted: Deepgram served at least that many.
	expect(Number(accepted)).toBeGreaterThan(0);
	expect(Number(accepted)).toBeLessThanOrEqual(emu.served.length);
	expect(result.error?.description).toContain(
		`Deepgram accepted ${accepted} items before the node stopped (request_id `,
	);
	expect(result.error?.description).toContain(emu.served[0].request_id);
});
