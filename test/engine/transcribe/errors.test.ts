/**
 * Deepgram's error answers (the emulator's fault switches) and Continue On Fail: errors carry
 * Deepgram's message, code and request_id; 429 and 5xx are retried until they succeed.
 */
import { createHash } from 'crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { memoryAudioItem, startEmulator, storedBinary, transcribe, type Emulator } from './helpers';

const { makeWav } = require('../../emulator/wav') as typeof import('../../emulator/wav');

const WAV = makeWav({ seconds: 1 });
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

let emu: Emulator;
let dir: string;
beforeAll(async () => {
	emu = await startEmulator();
	dir = mkdtempSync(join(tmpdir(), 'dg-transcribe-errors-'));
});
afterEach(() => emu.reset());
afterAll(async () => {
	await emu.stop();
	rmSync(dir, { recursive: true, force: true });
});

const statuses = () => emu.requests.map((request) => request.status);

describe('Deepgram error answers stop the node with Deepgram’s message', () => {
	it.each([
		[
			401,
			'INVALID_AUTH',
			'Invalid credentials.',
			'Check the API key in the Deepgram API credential; create a new key in the Deepgram console if it was deleted or expired.',
		],
		[
			402,
			'ASR_PAYMENT_REQUIRED',
			'Project does not have enough credits for an ASR request and does not have an overage agreement.',
			'The Deepgram project has run out of credits: add credits or a payment method in the Deepgram console. Not retried.',
		],
		[
			413,
			'PAYLOAD_TOO_LARGE',
			'Payload size exceeds limit of 2 GB.',
			'The audio is larger than Deepgram accepts (2 GB for pre-recorded audio): split it or send a URL.',
		],
	])('%i %s, not retried', async (status, code, message, description) => {
		emu.fault({ path: '/v1/listen', status });
		const result = await transcribe(emu, {}, [memoryAudioItem(WAV)]);
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(
			new RegExp(
				`^Deepgram ${status} \\[${code}\\]: ${message.replace(/\./g, '\\.')} \\(request_id ${UUID}\\) \\[item 0\\]$`,
			),
		);
		expect(result.error?.description).toBe(description);
		expect(statuses()).toEqual([status]);
	});

	it('names the failing item among several, and starts no item after it', async () => {
		emu.configure({ urlAudio: { 'https://media.example.com/ok.wav': WAV } });
		const urls = ['ok', 'missing', 'ok', 'ok'].map(
			(name) => `https://media.example.com/${name}.wav`,
		);
		const result = await transcribe(
			emu,
			{ audioSource: 'url', audioUrl: '={{ $json.url }}', requestOptions: { maxConcurrent: 1 } },
			urls.map((url) => ({ json: { url } })),
		);
		expect(result.error?.message).toMatch(
			new RegExp(
				`^Deepgram 400 \\[REMOTE_CONTENT_ERROR\\]: The remote server hosting the media returned a client error: 404 Not Found\\. \\(request_id ${UUID}\\) \\[item 1\\]$`,
			),
		);
		expect((result.error?.context as { itemIndex?: number }).itemIndex).toBe(1);
		expect(statuses()).toEqual([200, 400]);
	});

	it('a wrong API key gets the emulator’s own 401, with no key in the error', async () => {
		const result = await transcribe(emu, {}, [memoryAudioItem(WAV)], {
			credential: { apiKey: 'not-a-valid-key' },
		});
		expect(result.error?.message).toMatch(
			new RegExp(
				`^Deepgram 401 \\[INVALID_AUTH\\]: Invalid credentials\\. \\(request_id ${UUID}\\) \\[item 0\\]$`,
			),
		);
		expect(JSON.stringify(result.run)).not.toContain('not-a-valid-key');
	});

	it('a 429 is retried after Retry-After, then succeeds', async () => {
		emu.fault({ path: '/v1/listen', status: 429, retryAfter: 0 });
		const result = await transcribe(emu, {}, [memoryAudioItem(WAV)]);
		expect(result.error).toBeUndefined();
		expect(statuses()).toEqual([429, 200]);
		expect(result.output[0].json.transcript).toBe('hello from the deepgram emulator');
	});

	it('a 500 is retried with backoff, then succeeds; a streamed upload is sent again in full', async () => {
		const file = join(dir, 'retry.wav');
		writeFileSync(file, WAV);
		emu.fault({ path: '/v1/listen', status: 500 });
		const result = await transcribe(emu, {}, [
			{ json: {}, binary: { data: await storedBinary(file) } },
		]);
		expect(result.error).toBeUndefined();
		expect(statuses()).toEqual([500, 200]);
		const sha256 = createHash('sha256').update(WAV).digest('hex');
		expect(emu.requests.map((request) => [request.bodyBytes, request.bodySha256])).toEqual([
			[WAV.length, sha256],
			[WAV.length, sha256],
		]);
		expect(result.output[0].json.transcript).toBe('hello from the deepgram emulator');
	});
});

describe('Continue On Fail', () => {
	it('turns each failed item into an error item, in order, while the others succeed', async () => {
		// Items 2 and 8 point at audio Deepgram cannot download (400); item 5 has a tag too long.
		const audio = Object.fromEntries(
			[0, 1, 3, 4, 5, 6, 7, 9].map((index) => [
				`https://media.example.com/${index}.wav`,
				makeWav({ seconds: index + 1 }),
			]),
		);
		emu.configure({ urlAudio: audio });
		const input = Array.from({ length: 10 }, (_, index) => ({
			json: {
				url: `https://media.example.com/${index}.wav`,
				tag: index === 5 ? 't'.repeat(129) : `item-${index}`,
			},
		}));
		const result = await transcribe(
			emu,
			{ audioSource: 'url', audioUrl: '={{ $json.url }}', tags: ['={{ $json.tag }}'] },
			input,
			{ continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(10);
		expect(result.output.map((item) => item.pairedItem)).toEqual(
			input.map((_, item) => ({ item })),
		);

		const byTag = new Map(emu.served.map((record) => [record.tags[0], record]));
		const remote404 = (index: number) => {
			const record = byTag.get(`item-${index}`);
			return {
				error: `Deepgram 400 [REMOTE_CONTENT_ERROR]: The remote server hosting the media returned a client error: 404 Not Found. (request_id ${record?.request_id})`,
				description:
					'Deepgram refused the request parameters or the audio: check the field named in the message, and that the audio is a supported format.',
				status: 400,
				code: 'REMOTE_CONTENT_ERROR',
				request_id: record?.request_id,
			};
		};
		expect(result.output.map((item) => item.json)).toEqual(
			input.map((_, index) => {
				if (index === 2 || index === 8) return remote404(index);
				if (index === 5) {
					return {
						error: 'Tags: tag 1 is 129 characters long; Deepgram allows at most 128: shorten it',
						description: 'Check the "Tags" field.',
					};
				}
				return {
					request_id: byTag.get(`item-${index}`)?.request_id,
					created: byTag.get(`item-${index}`)?.created,
					duration: index + 1,
					channels: 1,
					transcript: 'hello from the deepgram emulator',
					confidence: expect.any(Number),
				};
			}),
		);
		// The invalid item was never sent.
		expect(emu.requests).toHaveLength(9);
	});

	it('keeps Deepgram’s request_id for an answer that failed after the upload', async () => {
		emu.fault({
			path: '/v1/listen',
			status: 402,
			body: {
				err_code: 'ASR_PAYMENT_REQUIRED',
				err_msg: 'No credits left.',
				request_id: 'req-402',
			},
		});
		const result = await transcribe(emu, {}, [memoryAudioItem(WAV)], { continueOnFail: true });
		expect(result.output).toEqual([
			{
				json: {
					error: 'Deepgram 402 [ASR_PAYMENT_REQUIRED]: No credits left. (request_id req-402)',
					description:
						'The Deepgram project has run out of credits: add credits or a payment method in the Deepgram console. Not retried.',
					status: 402,
					code: 'ASR_PAYMENT_REQUIRED',
					request_id: 'req-402',
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});
