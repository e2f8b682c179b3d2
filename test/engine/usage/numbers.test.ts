/**
 * Limit, Page Size and Price per Hour from expressions: a value outside the field's range fails
 * its item with the field and the range, before any call to Deepgram; under Continue On Fail the
 * other items go on.
 */
import {
	jsonOf,
	KEYS,
	managementCalls,
	runUsage,
	startEmulator,
	testClock,
	transcribe,
	type Emulator,
	type Sent,
} from './helpers';

let emu: Emulator;
let sent: Sent;
const clock = testClock();
const DAY = { start: '2025-07-01', end: '2025-07-01' };

beforeAll(async () => {
	emu = await startEmulator({ now: clock.now, keys: [KEYS.plain] });
	clock.set('2025-07-01T10:00:00Z');
	sent = await transcribe(emu, { key: KEYS.plain.key, tags: ['n'], seconds: 36 });
});
beforeEach(() => {
	emu.requests.length = 0;
});
afterAll(() => emu?.stop());

const requests = (extra: Record<string, unknown>) => ({
	operation: 'requestsWithTag',
	...DAY,
	tags: ['n'],
	...extra,
});

describe('Requests with Tag', () => {
	test.each([
		[
			{ returnAll: false, limit: '={{ "abc" }}' },
			'Limit must be a whole number of at least 1, not "abc"',
		],
		[{ returnAll: false, limit: '={{ 0 }}' }, 'Limit must be a whole number of at least 1, not 0'],
		[
			{ returnAll: false, limit: '={{ 1.5 }}' },
			'Limit must be a whole number of at least 1, not 1.5',
		],
		[
			{ returnAll: true, options: { pageSize: '={{ "x" }}' } },
			'Page Size must be a whole number from 1 to 1000, not "x"',
		],
		[
			{ returnAll: true, options: { pageSize: '={{ 1001 }}' } },
			'Page Size must be a whole number from 1 to 1000, not 1001',
		],
		[
			{ returnAll: true, options: { pageSize: '={{ NaN }}' } },
			'Page Size must be a whole number from 1 to 1000, not NaN',
		],
	])('%j fails before any call', async (parameters, message) => {
		const result = await runUsage(emu, requests(parameters));
		expect(result.error?.message).toBe(`${message} [item 0]`);
		expect(result.error?.description).toMatch(
			/^Check the "(Limit|Page Size)" field; an expression there must give a whole number/,
		);
		expect(managementCalls(emu)).toEqual([]);
	});

	test('numbers given as text are read as numbers', async () => {
		const result = await runUsage(
			emu,
			requests({ returnAll: false, limit: '={{ "1" }}', options: { pageSize: '={{ "2" }}' } }),
		);
		expect(result.error).toBeUndefined();
		expect(jsonOf(result.output).map((json) => json.request_id)).toEqual([sent.id]);
		expect(managementCalls(emu)[0]).toContain('limit=2&page=0');
	});

	test('under Continue On Fail the bad item becomes an error item and the others go on', async () => {
		const result = await runUsage(
			emu,
			requests({ returnAll: false, limit: '={{ $json.limit }}' }),
			{ continueOnFail: true, input: [{ json: { limit: 'abc' } }, { json: { limit: 5 } }] },
		);
		expect(
			result.output.map((item) => [item.json.error ?? item.json.request_id, item.pairedItem]),
		).toEqual([
			['Limit must be a whole number of at least 1, not "abc"', { item: 0 }],
			[sent.id, { item: 1 }],
		]);
	});
});

describe.each(['usagePerTag', 'usageGroupedByTags'])('%s: Price per Hour', (operation) => {
	const usage = (pricePerHour: string) => ({
		operation,
		...DAY,
		tagSource: 'list',
		tags: ['n'],
		options: { pricePerHour },
	});

	test.each([
		['={{ -1 }}', 'not -1'],
		['={{ "abc" }}', 'not "abc"'],
		['={{ Infinity }}', 'not Infinity'],
	])('%s fails before any call', async (expression, shown) => {
		const result = await runUsage(emu, usage(expression));
		expect(result.error?.message).toBe(
			`Price per Hour must be a number of at least 0, ${shown} [item 0]`,
		);
		expect(managementCalls(emu)).toEqual([]);
	});

	test('a price given as text is read as a number', async () => {
		const result = await runUsage(emu, usage('={{ "2" }}'));
		expect(result.error).toBeUndefined();
		expect(result.output[0].json.estimated_cost).toBe(0.02);
	});
});
