/**
 * "Requests with Tag" while Deepgram's request list changes under it (the emulator's
 * shiftListing switch): requests arriving during paging stay off the list because the range ends
 * when reading starts; requests that appear within the range anyway make the node read again;
 * a list that never settles fails the item instead of returning part of it as success.
 */
import {
	KEYS,
	managementCalls,
	runUsage,
	startEmulator,
	transcribe,
	type Emulator,
} from './helpers';

const TAG = 'moving';
const SECONDS = 1000;

/** The emulator's clock: the real time, or a chosen one while seeding. */
let fixed: Date | undefined;
const now = () => fixed ?? new Date();

let emu: Emulator;
/** Eleven tagged requests, made a minute ago one second apart; ids newest first. */
let seeded: string[];
const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * SECONDS).toISOString();

beforeAll(async () => {
	emu = await startEmulator({ now, keys: [KEYS.plain] });
});
// Each test starts from the eleven requests alone, with no switch set.
beforeEach(async () => {
	emu.reset();
	const ids: string[] = [];
	const base = Date.now() - 60 * SECONDS;
	for (let i = 0; i < 11; i++) {
		fixed = new Date(base + i * SECONDS);
		ids.push((await transcribe(emu, { key: KEYS.plain.key, tags: [TAG], seconds: 1 })).id);
	}
	fixed = undefined;
	seeded = ids.reverse();
	emu.requests.length = 0;
});
afterAll(() => emu?.stop());

/** Return All over the default range (the last 30 days through today). */
const readAll = (pageSize: number, continueOnFail = false) =>
	runUsage(
		emu,
		{ operation: 'requestsWithTag', tags: [TAG], returnAll: true, options: { pageSize } },
		{ continueOnFail },
	);
const ids = (items: Array<{ json: { request_id?: unknown } }>) =>
	items.map((i) => i.json.request_id);
const query = (call: string) => new URLSearchParams(call.slice(call.indexOf('?') + 1));
const inserted = () => emu.served.slice(11).map((r) => r.request_id);

test('requests arriving while the node pages are not listed: the range ends when reading starts', async () => {
	// Ten new tagged requests right after page 0: before the fix, page 1 repeated page 0 and the
	// node stopped with 1 of the 11 requests.
	emu.shiftListing({ afterPage: 0, count: 10, tags: [TAG] });
	const started = Date.now();
	const result = await readAll(1);
	expect(result.error).toBeUndefined();
	expect(inserted()).toHaveLength(10);
	expect(ids(result.output)).toEqual(seeded);
	const calls = managementCalls(emu);
	// One read: pages 0 to 10 hold one request each, page 11 none.
	expect(calls.map((call) => query(call).get('page'))).toEqual(
		Array.from({ length: 12 }, (_, page) => String(page)),
	);
	const end = query(calls[0]).get('end') ?? '';
	expect(end).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
	expect(Date.parse(end)).toBeLessThanOrEqual(started + SECONDS);
	expect(Date.parse(end)).toBeGreaterThan(started - 2 * SECONDS);
	expect(new Set(calls.map((call) => query(call).get('end')))).toEqual(new Set([end]));
});

test('requests that appear within the range while it is read: the node reads again and returns them all', async () => {
	// Three requests dated 30 s ago (inside the range) become visible after page 2.
	emu.shiftListing({ afterPage: 2, count: 3, tags: [TAG], created: secondsAgo(30) });
	const result = await readAll(2);
	expect(result.error).toBeUndefined();
	expect(ids(result.output)).toEqual([...inserted().reverse(), ...seeded]);
	// Two reads of the fourteen requests: pages 0 to 6, and page 7 empty.
	const pages = managementCalls(emu).map((call) => query(call).get('page'));
	const read = ['0', '1', '2', '3', '4', '5', '6', '7'];
	expect(pages).toEqual([...read, ...read]);
});

describe('a list that never settles', () => {
	const MESSAGE =
		"Deepgram's list of requests changed each time the node read it (3 times), so the requests found may be incomplete: set End to a time in the past, or try again later";

	beforeEach(() => {
		// Two new requests within the range after every page: each page repeats the one before.
		emu.shiftListing({
			afterPage: 0,
			count: 2,
			everyPage: true,
			tags: [TAG],
			created: secondsAgo(30),
		});
	});

	test('fails the node with a clear message, after a bounded number of pages', async () => {
		const result = await readAll(2);
		expect(result.error?.message).toBe(`${MESSAGE} [item 0]`);
		expect(result.output).toEqual([]);
		// Three reads, each giving up after three pages of requests already read.
		expect(managementCalls(emu)).toHaveLength(12);
	}, 20_000);

	test('under Continue On Fail: an error item, not a partial list', async () => {
		const result = await readAll(2, true);
		expect(result.output.map((item) => [item.json.error, item.pairedItem])).toEqual([
			[MESSAGE, { item: 0 }],
		]);
	}, 20_000);
});
