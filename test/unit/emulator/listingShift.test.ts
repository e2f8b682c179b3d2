/**
 * The request list under a client that pages through it: `end` as a datetime, and the
 * shiftListing switch that makes new requests appear between pages.
 */
import { startEmulator } from '../../emulator';
import { makeWav } from '../../emulator/wav';
import { call } from './helpers';

type Emu = Awaited<ReturnType<typeof startEmulator>>;
const WAV = makeWav({ seconds: 1 });
let clock = new Date('2025-04-01T10:00:00.000Z');

let emu: Emu;
beforeAll(async () => {
	emu = await startEmulator({
		now: () => clock,
		keys: [{ key: 'dg-key-1', id: 'key-id-1', projectId: 'proj-1' }],
	});
});
afterAll(() => emu.stop());

/** Five tagged requests, at 10:00:00, :05, :10, :15 and :20; their ids oldest first. */
let ids: string[];
beforeEach(async () => {
	emu.reset();
	ids = [];
	for (let i = 0; i < 5; i++) {
		clock = new Date(Date.parse('2025-04-01T10:00:00.000Z') + i * 5000);
		const r = await call(emu.baseUrl, '/v1/listen?tag=t', {
			method: 'POST',
			body: WAV,
			headers: { 'content-type': 'audio/wav' },
		});
		ids.push(r.body.metadata.request_id);
	}
	clock = new Date('2025-04-01T10:01:00.000Z');
});

const list = async (query: string) => {
	const r = await call(emu.baseUrl, `/v1/projects/proj-1/requests?${query}`);
	expect(r.status).toBe(200);
	return r.body.requests.map((x: { request_id: string }) => x.request_id) as string[];
};
const newestFirst = (...indexes: number[]) => indexes.map((i) => ids[i]);

describe('end as a datetime', () => {
	test.each([
		['2025-04-01T10:00:05Z', [1, 0]],
		['2025-04-01T10:00:05.000Z', [1, 0]],
		['2025-04-01T10:00:04.999Z', [0]],
		['2025-04-01T10:00:09.5Z', [1, 0]],
		['2025-04-01T12:00:10+02:00', [2, 1, 0]],
		['2025-04-01T12:00:10+0200', [2, 1, 0]],
		['2025-04-01T10:00:10', [2, 1, 0]],
		['2025-04-01', [4, 3, 2, 1, 0]],
	])(
		'end=%s lists the requests up to that instant (inclusive), a date the whole day',
		async (end, expected) => {
			expect(await list(`start=2025-04-01&end=${encodeURIComponent(end)}&limit=100`)).toEqual(
				newestFirst(...expected),
			);
		},
	);

	test('a datetime that is not one is refused', async () => {
		const r = await call(emu.baseUrl, '/v1/projects/proj-1/requests?end=2025-04-01T99:00:00Z');
		expect(r.status).toBe(400);
		expect(r.body.err_msg).toBe(
			'Failed to deserialize query parameters: end: invalid date `2025-04-01T99:00:00Z`',
		);
	});
});

describe('shiftListing', () => {
	const RANGE = 'start=2025-04-01&end=2025-04-01&limit=2';

	test('records inserted once page k was answered push every later page down', async () => {
		emu.shiftListing({ afterPage: 0, count: 3, tags: ['new'] });
		expect(await list(`${RANGE}&page=0`)).toEqual(newestFirst(4, 3));
		expect(emu.served).toHaveLength(8);
		const inserted = emu.served.slice(5);
		expect(inserted.map((r) => [r.created, r.tags, r.code])).toEqual(
			Array(3).fill(['2025-04-01T10:01:00.000Z', ['new'], 200]),
		);
		// The three new ones are the newest: page 1 now holds one of them and a record of page 0.
		const page1 = await list(`${RANGE}&page=1`);
		expect(page1).toEqual([inserted[0].request_id, ids[4]]);
		expect(await list(`${RANGE}&page=2`)).toEqual(newestFirst(3, 2));
		// Once: no more records after later pages.
		expect(emu.served).toHaveLength(8);
	});

	test('records dated now, after the end of the range: that end keeps the list still', async () => {
		emu.shiftListing({ afterPage: 0, count: 2 });
		const stable = `start=2025-04-01&end=2025-04-01T10:00:30Z&limit=2`;
		expect(await list(`${stable}&page=0`)).toEqual(newestFirst(4, 3));
		expect(await list(`${stable}&page=1`)).toEqual(newestFirst(2, 1));
		expect(emu.served).toHaveLength(7);
	});

	test('created: inserted records dated inside the range shift even a list with an end', async () => {
		emu.shiftListing({ afterPage: 0, count: 1, created: '2025-04-01T10:00:12.000Z' });
		const stable = `start=2025-04-01&end=2025-04-01T10:00:30Z&limit=2`;
		expect(await list(`${stable}&page=0`)).toEqual(newestFirst(4, 3));
		const late = emu.served[5].request_id;
		expect(await list(`${stable}&page=1`)).toEqual([late, ids[2]]);
	});

	test('everyPage: new records after every page from afterPage on, so the list never settles', async () => {
		emu.shiftListing({ afterPage: 1, count: 2, everyPage: true });
		await list(`${RANGE}&page=0`);
		expect(emu.served).toHaveLength(5);
		await list(`${RANGE}&page=1`);
		expect(emu.served).toHaveLength(7);
		await list(`${RANGE}&page=2`);
		await list(`${RANGE}&page=0`);
		expect(emu.served).toHaveLength(9);
	});

	test('only the project listed, and reset() clears the switch', async () => {
		emu.shiftListing({ afterPage: 0, count: 1, projectId: 'proj-2' });
		await list(`${RANGE}&page=0`);
		expect(emu.served).toHaveLength(5);
		emu.reset();
		emu.shiftListing({ afterPage: 0, count: 1 });
		emu.reset();
		await list(`${RANGE}&page=0`);
		expect(emu.served).toHaveLength(0);
	});

	test('a shift needs a page and a count', () => {
		expect(() => emu.shiftListing({ afterPage: -1, count: 1 })).toThrow('afterPage');
		expect(() => emu.shiftListing({ afterPage: 0, count: 0 })).toThrow('count');
	});
});
