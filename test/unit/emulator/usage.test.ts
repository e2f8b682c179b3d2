/** Contract tests of usage, usage fields, usage breakdown and billing breakdown (computed from served requests). */
import { startEmulator } from '../../emulator';
import { makeWav } from '../../emulator/wav';
import { call, startReceiver, UUID_RE } from './helpers';

type Emu = Awaited<ReturnType<typeof startEmulator>>;
const S36 = makeWav({ seconds: 36 }); // 0.01 h
const S72 = makeWav({ seconds: 72 }); // 0.02 h
const S180 = makeWav({ seconds: 180 }); // 0.05 h
const STEREO36 = makeWav({ seconds: 36, channels: 2 });
const NOVA3 = '3b3aabe4-608a-46ac-9585-7960a25daf1a';

let clock = new Date('2025-03-01T00:00:00Z');
let emu: Emu;
let baseModelId: string;

beforeAll(async () => {
	emu = await startEmulator({
		now: () => clock,
		pricePerHour: 2,
		allowedCallbackPorts: null,
		callbackDelayMs: 0,
		keys: [
			{ key: 'dg-key-1', id: 'key-id-1', projectId: 'proj-1', tags: ['keytag'] },
			{ key: 'dg-key-b', id: 'key-id-b', projectId: 'proj-1' },
			{ key: 'dg-key-nobill', id: 'key-id-nobill', projectId: 'proj-1', scopes: ['member', 'usage:read'] },
			{ key: 'dg-key-nousage', id: 'key-id-nousage', projectId: 'proj-1', scopes: ['member'] },
		],
	});
	const rx = await startReceiver([200]);
	const at = (iso: string) => { clock = new Date(iso); };
	const listen = (q: string, body: Buffer, key = 'dg-key-1') =>
		call(emu.baseUrl, `/v1/listen?${q}`, { method: 'POST', body, key, headers: { 'content-type': 'audio/wav' } });
	at('2025-03-01T10:00:00Z'); expect((await listen('tag=a&model=nova-3&punctuate=true', S36)).status).toBe(200);
	at('2025-03-02T09:00:00Z'); expect((await listen('tag=b&diarize=true', S72)).status).toBe(200);
	at('2025-03-02T23:59:59Z');
	baseModelId = (await listen('tag=a&tag=b', S36, 'dg-key-b')).body.metadata.models[0];
	at('2025-03-04T00:00:00Z'); expect((await listen(`callback=${encodeURIComponent(`${rx.url}/cb`)}`, S180, 'dg-key-b')).status).toBe(200);
	await emu.waitForCallbacks(1, 5000);
	at('2025-03-04T12:00:00Z'); expect((await listen(`tag=${'x'.repeat(129)}`, S72)).status).toBe(400);
	at('2025-03-05T08:00:00Z'); expect((await listen('tag=stereo&multichannel=true', STEREO36)).status).toBe(200);
	at('2025-03-06T08:00:00Z'); expect((await listen('tag=a', S36)).status).toBe(200);
	at('2025-03-10T12:00:00Z');
	await rx.close();
});
afterAll(() => emu.stop());

const get = async (path: string, key = 'dg-key-1') => {
	const r = await call(emu.baseUrl, `/v1/projects/proj-1/${path}`, { key });
	return r;
};
const R4 = 'start=2025-03-01&end=2025-03-04';
/** [day, hours rounded, requests] per usage result */
const days = (body: { results: Array<{ start: string; end: string; hours: number; requests: number }> }) =>
	body.results.map((x) => [x.start, Number(x.hours.toFixed(9)), x.requests]);

describe('GET …/usage', () => {
	test('one entry per day, zeros for empty days, failed requests left out', async () => {
		const r = await get(`usage?${R4}`);
		expect(r.status).toBe(200);
		expect(r.body).toEqual({
			start: '2025-03-01',
			end: '2025-03-04',
			resolution: { units: 'day', amount: 1 },
			results: [
				{ start: '2025-03-01', end: '2025-03-01', hours: expect.closeTo(0.01, 9), total_hours: expect.closeTo(0.01, 9), requests: 1 },
				{ start: '2025-03-02', end: '2025-03-02', hours: expect.closeTo(0.03, 9), total_hours: expect.closeTo(0.03, 9), requests: 2 },
				{ start: '2025-03-03', end: '2025-03-03', hours: 0, total_hours: 0, requests: 0 },
				{ start: '2025-03-04', end: '2025-03-04', hours: expect.closeTo(0.05, 9), total_hours: expect.closeTo(0.05, 9), requests: 1 },
			],
		});
	});

	test.each([
		['tag=a', [0.01, 1], [0.01, 1], [0, 0]],
		['tag=a&tag=b', [0.01, 1], [0.03, 2], [0, 0]],
		['tag=keytag', [0.01, 1], [0.02, 1], [0, 0]],
		['tag=nobody', [0, 0], [0, 0], [0, 0]],
		['method=async', [0, 0], [0, 0], [0.05, 1]],
		['method=sync', [0.01, 1], [0.03, 2], [0, 0]],
		['accessor=key-id-b', [0, 0], [0.01, 1], [0.05, 1]],
		['model=nova-3', [0.01, 1], [0, 0], [0, 0]],
		['model=general-nova-3', [0.01, 1], [0, 0], [0, 0]],
		[`model=${NOVA3}`, [0.01, 1], [0, 0], [0, 0]],
		['punctuate=true', [0.01, 1], [0, 0], [0, 0]],
		['punctuate=true&diarize=true', [0.01, 1], [0.02, 1], [0, 0]],
		['diarize=false', [0.01, 1], [0.01, 1], [0.05, 1]],
		['callback=true', [0, 0], [0, 0], [0.05, 1]],
		['endpoint=listen&deployment=hosted', [0.01, 1], [0.03, 2], [0.05, 1]],
		['endpoint=speak', [0, 0], [0, 0], [0, 0]],
	])('filter %s', async (filter, d1, d2, d4) => {
		const r = await get(`usage?${R4}&${filter}`);
		expect(days(r.body)).toEqual([
			['2025-03-01', ...d1],
			['2025-03-02', ...d2],
			['2025-03-03', 0, 0],
			['2025-03-04', ...d4],
		]);
	});

	test('multichannel: total_hours counts every channel', async () => {
		const r = await get('usage?start=2025-03-05&end=2025-03-05');
		expect(r.body.results).toEqual([{ start: '2025-03-05', end: '2025-03-05', hours: expect.closeTo(0.01, 9), total_hours: expect.closeTo(0.02, 9), requests: 1 }]);
	});

	test('default range: the last 30 days through today', async () => {
		const r = await get('usage');
		expect(r.body.start).toBe('2025-02-08');
		expect(r.body.end).toBe('2025-03-10');
		expect(r.body.results).toHaveLength(31);
		expect(r.body.results.reduce((a: number, x: { requests: number }) => a + x.requests, 0)).toBe(6);
	});

	test('ISO datetimes bound the range exactly', async () => {
		const r = await get('usage?start=2025-03-02T00:00:00Z&end=2025-03-02T12:00:00Z');
		expect(r.body.start).toBe('2025-03-02T00:00:00.000Z');
		expect(r.body.end).toBe('2025-03-02T12:00:00.000Z');
		expect(days(r.body)).toEqual([['2025-03-02', 0.02, 1]]);
		const inclusiveEnd = await get('usage?start=2025-03-02T09:00:00Z&end=2025-03-02T23:59:59Z');
		expect(days(inclusiveEnd.body)).toEqual([['2025-03-02', 0.03, 2]]);
	});

	test('needs usage:read', async () => {
		const r = await get('usage', 'dg-key-nousage');
		expect(r.status).toBe(403);
		expect(r.body).toEqual({
			category: 'INSUFFICIENT_PERMISSIONS',
			message: 'Your account does not have the required scope to perform that action for this project.',
			details: 'Missing scope: usage:read',
			request_id: expect.stringMatching(UUID_RE),
		});
		expect((await get('usage', 'dg-key-nobill')).status).toBe(200);
	});
});

describe('GET …/usage/fields', () => {
	test('tags, models, methods, features and languages of the range', async () => {
		const r = await get(`usage/fields?${R4}`);
		expect(r.body).toStrictEqual({
			tags: ['a', 'b', 'keytag'],
			models: [
				{ name: 'general-base', language: 'en', version: '2021-03-17.0', model_id: baseModelId },
				{ name: 'general-nova-3', language: 'en', version: '2024-12-20.0', model_id: NOVA3 },
			],
			processing_methods: ['async', 'sync'],
			features: ['diarize', 'punctuate'],
			languages: ['en'],
		});
		const later = await get('usage/fields?start=2025-03-05&end=2025-03-06');
		expect(later.body.tags).toEqual(['a', 'keytag', 'stereo']);
		expect(later.body.features).toEqual(['multichannel']);
	});
});

describe('GET …/usage/breakdown', () => {
	const nulls = { accessor: null, endpoint: null, feature_set: null, models: null, method: null, tags: null, deployment: null };
	const row = (hours: number, requests: number, grouping: Record<string, unknown>, total = hours) => ({
		hours: expect.closeTo(hours, 9),
		total_hours: expect.closeTo(total, 9),
		agent_hours: 0,
		tokens_in: 0,
		tokens_out: 0,
		tts_characters: 0,
		requests,
		grouping: { start: '2025-03-01', end: '2025-03-04', ...nulls, ...grouping },
	});

	test('without grouping: one result for the whole range', async () => {
		const r = await get(`usage/breakdown?${R4}`);
		expect(r.body).toEqual({ start: '2025-03-01', end: '2025-03-04', resolution: { units: 'day', amount: 1 }, results: [row(0.09, 4, {})] });
	});

	test('without grouping and no matching records: one zero result', async () => {
		const r = await get(`usage/breakdown?${R4}&tag=nobody`);
		expect(r.body.results).toEqual([{ ...row(0, 0, {}), hours: 0, total_hours: 0 }]);
	});

	test('grouping=tags: one group per exact tag combination', async () => {
		const r = await get(`usage/breakdown?${R4}&grouping=tags`);
		expect(r.body.results).toEqual([
			row(0.01, 1, { tags: ['a', 'b'] }),
			row(0.01, 1, { tags: ['a', 'keytag'] }),
			row(0.02, 1, { tags: ['b', 'keytag'] }),
			row(0.05, 1, { tags: [] }),
		]);
	});

	test('grouping=tags with a tag filter keeps records carrying the tag', async () => {
		const r = await get(`usage/breakdown?${R4}&grouping=tags&tag=a`);
		expect(r.body.results).toEqual([row(0.01, 1, { tags: ['a', 'b'] }), row(0.01, 1, { tags: ['a', 'keytag'] })]);
		const any = await get(`usage/breakdown?${R4}&tag=keytag&tag=b`);
		expect(any.body.results).toEqual([row(0.04, 3, {})]);
	});

	test('grouping by method, accessor, models, and two groupings at once', async () => {
		expect((await get(`usage/breakdown?${R4}&grouping=method`)).body.results).toEqual([
			row(0.05, 1, { method: 'async' }),
			row(0.04, 3, { method: 'sync' }),
		]);
		expect((await get(`usage/breakdown?${R4}&grouping=accessor`)).body.results).toEqual([
			row(0.03, 2, { accessor: 'key-id-1' }),
			row(0.06, 2, { accessor: 'key-id-b' }),
		]);
		const models = (await get(`usage/breakdown?${R4}&grouping=models`)).body.results;
		expect(models).toHaveLength(2);
		expect(models).toContainEqual(row(0.01, 1, { models: [NOVA3] }));
		expect(models).toContainEqual(row(0.08, 3, { models: [baseModelId] }));
		expect((await get(`usage/breakdown?${R4}&grouping=method&grouping=accessor&accessor=key-id-b`)).body.results).toEqual([
			row(0.05, 1, { method: 'async', accessor: 'key-id-b' }),
			row(0.01, 1, { method: 'sync', accessor: 'key-id-b' }),
		]);
	});

	test('an unknown grouping -> 400', async () => {
		const r = await get(`usage/breakdown?${R4}&grouping=colour`);
		expect(r.status).toBe(400);
		expect(r.body.err_msg).toBe('Failed to deserialize query parameters: grouping: unknown variant `colour`, expected one of `accessor`, `endpoint`, `feature_set`, `models`, `method`, `tags`, `deployment`');
	});
});

describe('GET …/billing/breakdown', () => {
	const g = { start: '2025-03-01', end: '2025-03-04', accessor: null, deployment: null, line_item: null, tags: null };

	test('dollars = channel hours × pricePerHour, grouped by tags, filtered by tag', async () => {
		const all = await get(`billing/breakdown?${R4}`);
		expect(all.body).toEqual({ start: '2025-03-01', end: '2025-03-04', resolution: { units: 'day', amount: 1 }, results: [{ dollars: expect.closeTo(0.18, 9), grouping: g }] });
		const byTags = await get(`billing/breakdown?${R4}&grouping=tags`);
		expect(byTags.body.results).toEqual([
			{ dollars: expect.closeTo(0.02, 9), grouping: { ...g, tags: ['a', 'b'] } },
			{ dollars: expect.closeTo(0.02, 9), grouping: { ...g, tags: ['a', 'keytag'] } },
			{ dollars: expect.closeTo(0.04, 9), grouping: { ...g, tags: ['b', 'keytag'] } },
			{ dollars: expect.closeTo(0.1, 9), grouping: { ...g, tags: [] } },
		]);
		const tagB = await get(`billing/breakdown?${R4}&tag=b`);
		expect(tagB.body.results).toEqual([{ dollars: expect.closeTo(0.06, 9), grouping: g }]);
		const stereo = await get('billing/breakdown?start=2025-03-05&end=2025-03-05');
		expect(stereo.body.results[0].dollars).toBeCloseTo(0.04, 9);
	});

	test('grouping=line_item and accessor', async () => {
		const r = await get(`billing/breakdown?${R4}&grouping=line_item&grouping=accessor`);
		expect(r.body.results).toEqual([
			{ dollars: expect.closeTo(0.04, 9), grouping: { ...g, line_item: 'prerecorded::base', accessor: 'key-id-1' } },
			{ dollars: expect.closeTo(0.12, 9), grouping: { ...g, line_item: 'prerecorded::base', accessor: 'key-id-b' } },
			{ dollars: expect.closeTo(0.02, 9), grouping: { ...g, line_item: 'prerecorded::nova-3', accessor: 'key-id-1' } },
		]);
	});

	test('needs billing:read', async () => {
		const r = await get(`billing/breakdown?${R4}`, 'dg-key-nobill');
		expect(r.status).toBe(403);
		expect(r.body).toEqual({
			category: 'INSUFFICIENT_PERMISSIONS',
			message: 'Your account does not have the required scope to perform that action for this project.',
			details: 'Missing scope: billing:read',
			request_id: expect.stringMatching(UUID_RE),
		});
	});
});
