/** Contract tests of callback mode: immediate reply, delivery, auth headers, retries, error payloads. */
import { startEmulator } from '../../emulator';
import { makeWav } from '../../emulator/wav';
import { call, closedPort, Receiver, sleep, startReceiver, UUID_RE } from './helpers';

type Emu = Awaited<ReturnType<typeof startEmulator>>;
const WAV = makeWav({ seconds: 4 });
const enc = encodeURIComponent;

let emu: Emu;
let rx: Receiver;
beforeAll(async () => {
	emu = await startEmulator({ callbackDelayMs: 5, callbackRetryDelayMs: 10, callbackRetries: 10 });
});
afterAll(() => emu.stop());
beforeEach(async () => {
	emu.reset();
	rx = await startReceiver([200]);
	emu.configure({ allowedCallbackPorts: [80, 443, 8080, 8443, rx.port], callbackRetries: 10, callbackRetriesIncludeFirst: false, callbackSendDgToken: true });
});
afterEach(() => rx.close());

const listen = (query: string, body: Buffer | string = WAV, contentType = 'audio/wav') =>
	call(emu.baseUrl, `/v1/listen?${query}`, { method: 'POST', body, headers: { 'content-type': contentType } });

test('immediate {request_id}, then a POST of the full result with dg-token', async () => {
	const cb = `${rx.url}/hook?a=1&b=two%20words`;
	const r = await listen(`callback=${enc(cb)}&tag=t1&extra=callback_secret:s3cr3t&extra=job:42&punctuate=true`);
	expect(r.status).toBe(200);
	expect(r.body).toStrictEqual({ request_id: expect.stringMatching(UUID_RE) });
	const id = r.body.request_id;
	expect(r.headers['dg-request-id']).toBe(id);

	const [delivery] = await emu.waitForCallbacks(1, 5000);
	expect(rx.received).toHaveLength(1);
	const got = rx.received[0];
	expect(got.method).toBe('POST');
	expect(got.url).toBe('/hook?a=1&b=two%20words');
	expect(got.headers['content-type']).toBe('application/json');
	expect(got.headers['dg-token']).toBe('key-id-1');
	expect(got.headers.authorization).toBeUndefined();
	expect(got.body.metadata).toMatchObject({ request_id: id, duration: 4, extra: { callback_secret: 's3cr3t', job: '42' } });
	expect(got.body.results.channels[0].alternatives[0].transcript).toBe('hello from the deepgram emulator');

	expect(delivery).toEqual({
		requestId: id,
		attempt: 1,
		url: cb,
		method: 'POST',
		headers: { 'content-type': 'application/json', 'content-length': expect.any(String), 'dg-token': 'key-id-1' },
		body: got.body,
		status: 200,
		error: undefined,
		at: expect.any(Date),
	});
	const record = emu.served[0];
	expect(record).toMatchObject({ request_id: id, method: 'async', code: 200, duration: 4, tags: ['t1', 'keytag'], callbackUrl: cb });
	expect(record.callback).toEqual({ attempts: 1, code: 200, completed: expect.any(String) });
	expect(record.result).toEqual(got.body);
});

test.each(['put', 'PUT', 'Put'])('callback_method=%s delivers with PUT', async (m) => {
	await listen(`callback=${enc(`${rx.url}/upload`)}&callback_method=${m}`);
	await emu.waitForCallbacks(1, 5000);
	expect(rx.received[0].method).toBe('PUT');
	expect(emu.callbacks[0].method).toBe('PUT');
});

test('callback_method=post (any case) delivers with POST', async () => {
	await listen(`callback=${enc(`${rx.url}/h`)}&callback_method=Post`);
	await emu.waitForCallbacks(1, 5000);
	expect(rx.received[0].method).toBe('POST');
});

test('URL credentials become Basic Auth and are stripped from the URL', async () => {
	const withCreds = `http://user:p%40ss%3Aword@127.0.0.1:${rx.port}/hook?x=1`;
	await listen(`callback=${enc(withCreds)}`);
	await emu.waitForCallbacks(1, 5000);
	expect(rx.received[0].headers.authorization).toBe(`Basic ${Buffer.from('user:p@ss:word').toString('base64')}`);
	expect(rx.received[0].url).toBe('/hook?x=1');
	expect(emu.callbacks[0].url).toBe(`http://127.0.0.1:${rx.port}/hook?x=1`);
	expect(emu.callbacks[0].headers.authorization).toBe('Basic dXNlcjpwQHNzOndvcmQ=');
	expect(emu.served[0].callbackUrl).toBe(`http://127.0.0.1:${rx.port}/hook?x=1`);
	expect(emu.served[0].config.callback).toBe(`http://127.0.0.1:${rx.port}/hook?x=1`);
});

test('callbackSendDgToken=false leaves dg-token out', async () => {
	emu.configure({ callbackSendDgToken: false });
	await listen(`callback=${enc(`${rx.url}/h`)}`);
	await emu.waitForCallbacks(1, 5000);
	expect(rx.received[0].headers['dg-token']).toBeUndefined();
});

test('non-2xx answers are retried until a 2xx', async () => {
	rx.statuses = [500, 503, 413, 204];
	const r = await listen(`callback=${enc(`${rx.url}/h`)}`);
	await emu.waitForCallbacks(1, 5000);
	expect(emu.callbacks.map((c) => [c.attempt, c.status])).toEqual([[1, 500], [2, 503], [3, 413], [4, 204]]);
	expect(rx.received.map((x) => x.body.metadata.request_id)).toEqual([r.body.request_id, r.body.request_id, r.body.request_id, r.body.request_id]);
	expect(emu.served[0].callback).toEqual({ attempts: 4, code: 204, completed: expect.any(String) });
});

test('after callbackRetries retries it stops (1 + callbackRetries deliveries)', async () => {
	rx.statuses = [500];
	emu.configure({ callbackRetries: 2 });
	await listen(`callback=${enc(`${rx.url}/h`)}`);
	await emu.waitForCallbacks(3, { timeoutMs: 5000, attempts: true });
	await sleep(150); // 15 retry delays: any further attempt would have happened
	expect(emu.callbacks.map((c) => c.status)).toEqual([500, 500, 500]);
	expect(rx.received).toHaveLength(3);
	expect(emu.served[0].callback).toEqual({ attempts: 3, code: 500, completed: expect.any(String) });
	await expect(emu.waitForCallbacks(1, 20)).rejects.toThrow('waitForCallbacks: wanted 1 successful callbacks within 20 ms, got 0 (3 attempts)');
});

test('callbackRetriesIncludeFirst=true: callbackRetries is the number of deliveries', async () => {
	rx.statuses = [502];
	emu.configure({ callbackRetries: 2, callbackRetriesIncludeFirst: true });
	await listen(`callback=${enc(`${rx.url}/h`)}`);
	await emu.waitForCallbacks(2, 5000, { attempts: true });
	await sleep(150);
	expect(emu.callbacks.map((c) => c.status)).toEqual([502, 502]);
});

test('a refused connection is retried and recorded as an error', async () => {
	const port = await closedPort();
	emu.configure({ allowedCallbackPorts: [port], callbackRetries: 1 });
	await listen(`callback=${enc(`http://127.0.0.1:${port}/h`)}`);
	await emu.waitForCallbacks(2, { timeoutMs: 5000, attempts: true });
	await sleep(150);
	expect(emu.callbacks.map((c) => [c.attempt, c.status, c.error])).toEqual([[1, undefined, 'ECONNREFUSED'], [2, undefined, 'ECONNREFUSED']]);
	expect(emu.served[0].callback).toEqual({ attempts: 2, code: undefined, completed: expect.any(String) });
});

test('a receiver that does not answer in callbackTimeoutMs is a failed attempt', async () => {
	const http = await import('http');
	const silent = http.createServer(() => { /* never answers */ });
	await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
	const port = (silent.address() as { port: number }).port;
	emu.configure({ allowedCallbackPorts: [port], callbackRetries: 0, callbackTimeoutMs: 100 });
	try {
		await listen(`callback=${enc(`http://127.0.0.1:${port}/slow`)}`);
		await emu.waitForCallbacks(1, { timeoutMs: 5000, attempts: true });
		expect(emu.callbacks.map((c) => [c.attempt, c.status, c.error])).toEqual([[1, undefined, 'timeout after 100 ms']]);
	} finally {
		emu.configure({ callbackTimeoutMs: 10000 });
		silent.closeAllConnections();
		await new Promise<void>((resolve) => silent.close(() => resolve()));
	}
});

test('a receiver that comes back is reached by a later retry', async () => {
	const port = await closedPort();
	emu.configure({ allowedCallbackPorts: [port], callbackRetryDelayMs: 30 });
	await listen(`callback=${enc(`http://127.0.0.1:${port}/h`)}`);
	await emu.waitForCallbacks(1, { timeoutMs: 5000, attempts: true });
	const http = await import('http');
	const got: string[] = [];
	const server = http.createServer((req, res) => {
		got.push(req.method ?? '');
		res.end();
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
	try {
		const ok = await emu.waitForCallbacks(1, 5000);
		expect(ok[0].status).toBe(200);
		expect(ok[0].attempt).toBeGreaterThan(1);
		expect(got).toEqual(['POST']);
	} finally {
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}
});

test('a processing failure is delivered as {err_code, err_msg, request_id}', async () => {
	const r = await listen(`callback=${enc(`${rx.url}/h`)}&tag=t`, JSON.stringify({ url: 'https://example.com/unknown.mp3' }), 'application/json');
	expect(r.status).toBe(200);
	expect(r.body).toEqual({ request_id: expect.stringMatching(UUID_RE) });
	await emu.waitForCallbacks(1, 5000);
	expect(rx.received[0].body).toStrictEqual({
		err_code: 'REMOTE_CONTENT_ERROR',
		err_msg: 'The remote server hosting the media returned a client error: 404 Not Found.',
		request_id: r.body.request_id,
	});
	expect(emu.served[0]).toMatchObject({ code: 400, method: 'async', duration: 0, usd: 0, tags: ['t', 'keytag'] });
});

test('validation errors in callback mode are answered at once (no callback)', async () => {
	const r = await listen(`callback=${enc(`http://127.0.0.1:5678/h`)}`);
	expect(r.status).toBe(400);
	expect(emu.served[0]).toMatchObject({ code: 400, method: 'async' });
	await sleep(50);
	expect(emu.callbacks).toHaveLength(0);
});

test('waitForCallbacks resolves with the deliveries so far once n are reached', async () => {
	await listen(`callback=${enc(`${rx.url}/1`)}`);
	await listen(`callback=${enc(`${rx.url}/2`)}`);
	const list = await emu.waitForCallbacks(2, 5000);
	expect(list.map((c) => new URL(c.url).pathname).sort()).toEqual(['/1', '/2']);
});

test('stop() cancels pending callback timers', async () => {
	const other = await startEmulator({ callbackDelayMs: 60_000, allowedCallbackPorts: null });
	const r = await call(other.baseUrl, `/v1/listen?callback=${enc(`${rx.url}/late`)}`, { body: WAV, headers: { 'content-type': 'audio/wav' } });
	expect(r.status).toBe(200);
	await other.stop();
	expect(other.callbacks).toHaveLength(0);
	expect(rx.received).toHaveLength(0);
});
