/** "Requests with Tag" and "Get Request" in n8n's engine against the emulator, in both record shapes. */
import {
	jsonOf,
	KEYS,
	managementCalls,
	MARCH,
	runUsage,
	transcribe,
	useMarchData,
	type Sent,
} from './helpers';

const march = useMarchData({ keys: [KEYS.plain, KEYS.pages] });
beforeEach(() => {
	march.emu.configure({ recordShape: 'sdk' });
});

const withTags = (tags: string[], extra: Record<string, unknown> = {}) => ({
	operation: 'requestsWithTag',
	start: MARCH.start,
	end: MARCH.end,
	tags,
	returnAll: true,
	...extra,
});
const ids = (items: Array<{ json: { request_id?: unknown } }>) =>
	items.map((item) => item.json.request_id);
const served = (s: Sent) => {
	const record = march.emu.served.find((r) => r.request_id === s.id);
	if (!record) throw new Error(`not served: ${s.id}`);
	return record;
};

describe('Requests with Tag', () => {
	test('exactly the requests sent with the tag, newest first, refused ones included', async () => {
		const result = await runUsage(march.emu, withTags(['acme']));
		expect(result.error).toBeUndefined();
		expect(ids(result.output)).toEqual([
			march.sent.f1.id,
			march.sent.c2.id,
			march.sent.s2.id,
			march.sent.s1.id,
		]);
		expect(managementCalls(march.emu)).toEqual([
			'/v1/projects/proj-1/requests?start=2025-03-01&end=2025-03-04&limit=100&page=0',
		]);
	});

	test.each([
		[['acme', 'beta'], 'all', ['s2']],
		[['beta', 'gamma'], 'any', ['s4', 'c2', 'c1', 's2']],
		[['beta', 'gamma'], 'all', []],
		[['nobody'], 'any', []],
	] as const)('tags %j, match %s', async (tags, match, expected) => {
		const result = await runUsage(march.emu, withTags([...tags], { match }));
		expect(result.error).toBeUndefined();
		expect(ids(result.output)).toEqual(expected.map((name) => march.sent[name].id));
	});

	test('each item: request_id, created, tags, duration, models, status code and callback delivery', async () => {
		const result = await runUsage(march.emu, withTags(['beta']));
		const [c1, s2] = [served(march.sent.c1), served(march.sent.s2)];
		expect(jsonOf(result.output)).toEqual([
			{
				request_id: march.sent.c1.id,
				created: '2025-03-02T11:00:00.000Z',
				completed: c1.completed,
				api_key_id: 'key-id-plain',
				deployment: null,
				method: 'async',
				code: 200,
				message: null,
				tags: ['beta'],
				duration: 180,
				channels: 1,
				models: c1.models,
				features: [],
				usd: c1.usd,
				// The callback that never arrived: one attempt, answered 500.
				callback: {
					url: `${march.failing.url}/cb`,
					attempts: 1,
					code: 500,
					completed: c1.callback?.completed,
					delivered: false,
				},
			},
			{
				request_id: march.sent.s2.id,
				created: '2025-03-02T09:00:00.000Z',
				completed: '2025-03-02T09:00:00.000Z',
				api_key_id: 'key-id-plain',
				deployment: null,
				method: 'sync',
				code: 200,
				message: null,
				tags: ['acme', 'beta'],
				duration: 72,
				channels: 1,
				models: s2.models,
				features: [],
				usd: s2.usd,
				callback: null,
			},
		]);
	});

	test('a delivered callback and a refused request', async () => {
		const result = await runUsage(march.emu, withTags(['acme']));
		const [f1, c2] = jsonOf(result.output);
		expect(c2.callback).toEqual({
			url: `${march.ok.url}/cb`,
			attempts: 1,
			code: 200,
			completed: served(march.sent.c2).callback?.completed,
			delivered: true,
		});
		expect(f1).toMatchObject({
			code: 400,
			message: 'Bad Request: failed to process audio: corrupt or unsupported data',
			tags: ['acme'],
			duration: null,
			callback: null,
		});
	});

	test('status, method and endpoint filters go to Deepgram', async () => {
		const failed = await runUsage(march.emu, withTags(['acme'], { filters: { status: 'failed' } }));
		expect(ids(failed.output)).toEqual([march.sent.f1.id]);
		const async = await runUsage(
			march.emu,
			withTags(['acme'], { filters: { method: 'async', endpoint: 'listen' } }),
		);
		expect(ids(async.output)).toEqual([march.sent.c2.id]);
		expect(managementCalls(march.emu)).toEqual([
			'/v1/projects/proj-1/requests?start=2025-03-01&end=2025-03-04&limit=100&page=0&status=failed',
			'/v1/projects/proj-1/requests?start=2025-03-01&end=2025-03-04&limit=100&page=0&method=async&endpoint=listen',
		]);
	});

	test('the 2026 spec record shape gives the same requests and fields it carries', async () => {
		march.emu.configure({ recordShape: 'spec' });
		const result = await runUsage(march.emu, withTags(['beta']));
		expect(ids(result.output)).toEqual([march.sent.c1.id, march.sent.s2.id]);
		const [c1, s2] = jsonOf(result.output);
		expect(c1).toMatchObject({
			deployment: 'hosted',
			code: 200,
			tags: ['beta'],
			duration: 180,
			callback: {
				url: `${march.failing.url}/cb`,
				attempts: null,
				code: null,
				completed: null,
				delivered: null,
			},
		});
		expect(s2).toMatchObject({
			deployment: 'hosted',
			code: 200,
			tags: ['acme', 'beta'],
			callback: null,
		});
	});

	test('a range with no requests: no items', async () => {
		const result = await runUsage(
			march.emu,
			withTags(['acme'], { start: '2025-01-01', end: '2025-01-31' }),
		);
		expect(result.error).toBeUndefined();
		expect(result.output).toEqual([]);
	});

	test('Tags are required', async () => {
		const result = await runUsage(march.emu, withTags([]));
		expect(result.error?.message).toBe('Tags: add at least one tag [item 0]');
		expect(managementCalls(march.emu)).toEqual([]);
	});
});

describe('Get Request', () => {
	test.each(['sdk', 'spec'] as const)('by ID, %s shape', async (shape) => {
		march.emu.configure({ recordShape: shape });
		const result = await runUsage(march.emu, {
			operation: 'getRequest',
			requestId: march.sent.c2.id,
		});
		expect(result.error).toBeUndefined();
		const c2 = served(march.sent.c2);
		expect(jsonOf(result.output)).toEqual([
			{
				request_id: march.sent.c2.id,
				created: '2025-03-03T08:00:00.000Z',
				completed: c2.completed,
				api_key_id: 'key-id-plain',
				deployment: shape === 'spec' ? 'hosted' : null,
				method: 'async',
				code: 200,
				message: null,
				tags: ['acme', 'gamma'],
				duration: 108,
				channels: 1,
				models: c2.models,
				features: [],
				usd: c2.usd,
				callback:
					shape === 'spec'
						? {
								url: `${march.ok.url}/cb`,
								attempts: null,
								code: null,
								completed: null,
								delivered: null,
							}
						: {
								url: `${march.ok.url}/cb`,
								attempts: 1,
								code: 200,
								completed: c2.callback?.completed,
								delivered: true,
							},
			},
		]);
		expect(managementCalls(march.emu)).toEqual([
			`/v1/projects/proj-1/requests/${march.sent.c2.id}`,
		]);
	});

	test('an unknown request ID gives Deepgram’s 404', async () => {
		const result = await runUsage(march.emu, {
			operation: 'getRequest',
			requestId: 'no-such-request',
		});
		expect(result.error?.message).toMatch(
			/^Deepgram 404 \[NOT_FOUND\]: Request not found\. \(request_id [0-9a-f-]{36}\) \[item 0\]$/,
		);
		expect(result.error?.description).toBe(
			'Check the project ID or request ID: it does not exist for this key.',
		);
	});
});

describe('pagination', () => {
	// Ten requests in project proj-pages, one second apart; r1, r4 and r7 carry no tag.
	const UNTAGGED = [1, 4, 7];
	let pages: Sent[];
	const PAGES_RANGE = { start: '2025-05-01', end: '2025-05-01' };
	const runPages = (extra: Record<string, unknown>) =>
		runUsage(
			march.emu,
			{ operation: 'requestsWithTag', ...PAGES_RANGE, tags: ['p'], ...extra },
			{ key: KEYS.pages.key, projectId: 'proj-pages' },
		);
	const pageCalls = () =>
		managementCalls(march.emu).map((call) =>
			call.replace('/v1/projects/proj-pages/requests?start=2025-05-01&end=2025-05-01&', ''),
		);
	/** Tagged requests, newest first, as Deepgram lists them. */
	const taggedNewestFirst = () =>
		pages
			.filter((_, i) => !UNTAGGED.includes(i))
			.reverse()
			.map((s) => s.id);

	beforeAll(async () => {
		pages = [];
		for (let i = 0; i < 10; i++) {
			march.clock.set(`2025-05-01T10:00:0${i}Z`);
			pages.push(
				await transcribe(march.emu, {
					key: KEYS.pages.key,
					tags: UNTAGGED.includes(i) ? [] : ['p'],
					seconds: 1,
				}),
			);
		}
	});

	test('Return All over more than three pages: every tagged request once, every page fetched', async () => {
		const result = await runPages({ returnAll: true, options: { pageSize: 2 } });
		expect(result.error).toBeUndefined();
		expect(ids(result.output)).toEqual(taggedNewestFirst());
		expect(new Set(ids(result.output)).size).toBe(7);
		expect(pageCalls()).toEqual([
			'limit=2&page=0',
			'limit=2&page=1',
			'limit=2&page=2',
			'limit=2&page=3',
			'limit=2&page=4',
			'limit=2&page=5',
		]);
	});

	test('a Limit stops as soon as it is reached, without fetching further pages', async () => {
		const result = await runPages({ returnAll: false, limit: 3, options: { pageSize: 2 } });
		// Newest first: r9, r8 on page 0; r7 (untagged), r6 on page 1.
		expect(ids(result.output)).toEqual(taggedNewestFirst().slice(0, 3));
		expect(pageCalls()).toEqual(['limit=2&page=0', 'limit=2&page=1']);
	});

	test('a short page ends the listing', async () => {
		const result = await runPages({ returnAll: true, options: { pageSize: 4 } });
		expect(ids(result.output)).toEqual(taggedNewestFirst());
		expect(pageCalls()).toEqual(['limit=4&page=0', 'limit=4&page=1', 'limit=4&page=2']);
	});

	test('a request arriving between pages shifts them: the node reads the list again and returns each request once', async () => {
		const listing = await fetchAll();
		const arrived = {
			...listing[0],
			request_id: 'arrived-while-paging',
			created: '2025-05-01T10:00:10.000Z',
		};
		const shifted = [arrived, ...listing];
		// Page 0 is answered before the arrival; later pages come from the shifted listing.
		march.emu.fault({ path: '/v1/projects/proj-pages/requests', delayMs: 0 });
		for (let page = 1; page * 2 <= shifted.length; page++) {
			march.emu.fault({
				path: '/v1/projects/proj-pages/requests',
				status: 200,
				body: { page, limit: 2, requests: shifted.slice(page * 2, page * 2 + 2) },
			});
		}
		const result = await runPages({ returnAll: true, options: { pageSize: 2 } });
		expect(ids(result.output)).toEqual(taggedNewestFirst());
		// The first read saw a record twice; the second, on the list as it now is, saw none.
		expect(pageCalls()).toHaveLength(12);
	});

	test('a full page of records already read does not end the listing: the node reads on, then again', async () => {
		const listing = await fetchAll();
		march.emu.fault({
			path: '/v1/projects/proj-pages/requests',
			status: 200,
			body: { page: 0, limit: 2, requests: listing.slice(0, 2) },
			times: 2,
		});
		const result = await runPages({ returnAll: true, options: { pageSize: 2 } });
		expect(result.error).toBeUndefined();
		expect(ids(result.output)).toEqual(taggedNewestFirst());
		const read = [0, 1, 2, 3, 4, 5].map((page) => `limit=2&page=${page}`);
		expect(pageCalls()).toEqual([...read, ...read]);
	});

	/** The whole listing as the emulator renders it, straight from the API. */
	async function fetchAll(): Promise<Array<Record<string, unknown>>> {
		const response = await fetch(
			`${march.emu.baseUrl}/v1/projects/proj-pages/requests?start=2025-05-01&end=2025-05-01&limit=1000`,
			{ headers: { authorization: `Token ${KEYS.pages.key}` } },
		);
		const body = (await response.json()) as { requests: Array<Record<string, unknown>> };
		march.emu.requests.length = 0;
		return body.requests;
	}
});
