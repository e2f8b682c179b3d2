/** Contract tests of injected faults and the per-project concurrency limit. */
import { startEmulator } from '../../emulator';
import { makeWav } from '../../emulator/wav';
import { call, until, UUID_RE } from './helpers';

type Emu = Awaited<ReturnType<typeof startEmulator>>;
const WAV = makeWav({ seconds: 1 });

let emu: Emu;
beforeAll(async () => {
	emu = await startEmulator({
		keys: [
			{ key: 'dg-key-1', id: 'key-id-1', projectId: 'proj-1' },
			{ key: 'dg-key-1b', id: 'key-id-1b', projectId: 'proj-1' },
			{ key: 'dg-key-2', id: 'key-id-2', projectId: 'proj-2' },
		],
		allowedCallbackPorts: null,
	});
});
afterAll(() => emu.stop());
beforeEach(() => {
	emu.reset();
	emu.configure({ latencyMs: 0, concurrencyLimit: undefined, retryAfterSeconds: 1 });
});

const listen = (key = 'dg-key-1', query = '') =>
	call(emu.baseUrl, `/v1/listen${query}`, { method: 'POST', body: WAV, key, headers: { 'content-type': 'audio/wav' } });

describe('faults', () => {
	test('429 with Retry-After, once; then normal answers', async () => {
		emu.fault({ path: '/v1/listen', status: 429, retryAfter: 1, times: 1 });
		const first = await listen();
		expect(first.status).toBe(429);
		expect(first.headers['retry-after']).toBe('1');
		expect(first.body).toEqual({ err_code: 'TOO_MANY_REQUESTS', err_msg: 'Too many requests. Please try again later', request_id: expect.stringMatching(UUID_RE) });
		expect((await listen()).status).toBe(200);
		expect(emu.requests.map((r) => r.status)).toEqual([429, 200]);
		// An injected fault is not a served request.
		expect(emu.served).toHaveLength(1);
	});

	test('500 with a custom body, `times` uses', async () => {
		emu.fault({ path: '/v1/listen', status: 500, times: 2, body: { err_code: 'BOOM', err_msg: 'exploded' } });
		const a = await listen();
		const b = await listen();
		const c = await listen();
		expect([a.status, b.status, c.status]).toEqual([500, 500, 200]);
		expect(a.body).toEqual({ err_code: 'BOOM', err_msg: 'exploded' });
	});

	test('default bodies: 500 and 503', async () => {
		emu.fault({ path: '/v1/listen', status: 500 });
		emu.fault({ path: '/v1/listen', status: 503 });
		const a = await listen();
		expect(a.body).toEqual({ err_code: 'INTERNAL_SERVER_ERROR', err_msg: 'Internal Server Error.', request_id: expect.stringMatching(UUID_RE) });
		const b = await listen();
		expect(b.status).toBe(503);
		expect(b.body).toEqual({ error_code: 'Service Unavailable', err_msg: 'Please try again later', request_id: expect.stringMatching(UUID_RE) });
	});

	test('drop destroys the socket without an answer', async () => {
		emu.fault({ path: '/v1/listen', drop: true });
		await expect(listen()).rejects.toThrow(/socket hang up|ECONNRESET|EPIPE/);
		expect(emu.requests[0].status).toBeUndefined();
		expect((await listen()).status).toBe(200);
	});

	test('delayMs answers normally, later', async () => {
		emu.fault({ path: '/v1/listen', delayMs: 3000 });
		const pending = listen();
		await until(() => emu.requests.length === 1);
		expect(emu.requests[0].status).toBeUndefined(); // still held back
		const r = await pending;
		expect(r.status).toBe(200);
		expect(emu.requests[0].status).toBe(200);
	});

	test('delayMs with a status answers that status', async () => {
		emu.fault({ path: '/v1/listen', delayMs: 20, status: 502 });
		expect((await listen()).status).toBe(502);
	});

	test('faults match path (exact, prefix*, RegExp) and method', async () => {
		emu.fault({ path: '/v1/projects*', status: 500 });
		expect((await listen()).status).toBe(200); // listen is not under /v1/projects
		expect((await call(emu.baseUrl, '/v1/projects/proj-1')).status).toBe(500);
		emu.fault({ path: /\/usage$/, method: 'POST', status: 418 });
		expect((await call(emu.baseUrl, '/v1/projects/proj-1/usage')).status).toBe(200);
		emu.fault({ status: 504 });
		const any = await call(emu.baseUrl, '/v1/auth/token');
		expect(any.status).toBe(504);
		expect(any.body).toEqual({ err_code: 'GATEWAY_TIMEOUT', err_msg: 'Maximum processing time exceeded.', request_id: expect.stringMatching(UUID_RE) });
	});

	test('a fault needs status, drop, delayMs or afterAccept', () => {
		expect(() => emu.fault({ path: '/v1/listen' })).toThrow('a fault needs status, drop, delayMs or afterAccept');
	});

	test('afterAccept: the job is accepted and calls back, the client gets a gateway 502', async () => {
		const receiver = await import('http').then(
			({ createServer }) =>
				new Promise<import('http').Server>((resolve) => {
					const server = createServer((req, res) => {
						req.resume();
						req.on('end', () => res.writeHead(200).end());
					});
					server.listen(0, '127.0.0.1', () => resolve(server));
				}),
		);
		try {
			const port = (receiver.address() as import('net').AddressInfo).port;
			emu.configure({ callbackDelayMs: 0 });
			emu.fault({ path: '/v1/listen', afterAccept: true });
			const first = await listen('dg-key-1', `?callback=${encodeURIComponent(`http://127.0.0.1:${port}/cb`)}`);
			expect(first.status).toBe(502);
			expect(first.body).toBe('<html><body><h1>502 Bad Gateway</h1></body></html>');
			const [delivered] = await emu.waitForCallbacks(1);
			expect(emu.served).toHaveLength(1);
			expect(delivered.requestId).toBe(emu.served[0].request_id);
			expect(emu.requests[0].bodyBytes).toBe(WAV.length);
		} finally {
			receiver.close();
		}
	});

	test('afterAccept with drop: a sync job is served and billed, the connection is cut', async () => {
		emu.fault({ path: '/v1/listen', afterAccept: true, drop: true });
		await expect(listen()).rejects.toThrow();
		expect(emu.served).toHaveLength(1);
		expect(emu.served[0].code).toBe(200);
	});

	test('reset() clears faults', async () => {
		emu.fault({ path: '/v1/listen', status: 500, times: Infinity });
		emu.reset();
		expect((await listen()).status).toBe(200);
	});
});

describe('concurrency limit (per project)', () => {
	test('beyond the limit -> 429 with Retry-After; a slot frees when a request finishes', async () => {
		emu.configure({ concurrencyLimit: 1, latencyMs: 2000, retryAfterSeconds: 7 });
		const first = listen();
		await until(() => emu.requests.length === 1);
		const second = await listen('dg-key-1b'); // same project, other key
		expect(second.status).toBe(429);
		expect(second.headers['retry-after']).toBe('7');
		expect(second.body).toEqual({ err_code: 'TOO_MANY_REQUESTS', err_msg: 'Too many requests. Please try again later', request_id: expect.stringMatching(UUID_RE) });
		const other = await listen('dg-key-2'); // another project has its own limit
		expect(other.status).toBe(200);
		expect((await first).status).toBe(200);
		emu.configure({ latencyMs: 0 });
		expect((await listen()).status).toBe(200);
		expect(emu.served.map((r) => r.code)).toEqual([200, 200, 200]);
	});

	test('an async job holds its slot while processing', async () => {
		emu.configure({ concurrencyLimit: 1, latencyMs: 60_000 });
		const accepted = await listen('dg-key-1', '?callback=http%3A%2F%2F127.0.0.1%3A9%2Fcb');
		expect(accepted.status).toBe(200);
		expect((await listen()).status).toBe(429);
	});

	test('retryAfterSeconds=null sends no Retry-After', async () => {
		emu.configure({ concurrencyLimit: 0, retryAfterSeconds: null });
		const r = await listen();
		expect(r.status).toBe(429);
		expect(r.headers['retry-after']).toBeUndefined();
	});
});
