/** Contract tests of the management API: projects, keys, auth/token, request records. */
import { startEmulator } from '../../emulator';
import { makeWav } from '../../emulator/wav';
import { call, startReceiver, UUID_RE } from './helpers';

type Emu = Awaited<ReturnType<typeof startEmulator>>;
const WAV = makeWav({ seconds: 9 });
const START = new Date('2025-04-01T10:00:00.000Z');
let clock = START;

let emu: Emu;
beforeAll(async () => {
	emu = await startEmulator({
		now: () => clock,
		keys: [
			{ key: 'dg-key-1', id: 'key-id-1', projectId: 'proj-1', tags: ['keytag'], scopes: ['member', 'usage:read', 'billing:read'], email: 'dev@example.com' },
			{ key: 'dg-key-2', id: 'key-id-2', projectId: 'proj-2', scopes: ['member'], email: 'other@example.com' },
			{ key: 'dg-key-3', id: 'key-id-3', projectId: 'proj-1', scopes: ['member', 'usage:read'], email: 'ops@example.com', comment: 'ops key', created: '2024-12-31T00:00:00.000Z' },
		],
		projects: [
			{ project_id: 'proj-1', name: 'Main' },
			{ project_id: 'proj-2', name: 'Second' },
			{ project_id: 'proj-3', name: 'Orphan' },
		],
		allowedCallbackPorts: null,
		callbackDelayMs: 0,
	});
});
afterAll(() => emu.stop());
beforeEach(() => {
	emu.reset();
	clock = START;
	emu.configure({ recordShape: 'sdk', latencyMs: 0, managementLatencyMs: 0 });
});

const get = (path: string, key: string | false = 'dg-key-1') => call(emu.baseUrl, path, { key });
const listen = (query: string, key = 'dg-key-1', body: Buffer = WAV) =>
	call(emu.baseUrl, `/v1/listen?${query}`, { method: 'POST', body, key, headers: { 'content-type': 'audio/wav' } });

describe('projects, keys, token', () => {
	test('GET /v1/projects lists the projects of the key', async () => {
		expect((await get('/v1/projects')).body).toEqual({ projects: [{ project_id: 'proj-1', name: 'Main' }] });
		expect((await get('/v1/projects', 'dg-key-2')).body).toEqual({ projects: [{ project_id: 'proj-2', name: 'Second' }] });
	});

	test('GET /v1/projects/{id}', async () => {
		const r = await get('/v1/projects/proj-1');
		expect(r.status).toBe(200);
		expect(r.body).toStrictEqual({ project_id: 'proj-1', name: 'Main', mip_opt_out: false });
	});

	test('unknown project -> 404 PROJECT_NOT_FOUND without request_id', async () => {
		const r = await get('/v1/projects/does-not-exist/usage');
		expect(r.status).toBe(404);
		expect(r.body).toStrictEqual({ err_code: 'PROJECT_NOT_FOUND', err_msg: 'Project not found.' });
	});

	test('a project of another key -> 403', async () => {
		const r = await get('/v1/projects/proj-3');
		expect(r.status).toBe(403);
		expect(r.body).toEqual({
			category: 'INSUFFICIENT_PERMISSIONS',
			message: 'User does not have sufficient permissions.',
			details: 'API key key-id-1 does not belong to project proj-3.',
			request_id: expect.stringMatching(UUID_RE),
		});
	});

	test('a malformed project id -> 404 plain text UUID parsing failed', async () => {
		const r = await get('/v1/projects/proj_1/requests');
		expect(r.status).toBe(404);
		expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
		expect(r.text).toBe('UUID parsing failed: invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `_` at 5');
	});

	test('no or unknown key -> 401 on management paths too', async () => {
		for (const key of [false as const, 'wrong']) {
			const r = await get('/v1/projects', key);
			expect(r.status).toBe(401);
			expect(r.body).toEqual({ err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.', request_id: expect.stringMatching(UUID_RE) });
		}
	});

	test('GET …/keys', async () => {
		const r = await get('/v1/projects/proj-1/keys');
		expect(r.body).toEqual({
			api_keys: [
				{
					member: { member_id: expect.stringMatching(UUID_RE), email: 'dev@example.com', first_name: 'dev', last_name: '' },
					api_key: { api_key_id: 'key-id-1', comment: 'Emulator key key-id-1', scopes: ['member', 'usage:read', 'billing:read'], tags: ['keytag'], created: '2025-04-01T10:00:00.000Z' },
				},
				{
					member: { member_id: expect.stringMatching(UUID_RE), email: 'ops@example.com', first_name: 'ops', last_name: '' },
					api_key: { api_key_id: 'key-id-3', comment: 'ops key', scopes: ['member', 'usage:read'], tags: [], created: '2024-12-31T00:00:00.000Z' },
				},
			],
		});
	});

	test('GET /v1/auth/token describes the calling key', async () => {
		expect((await get('/v1/auth/token', 'dg-key-3')).body).toStrictEqual({ api_key_id: 'key-id-3', scopes: ['member', 'usage:read'], created: '2024-12-31T00:00:00.000Z' });
	});

	test('write methods on management paths -> 405; unknown paths -> 404', async () => {
		const post = await call(emu.baseUrl, '/v1/projects', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
		expect(post.status).toBe(405);
		expect(emu.requests[0].json).toEqual({});
		const missing = await get('/v1/nothing');
		expect(missing.status).toBe(404);
		expect(missing.body).toEqual({ err_code: 'NOT_FOUND', err_msg: 'Not found.', request_id: expect.stringMatching(UUID_RE) });
	});
});

describe('request records', () => {
	/** Five requests a minute apart: 3 sync ok (one with key 3), 1 failed, 1 async. */
	async function seed() {
		const rx = await startReceiver([200]);
		const ids: string[] = [];
		const at = (i: number) => { clock = new Date(START.getTime() + i * 60_000); };
		at(0); ids.push((await listen('tag=a&model=nova-3')).body.metadata.request_id);
		at(1); ids.push((await listen('tag=b')).body.metadata.request_id);
		at(2); ids.push((await listen(`tag=${'x'.repeat(200)}`)).body.request_id);
		at(3); ids.push((await listen(`callback=${encodeURIComponent(`${rx.url}/cb`)}&tag=c`)).body.request_id);
		await emu.waitForCallbacks(1, 5000);
		at(4); ids.push((await listen('punctuate=true', 'dg-key-3')).body.metadata.request_id);
		await rx.close();
		return { ids, rx };
	}

	test('newest first, 0-based pages, limit', async () => {
		const { ids } = await seed();
		const p0 = await get('/v1/projects/proj-1/requests?limit=2');
		expect(p0.body.page).toBe(0);
		expect(p0.body.limit).toBe(2);
		expect(p0.body.requests.map((r: { request_id: string }) => r.request_id)).toEqual([ids[4], ids[3]]);
		const p1 = await get('/v1/projects/proj-1/requests?limit=2&page=1');
		expect(p1.body.requests.map((r: { request_id: string }) => r.request_id)).toEqual([ids[2], ids[1]]);
		const p2 = await get('/v1/projects/proj-1/requests?limit=2&page=2');
		expect(p2.body).toEqual({ page: 2, limit: 2, requests: [expect.objectContaining({ request_id: ids[0] })] });
		const p3 = await get('/v1/projects/proj-1/requests?limit=2&page=3');
		expect(p3.body).toEqual({ page: 3, limit: 2, requests: [] });
		const dflt = await get('/v1/projects/proj-1/requests');
		expect(dflt.body.limit).toBe(10);
		expect(dflt.body.requests).toHaveLength(5);
	});

	test('filters: status, method, request_id, accessor, endpoint, deployment, start/end', async () => {
		const { ids } = await seed();
		const idsOf = async (q: string) => (await get(`/v1/projects/proj-1/requests?${q}`)).body.requests.map((r: { request_id: string }) => r.request_id);
		expect(await idsOf('status=failed')).toEqual([ids[2]]);
		expect(await idsOf('status=succeeded')).toEqual([ids[4], ids[3], ids[1], ids[0]]);
		expect(await idsOf('method=async')).toEqual([ids[3]]);
		expect(await idsOf('method=sync')).toEqual([ids[4], ids[2], ids[1], ids[0]]);
		expect(await idsOf('method=streaming')).toEqual([]);
		expect(await idsOf(`request_id=${ids[1]}`)).toEqual([ids[1]]);
		expect(await idsOf('accessor=key-id-3')).toEqual([ids[4]]);
		expect(await idsOf('endpoint=listen&deployment=hosted&limit=1')).toEqual([ids[4]]);
		expect(await idsOf('endpoint=speak')).toEqual([]);
		expect(await idsOf('start=2025-04-01T10:01:00Z&end=2025-04-01T10:03:00Z')).toEqual([ids[3], ids[2], ids[1]]);
		expect(await idsOf('start=2025-04-01&end=2025-04-01')).toHaveLength(5);
		expect(await idsOf('start=2025-04-02')).toEqual([]);
		expect(await idsOf('end=2025-03-31')).toEqual([]);
	});

	test('invalid paging parameters -> 400', async () => {
		for (const q of ['limit=0', 'limit=1001', 'limit=ten', 'page=-1', 'status=ok', 'start=yesterday']) {
			const r = await get(`/v1/projects/proj-1/requests?${q}`);
			expect(r.status).toBe(400);
			expect(r.body.err_code).toBe('INVALID_QUERY_PARAMETER');
		}
		expect((await get('/v1/projects/proj-1/requests?limit=1000')).status).toBe(200);
	});

	test('sdk shape (default): list entry and GET by id (bare record)', async () => {
		const { ids } = await seed();
		const expected = {
			request_id: ids[0],
			project_uuid: 'proj-1',
			created: '2025-04-01T10:00:00.000Z',
			path: '/v1/listen?tag=a&model=nova-3',
			api_key_id: 'key-id-1',
			response: {
				code: 200,
				completed: '2025-04-01T10:00:00.000Z',
				details: {
					usd: expect.closeTo((9 / 3600) * 0.258, 12),
					duration: 9,
					total_audio: 9,
					channels: 1,
					streams: 1,
					models: ['3b3aabe4-608a-46ac-9585-7960a25daf1a'],
					method: 'sync',
					tags: ['a', 'keytag'],
					features: [],
					config: { tag: ['a'], model: 'nova-3' },
				},
			},
			callback: null,
		};
		const list = await get('/v1/projects/proj-1/requests?limit=1&page=4');
		expect(list.body.requests).toEqual([expected]);
		const one = await get(`/v1/projects/proj-1/requests/${ids[0]}`);
		expect(one.body).toEqual(expected);

		const asyncRec = (await get(`/v1/projects/proj-1/requests/${ids[3]}`)).body;
		expect(asyncRec.callback).toEqual({ attempts: 1, code: 200, completed: '2025-04-01T10:03:00.000Z' });
		expect(asyncRec.response.details.method).toBe('async');
		expect(asyncRec.response.details.config.callback).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cb$/);

		const failed = (await get(`/v1/projects/proj-1/requests/${ids[2]}`)).body;
		expect(failed.response).toEqual({ code: 400, completed: '2025-04-01T10:02:00.000Z', message: expect.stringContaining('Tag exceeds the maximum length of 128 characters') });
	});

	test('spec shape: top-level code, deployment, callback URL; GET by id wraps in {request}', async () => {
		const { ids } = await seed();
		emu.configure({ recordShape: 'spec' });
		const list = (await get('/v1/projects/proj-1/requests?method=async')).body.requests;
		expect(list).toEqual([
			{
				request_id: ids[3],
				project_uuid: 'proj-1',
				created: '2025-04-01T10:03:00.000Z',
				path: expect.stringMatching(/^\/v1\/listen\?callback=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fcb&tag=c$/),
				api_key_id: 'key-id-1',
				response: expect.objectContaining({ code: 200 }),
				code: 200,
				deployment: 'hosted',
				callback: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/cb$/),
			},
		]);
		const one = await get(`/v1/projects/proj-1/requests/${ids[1]}`);
		expect(Object.keys(one.body)).toEqual(['request']);
		expect(one.body.request).toMatchObject({ request_id: ids[1], code: 200, deployment: 'hosted' });
		expect(one.body.request).not.toHaveProperty('callback');
	});

	test('an async job still processing has an empty response', async () => {
		emu.configure({ latencyMs: 60_000 });
		const r = await listen('callback=http%3A%2F%2F127.0.0.1%3A9%2Fcb');
		const rec = (await get(`/v1/projects/proj-1/requests/${r.body.request_id}`)).body;
		expect(rec.response).toEqual({});
		expect(rec.callback).toBeNull();
		expect((await get('/v1/projects/proj-1/requests?status=succeeded')).body.requests).toEqual([]);
	});

	test('managementLatencyMs delays every management answer; each call is logged with the calls in flight', async () => {
		const timed = async () => {
			const t0 = Date.now();
			expect((await get('/v1/projects')).status).toBe(200);
			expect((await get('/v1/projects/proj-1/usage/breakdown?grouping=tags')).status).toBe(200);
			return Date.now() - t0;
		};
		expect(await timed()).toBeLessThan(150);
		emu.configure({ managementLatencyMs: 200 });
		expect(await timed()).toBeGreaterThanOrEqual(400);
		emu.requests.length = 0;
		await Promise.all([get('/v1/projects'), get('/v1/projects'), get('/v1/projects/proj-1')]);
		expect(emu.requests.map((r) => r.managementInFlight)).toEqual([1, 2, 3]);
		await get('/v1/projects');
		expect(emu.requests[3].managementInFlight).toBe(1);
		emu.requests.length = 0;
		await timed();
		expect(emu.requests.map((r) => r.path)).toEqual([
			'/v1/projects',
			'/v1/projects/proj-1/usage/breakdown',
		]);
	});

	test('unknown request id -> 404', async () => {
		const r = await get('/v1/projects/proj-1/requests/00000000-0000-4000-8000-000000000000');
		expect(r.status).toBe(404);
		expect(r.body).toEqual({ err_code: 'NOT_FOUND', err_msg: 'Request not found.', request_id: expect.stringMatching(UUID_RE) });
	});

	test('requests need usage:read -> 403 naming the scope', async () => {
		const r = await get('/v1/projects/proj-2/requests', 'dg-key-2');
		expect(r.status).toBe(403);
		expect(r.body).toEqual({
			category: 'INSUFFICIENT_PERMISSIONS',
			message: 'Your account does not have the required scope to perform that action for this project.',
			details: 'Missing scope: usage:read',
			request_id: expect.stringMatching(UUID_RE),
		});
		// Project details need no scope.
		expect((await get('/v1/projects/proj-2', 'dg-key-2')).status).toBe(200);
	});

	test('records of another project are not listed', async () => {
		await listen('tag=other', 'dg-key-2');
		expect((await get('/v1/projects/proj-1/requests')).body.requests).toEqual([]);
		expect(emu.served[0].project_uuid).toBe('proj-2');
	});
});
