/**
 * Max Concurrent Requests from an expression: anything but a whole number of at least 1 stops the
 * node at once with the field and the range, before any request (a NaN used to hang it forever).
 */
import { memoryAudioItem, startEmulator, transcribe, type Emulator } from './helpers';

const { makeWav } = require('../../emulator/wav') as typeof import('../../emulator/wav');

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterEach(() => emu.reset());
afterAll(() => emu.stop());

const items = (count: number) =>
	Array.from({ length: count }, () => memoryAudioItem(makeWav({ seconds: 0.1 })));
const withMax = (expression: string) => ({ requestOptions: { maxConcurrent: expression } });

// A hang is the failure this guards against: each case must end well inside Jest's timeout.
const FAST = 10_000;

test.each([
	['={{ "abc" }}', 'not "abc"'],
	['={{ NaN }}', 'not NaN'],
	['={{ 0 }}', 'not 0'],
	['={{ 2.5 }}', 'not 2.5'],
	['={{ -1 }}', 'not -1'],
	['={{ Infinity }}', 'not Infinity'],
	['={{ null }}', 'not empty'],
])(
	'%s fails fast, naming the field and the range',
	async (expression, shown) => {
		const result = await transcribe(emu, withMax(expression), items(2));
		expect(result.error?.message).toBe(
			`Max Concurrent Requests must be a whole number of at least 1, ${shown}`,
		);
		expect(result.error?.description).toBe(
			'Check the "Max Concurrent Requests" field; an expression there must give a whole number of at least 1.',
		);
		expect(emu.requests).toEqual([]);
	},
	FAST,
);

test(
	'with Continue On Fail, every item fails with it (none passes through unchanged)',
	async () => {
		const result = await transcribe(emu, withMax('={{ "abc" }}'), items(2), {
			continueOnFail: true,
		});
		expect(emu.requests).toEqual([]);
		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => [item.json.error, item.pairedItem])).toEqual([
			['Max Concurrent Requests must be a whole number of at least 1, not "abc"', { item: 0 }],
			['Max Concurrent Requests must be a whole number of at least 1, not "abc"', { item: 1 }],
		]);
	},
	FAST,
);

test(
	'a whole number given as text ("3") is that number',
	async () => {
		const result = await transcribe(emu, withMax('={{ "3" }}'), items(2));
		expect(result.error).toBeUndefined();
		expect(emu.requests.map((request) => request.status)).toEqual([200, 200]);
	},
	FAST,
);
