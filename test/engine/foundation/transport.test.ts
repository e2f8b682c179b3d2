import type { INodeExecutionData } from 'n8n-workflow';

import { runNode } from '../../harness';

const { startEmulator } = require('../../emulator');

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emu: Emulator;

const probe = (json: INodeExecutionData['json'][], continueOnFail = false) =>
	runNode(
		{ type: 'test.deepgramTransportProbe', parameters: {}, continueOnFail },
		json.map((entry) => ({ json: entry })),
		{
			deepgramApi: {
				apiKey: 'dg-key-1',
				baseUrl: 'custom',
				customBaseUrl: `${emu.baseUrl}/`,
				callbackSecret: 'callback-secret-value',
			},
		},
	);

beforeAll(async () => {
	emu = await startEmulator({
		allowedCallbackPorts: null,
		callbackDelayMs: 60_000,
	});
});
afterEach(() => emu.reset());
afterAll(() => emu.stop());

describe('the transport, run in n8n’s engine against the emulator', () => {
	it('sends repeated tag and extra parameters, encoded, with the credential’s Token header', async () => {
		const result = await probe([
			{
				method: 'POST',
				api: 'listen',
				path: '/v1/listen',
				query: [
					['model', 'nova-3'],
					['tag', ['team a', 'kündé✓', 'x&y']],
					['extra', ['job:42', 'note:a:b&c=d']],
					['callback', 'https://hooks.example.com/cb?x=1&y=2'],
				],
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ url: 'https://example.com/missing.wav' }),
			},
		]);
		expect(result.error).toBeUndefined();
		expect(result.output[0].json).toEqual({
			status: 200,
			body: { request_id: expect.any(String) },
		});

		const [request] = emu.requests;
		expect(request.path).toBe('/v1/listen');
		expect(request.rawQuery).toBe(
			'model=nova-3&tag=team%20a&tag=k%C3%BCnd%C3%A9%E2%9C%93&tag=x%26y&extra=job%3A42&extra=note%3Aa%3Ab%26c%3Dd&callback=https%3A%2F%2Fhooks.example.com%2Fcb%3Fx%3D1%26y%3D2',
		);
		expect(request.query).toEqual([
			['model', 'nova-3'],
			['tag', 'team a'],
			['tag', 'kündé✓'],
			['tag', 'x&y'],
			['extra', 'job:42'],
			['extra', 'note:a:b&c=d'],
			['callback', 'https://hooks.example.com/cb?x=1&y=2'],
		]);
		expect(request.headers.authorization).toBe('Token dg-key-1');
	});

	it('retries a 429 after its Retry-After and then succeeds', async () => {
		emu.fault({ path: '/v1/projects', status: 429, retryAfter: 1, times: 1 });
		const result = await probe([{ method: 'GET', api: 'management', path: '/v1/projects' }]);
		expect(result.error).toBeUndefined();
		expect(result.output[0].json).toEqual({
			status: 200,
			body: { projects: [{ project_id: 'proj-1', name: expect.any(String) }] },
		});
		expect(emu.requests.map((request: { status: number }) => request.status)).toEqual([429, 200]);
	});

	it('retries a 500 with backoff and then succeeds', async () => {
		emu.fault({ path: '/v1/projects', status: 500, times: 2 });
		const result = await probe([{ method: 'GET', api: 'management', path: '/v1/projects' }]);
		expect(result.error).toBeUndefined();
		expect(emu.requests.map((request: { status: number }) => request.status)).toEqual([
			500, 500, 200,
		]);
	});

	it('turns a 401 into a NodeApiError with Deepgram’s message, code and request_id, without retrying', async () => {
		const result = await runNode(
			{ type: 'test.deepgramTransportProbe', parameters: {} },
			[{ json: { method: 'GET', api: 'management', path: '/v1/projects' } }],
			{
				deepgramApi: {
					apiKey: 'wrong-key-value',
					baseUrl: 'custom',
					customBaseUrl: emu.baseUrl,
				},
			},
		);
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(
			/^Deepgram 401 \[INVALID_AUTH\]: Invalid credentials\. \(request_id [0-9a-f-]{36}\)$/,
		);
		expect(result.error?.description).toBe(
			'Check the API key in the Deepgram API credential; create a new key in the Deepgram console if it was deleted or expired.',
		);
		expect(emu.requests).toHaveLength(1);
		expect(JSON.stringify(result.run.data)).not.toContain('wrong-key-value');
	});

	it('never retries a 402 and keeps the secret out of the error', async () => {
		emu.fault({
			path: '/v1/listen',
			status: 402,
			times: 1,
			body: {
				err_code: 'ASR_PAYMENT_REQUIRED',
				err_msg: 'No credits for callback-secret-value',
				request_id: 'req-402',
			},
		});
		const result = await probe([
			{
				method: 'POST',
				api: 'listen',
				path: '/v1/listen',
				query: [['extra', 'callback_secret:callback-secret-value']],
				body: 'RIFF',
			},
		]);
		expect(result.error?.message).toBe(
			'Deepgram 402 [ASR_PAYMENT_REQUIRED]: No credits for *** (request_id req-402)',
		);
		expect(emu.requests).toHaveLength(1);
		expect(JSON.stringify(result.run.data.resultData)).not.toContain('callback-secret-value');
	});

	it('retries a GET whose connection was dropped', async () => {
		emu.fault({ path: '/v1/projects', drop: true, times: 1 });
		const result = await probe([{ method: 'GET', api: 'management', path: '/v1/projects' }]);
		expect(result.error).toBeUndefined();
		expect(emu.requests.length).toBe(2);
	});
});
