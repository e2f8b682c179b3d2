/**
 * Items go to Deepgram concurrently, within Max Concurrent Requests. Against the emulator's
 * per-project limit: a fixed number is honoured exactly, and the adaptive default backs off on
 * 429 so that every item still succeeds, in order.
 */
import { memoryAudioItem, startEmulator, transcribe, type Emulator } from './helpers';

const { makeWav } = require('../../emulator/wav') as typeof import('../../emulator/wav');

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterEach(() => emu.reset());
afterAll(() => emu.stop());

/** Items told apart by their length: 0.1 s, 0.2 s, … */
const seconds = (count: number) => Array.from({ length: count }, (_, index) => (index + 1) / 10);
const items = (count: number) =>
	seconds(count).map((length) => memoryAudioItem(makeWav({ seconds: length })));
const count = (status: number) =>
	emu.requests.filter((request) => request.status === status).length;
const durations = (output: Array<{ json: { duration?: unknown } }>) =>
	output.map((item) => item.json.duration);

describe('a fixed number of concurrent requests', () => {
	const fixed = (maxConcurrent: number) => ({
		requestOptions: { adaptiveConcurrency: false, maxConcurrent },
	});

	it('at the project’s limit: no request is refused', async () => {
		emu.configure({ concurrencyLimit: 3, latencyMs: 100 });
		const result = await transcribe(emu, fixed(3), items(9));
		expect(result.error).toBeUndefined();
		expect(emu.requests.map((request) => request.status)).toEqual(Array(9).fill(200));
		expect(durations(result.output)).toEqual(seconds(9));
	});

	it('one above the limit: the node really sends that many at once, and 429s follow', async () => {
		emu.configure({ concurrencyLimit: 3, latencyMs: 100, retryAfterSeconds: 1 });
		const result = await transcribe(emu, fixed(4), items(4));
		expect(result.error).toBeUndefined();
		expect(count(429)).toBeGreaterThanOrEqual(1);
		expect(count(200)).toBe(4);
	});
});

describe('adaptive concurrency (the default)', () => {
	it('backs off from the default Max Concurrent to the project’s limit of 4 without losing an item', async () => {
		emu.configure({ concurrencyLimit: 4, latencyMs: 50, retryAfterSeconds: 0 });
		const result = await transcribe(emu, {}, items(40), { continueOnFail: true });
		expect(result.output.map((item) => item.json.error)).toEqual(Array(40).fill(undefined));
		expect(durations(result.output)).toEqual(seconds(40));
		expect(count(200)).toBe(40);
		// Adaptive stays well under two refusals per item.
		expect(count(429)).toBeLessThan(60);
	});

	it('sends a refused item again as soon as one of its own requests finishes, not after a long Retry-After', async () => {
		// Waiting out Retry-After would take at least 30 s: the test's time limit is 15 s.
		emu.configure({ concurrencyLimit: 5, latencyMs: 100, retryAfterSeconds: 30 });
		const result = await transcribe(emu, {}, items(30));
		expect(result.error).toBeUndefined();
		expect(durations(result.output)).toEqual(seconds(30));
		expect(result.output.map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 30 }, (_, item) => ({ item })),
		);
		expect(count(200)).toBe(30);
		// The first burst (25 refused) and a growth probe now and then.
		expect(count(429)).toBeLessThan(35);
	}, 15_000);

	it('never goes above Max Concurrent Requests', async () => {
		emu.configure({ concurrencyLimit: 2, latencyMs: 50 });
		const result = await transcribe(emu, { requestOptions: { maxConcurrent: 2 } }, items(8));
		expect(result.error).toBeUndefined();
		expect(count(429)).toBe(0);
	});
});
