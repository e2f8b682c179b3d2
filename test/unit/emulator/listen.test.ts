/** Contract tests of the emulator's POST /v1/listen (synchronous mode). */
import { createHash } from 'crypto';
import * as http from 'http';
import { startEmulator } from '../../emulator';
import { makeWav, makeWavStream } from '../../emulator/wav';
import { call, UUID_RE } from './helpers';

type Emu = Awaited<ReturnType<typeof startEmulator>>;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const WAV2 = makeWav({ seconds: 2 });
const WAV10 = makeWav({ seconds: 10, sampleRate: 8000 });
const wavHeaders = { 'content-type': 'audio/wav' };
const CLOCK = new Date('2025-05-06T07:08:09.000Z');

let emu: Emu;
beforeAll(async () => {
	emu = await startEmulator({
		now: () => CLOCK,
		transcripts: { [sha(WAV10)]: 'Yep. I said it. Right?' },
		urlAudio: { 'https://example.com/a.wav': WAV2 },
	});
});
afterAll(() => emu.stop());
beforeEach(() => emu.reset());

const listen = (query: string, body: Buffer | string = WAV2, headers: Record<string, string> = wavHeaders, key?: string | false) =>
	call(emu.baseUrl, `/v1/listen${query ? `?${query}` : ''}`, { method: 'POST', body, headers, key });

describe('authentication', () => {
	test.each([
		['no Authorization header', false as const],
		['an unknown key', 'nope'],
	])('%s -> 401 INVALID_AUTH', async (_name, key) => {
		const r = await listen('', WAV2, wavHeaders, key);
		expect(r.status).toBe(401);
		expect(r.body).toEqual({ err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.', request_id: expect.stringMatching(UUID_RE) });
		expect(emu.served).toHaveLength(0);
	});

	test('a Bearer header is not a key -> 401', async () => {
		const r = await call(emu.baseUrl, '/v1/listen', { body: WAV2, headers: { ...wavHeaders, authorization: 'Bearer dg-key-1' } });
		expect(r.status).toBe(401);
		expect(r.body.err_code).toBe('INVALID_AUTH');
	});

	test('the Token scheme is case-insensitive', async () => {
		const r = await call(emu.baseUrl, '/v1/listen', { body: WAV2, headers: { ...wavHeaders, authorization: 'token dg-key-1' } });
		expect(r.status).toBe(200);
	});
});

describe('synchronous transcript', () => {
	test('plain request: the exact Deepgram shape', async () => {
		const r = await listen('');
		expect(r.status).toBe(200);
		expect(r.headers['content-type']).toBe('application/json');
		const id = r.body.metadata.request_id;
		expect(id).toMatch(UUID_RE);
		expect(r.headers['dg-request-id']).toBe(id);
		const modelId = r.body.metadata.models[0];
		expect(r.body).toStrictEqual({
			metadata: {
				transaction_key: 'deprecated',
				request_id: id,
				sha256: sha(WAV2),
				created: '2025-05-06T07:08:09.000Z',
				duration: 2,
				channels: 1,
				models: [modelId],
				model_info: { [modelId]: { name: 'general-base', version: '2021-03-17.0', arch: 'base' } },
			},
			results: {
				channels: [
					{
						alternatives: [
							{
								transcript: 'hello from the deepgram emulator',
								confidence: expect.any(Number),
								words: [
									{ word: 'hello', start: 0, end: 0.4, confidence: expect.any(Number) },
									{ word: 'from', start: 0.4, end: 0.8, confidence: expect.any(Number) },
									{ word: 'the', start: 0.8, end: 1.2, confidence: expect.any(Number) },
									{ word: 'deepgram', start: 1.2, end: 1.6, confidence: expect.any(Number) },
									{ word: 'emulator', start: 1.6, end: 2, confidence: expect.any(Number) },
								],
							},
						],
					},
				],
			},
		});
		for (const w of r.body.results.channels[0].alternatives[0].words) {
			expect(w.confidence).toBeGreaterThanOrEqual(0.9);
			expect(w.confidence).toBeLessThan(1);
		}
	});

	test('the same audio and options give the same body except request_id', async () => {
		const a = await listen('punctuate=true&diarize=true&utterances=true');
		const b = await listen('punctuate=true&diarize=true&utterances=true');
		expect(a.body.metadata.request_id).not.toBe(b.body.metadata.request_id);
		const strip = (x: { metadata: Record<string, unknown> }) => ({ ...x, metadata: { ...x.metadata, request_id: 'x' } });
		expect(strip(a.body)).toEqual(strip(b.body));
	});

	test('nova-3 reports its real model uuid', async () => {
		const r = await listen('model=nova-3');
		expect(r.body.metadata.models).toEqual(['3b3aabe4-608a-46ac-9585-7960a25daf1a']);
		expect(r.body.metadata.model_info).toEqual({
			'3b3aabe4-608a-46ac-9585-7960a25daf1a': { name: 'general-nova-3', version: '2024-12-20.0', arch: 'nova-3' },
		});
		const med = await listen('model=nova-3-medical');
		expect(Object.values(med.body.metadata.model_info)).toEqual([{ name: 'medical-nova-3', version: '2024-12-20.0', arch: 'nova-3' }]);
	});

	test('per-audio transcript, punctuation, diarization, utterances and paragraphs', async () => {
		const r = await listen('punctuate=true&diarize=true&utterances=true&paragraphs=true', WAV10);
		expect(r.body.metadata.duration).toBe(10);
		const alt = r.body.results.channels[0].alternatives[0];
		expect(alt.transcript).toBe('Yep. I said it. Right?');
		expect(alt.words.map((w: { punctuated_word: string; speaker: number; start: number; end: number }) => [w.punctuated_word, w.speaker, w.start, w.end])).toEqual([
			['Yep.', 0, 0, 2],
			['I', 1, 2, 4],
			['said', 1, 4, 6],
			['it.', 1, 6, 8],
			['Right?', 0, 8, 10],
		]);
		expect(alt.words[0]).toEqual({ word: 'yep', start: 0, end: 2, confidence: expect.any(Number), punctuated_word: 'Yep.', speaker: 0, speaker_confidence: expect.any(Number) });
		expect(alt.paragraphs.transcript).toBe('\nSpeaker 0: Yep.\n\nSpeaker 1: I said it.\n\nSpeaker 0: Right?');
		expect(alt.paragraphs.paragraphs).toEqual([
			{ sentences: [{ text: 'Yep.', start: 0, end: 2 }], speaker: 0, num_words: 1, start: 0, end: 2 },
			{ sentences: [{ text: 'I said it.', start: 2, end: 8 }], speaker: 1, num_words: 3, start: 2, end: 8 },
			{ sentences: [{ text: 'Right?', start: 8, end: 10 }], speaker: 0, num_words: 1, start: 8, end: 10 },
		]);
		const utts = r.body.results.utterances;
		expect(utts.map((u: { transcript: string; speaker: number; start: number; end: number; channel: number }) => [u.transcript, u.speaker, u.start, u.end, u.channel])).toEqual([
			['Yep.', 0, 0, 2, 0],
			['I said it.', 1, 2, 8, 0],
			['Right?', 0, 8, 10, 0],
		]);
		expect(utts[1].words).toHaveLength(3);
		expect(utts[0].id).toMatch(UUID_RE);
	});

	test('without punctuate: bare lower-case words, no punctuated_word, no speaker', async () => {
		const r = await listen('', WAV10);
		const alt = r.body.results.channels[0].alternatives[0];
		expect(alt.transcript).toBe('yep i said it right');
		expect(alt.words[0]).not.toHaveProperty('punctuated_word');
		expect(alt.words[0]).not.toHaveProperty('speaker');
		expect(r.body.results).not.toHaveProperty('utterances');
		expect(alt).not.toHaveProperty('paragraphs');
	});

	test('smart_format also adds punctuated_word', async () => {
		const r = await listen('smart_format=true', WAV10);
		expect(r.body.results.channels[0].alternatives[0].words[4].punctuated_word).toBe('Right?');
	});

	test('summarize=v2 adds results.summary and metadata.summary_info', async () => {
		const r = await listen('summarize=v2', WAV10);
		expect(r.body.results.summary).toEqual({ result: 'success', short: 'Yep.' });
		expect(r.body.metadata.summary_info).toEqual({ model_uuid: '67875a7f-c9c4-48a0-aa55-5bdb8a91c34a', input_tokens: 5, output_tokens: 1 });
	});

	test('detect_language adds detected_language and language_confidence', async () => {
		const r = await listen('detect_language=true&language=de');
		const ch = r.body.results.channels[0];
		expect(ch.detected_language).toBe('de');
		expect(ch.language_confidence).toBeGreaterThanOrEqual(0.9);
		const listed = await listen('detect_language=es&detect_language=fr');
		expect(listed.body.results.channels[0].detected_language).toBe('es');
		const off = await listen('detect_language=false');
		expect(off.body.results.channels[0]).not.toHaveProperty('detected_language');
	});

	test('multichannel: one result channel per audio channel', async () => {
		const stereo = makeWav({ seconds: 3, channels: 2 });
		const r = await listen('multichannel=true', stereo);
		expect(r.body.metadata.channels).toBe(2);
		expect(r.body.metadata.duration).toBe(3);
		expect(r.body.results.channels).toHaveLength(2);
		expect(emu.served[0].channels).toBe(2);
		expect(emu.served[0].usd).toBeCloseTo((6 / 3600) * 0.258, 12);
		const mono = await listen('', stereo);
		expect(mono.body.metadata.channels).toBe(1);
	});

	test('extra: repeated, split at the first colon, duplicate key last wins; no metadata.tags', async () => {
		const r = await listen('extra=team:marketing&extra=job:42&extra=team:gtm&extra=url:http%3A%2F%2Fx%3A8080%2Fy%3Fa%3D1%26b%3D2&tag=t1');
		expect(r.body.metadata.extra).toEqual({ team: 'gtm', job: '42', url: 'http://x:8080/y?a=1&b=2' });
		expect(r.body.metadata).not.toHaveProperty('tags');
		const none = await listen('tag=t1');
		expect(none.body.metadata).not.toHaveProperty('extra');
	});

	test('non-WAV media: duration = bytes / 32000; any non-JSON content type is media', async () => {
		const mp3ish = Buffer.alloc(64000, 7);
		const r = await listen('', mp3ish, { 'content-type': 'audio/mpeg' });
		expect(r.body.metadata.duration).toBe(2);
		expect(r.body.metadata.sha256).toBe(sha(mp3ish));
		const sdk = await listen('', WAV2, { 'content-type': 'deepgram/audio+video' });
		expect(sdk.body.metadata.duration).toBe(2);
		const octet = await listen('', WAV2, { 'content-type': 'application/octet-stream' });
		expect(octet.status).toBe(200);
		const video = await listen('', WAV2, { 'content-type': 'video/mp4' });
		expect(video.status).toBe(200);
	});

	test('a streamed (chunked) upload is hashed and counted; the log keeps no body', async () => {
		const bytes = 8 * 1024 * 1024;
		const hash = createHash('sha256');
		const src = makeWavStream({ bytes });
		src.on('data', (c: Buffer) => hash.update(c));
		const r = await call(emu.baseUrl, '/v1/listen?tag=big', { method: 'POST', body: src, headers: wavHeaders });
		const digest = hash.digest('hex');
		expect(r.status).toBe(200);
		expect(r.body.metadata.sha256).toBe(digest);
		expect(r.body.metadata.duration).toBe((bytes - 44) / 32000);
		expect(emu.requests[0]).toMatchObject({ method: 'POST', path: '/v1/listen', bodyBytes: bytes, bodySha256: digest, status: 200 });
		expect(emu.requests[0].json).toBeUndefined();
		expect(emu.requests[0].headers['transfer-encoding']).toBe('chunked');
	});
});

describe('JSON {url} bodies', () => {
	const json = { 'content-type': 'application/json' };

	test('a configured URL "downloads" its audio', async () => {
		const r = await listen('', JSON.stringify({ url: 'https://example.com/a.wav' }), json);
		expect(r.status).toBe(200);
		expect(r.body.metadata.sha256).toBe(sha(WAV2));
		expect(r.body.metadata.duration).toBe(2);
		expect(emu.requests[0].json).toEqual({ url: 'https://example.com/a.wav' });
	});

	test('an unknown URL -> 400 REMOTE_CONTENT_ERROR', async () => {
		const r = await listen('', JSON.stringify({ url: 'https://example.com/missing.wav' }), { 'content-type': 'application/json; charset=utf-8' });
		expect(r.status).toBe(400);
		expect(r.body).toEqual({
			err_code: 'REMOTE_CONTENT_ERROR',
			err_msg: 'The remote server hosting the media returned a client error: 404 Not Found.',
			request_id: expect.stringMatching(UUID_RE),
		});
		expect(emu.served[0]).toMatchObject({ code: 400, request_id: r.body.request_id });
	});

	test('a loopback http URL is really fetched (and its errors reported)', async () => {
		const server = http.createServer((req, res) => {
			if (req.url === '/a.wav') {
				res.writeHead(200, { 'content-type': 'audio/wav' });
				res.end(WAV10);
			} else if (req.url === '/moved') {
				res.writeHead(302, { location: '/a.wav' });
				res.end();
			} else {
				res.writeHead(403);
				res.end();
			}
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
		const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
		try {
			const ok = await listen('punctuate=true', JSON.stringify({ url: `${base}/a.wav` }), json);
			expect(ok.body.metadata.sha256).toBe(sha(WAV10));
			expect(ok.body.results.channels[0].alternatives[0].transcript).toBe('Yep. I said it. Right?');
			const moved = await listen('', JSON.stringify({ url: `${base}/moved` }), json);
			expect(moved.body.metadata.sha256).toBe(sha(WAV10));
			const denied = await listen('', JSON.stringify({ url: `${base}/secret.wav` }), json);
			expect(denied.status).toBe(400);
			expect(denied.body.err_msg).toBe('The remote server hosting the media returned a client error: 403 Forbidden.');
		} finally {
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	});

	test('a body that is not JSON -> 400 could not process the JSON payload', async () => {
		const r = await listen('', '{"url": ', json);
		expect(r.status).toBe(400);
		expect(r.body).toEqual({
			err_code: 'Bad Request',
			err_msg: 'Content-type was application/json, but we could not process the JSON payload.',
			request_id: expect.stringMatching(UUID_RE),
		});
		const noUrl = await listen('', '{"uri":"x"}', json);
		expect(noUrl.body.err_msg).toBe('Content-type was application/json, but we could not process the JSON payload.');
	});

	test('an empty body -> 400 corrupt or unsupported data (raw and JSON)', async () => {
		const expected = { err_code: 'Bad Request', err_msg: 'Bad Request: failed to process audio: corrupt or unsupported data', request_id: expect.stringMatching(UUID_RE) };
		const raw = await listen('', Buffer.alloc(0));
		expect(raw.status).toBe(400);
		expect(raw.body).toEqual(expected);
		const js = await listen('', '', json);
		expect(js.status).toBe(400);
		expect(js.body).toEqual(expected);
	});

	test('a JSON {url} document sent with a media type is corrupt data', async () => {
		const r = await listen('', JSON.stringify({ url: 'https://example.com/a.wav' }), { 'content-type': 'audio/wav' });
		expect(r.status).toBe(400);
		expect(r.body.err_msg).toBe('Bad Request: failed to process audio: corrupt or unsupported data');
	});
});

describe('query parsing and validation', () => {
	test('repeated keys and URL-decoding: the log and the record', async () => {
		const raw = 'tag=hello%20world&tag=caf%C3%A9&tag=a%3Ab&tag=x%26y&tag=plus+sign&extra=note:a%26b%3Dc&punctuate=true';
		const r = await listen(raw);
		expect(r.status).toBe(200);
		expect(emu.requests[0].rawQuery).toBe(raw);
		expect(emu.requests[0].query).toEqual([
			['tag', 'hello world'],
			['tag', 'café'],
			['tag', 'a:b'],
			['tag', 'x&y'],
			['tag', 'plus sign'],
			['extra', 'note:a&b=c'],
			['punctuate', 'true'],
		]);
		expect(r.body.metadata.extra).toEqual({ note: 'a&b=c' });
		expect(emu.served[0].tags).toEqual(['hello world', 'café', 'a:b', 'x&y', 'plus sign', 'keytag']);
		expect(emu.served[0].path).toBe(`/v1/listen?${raw}`);
	});

	test('key tags merge into the record, deduplicated', async () => {
		await listen('tag=keytag&tag=x&tag=x');
		expect(emu.served[0].tags).toEqual(['keytag', 'x']);
	});

	const invalid = (msg: string) => ({ err_code: 'INVALID_QUERY_PARAMETER', err_msg: msg, request_id: expect.stringMatching(UUID_RE) });

	test.each([
		['tag over 128 characters', `tag=${'t'.repeat(129)}`, invalid(`Tag exceeds the maximum length of 128 characters: ${'t'.repeat(32)}…`)],
		['extra over 2048 characters', `extra=k:${'v'.repeat(2047)}`, invalid('Extra metadata exceeds the maximum length of 2048 characters.')],
		['extra without a colon', 'extra=novalue', invalid('Extra metadata must be formatted as key:value, got `novalue`.')],
		['callback not http(s)', 'callback=ftp%3A%2F%2Fexample.com%2Fhook', invalid('Invalid callback url.')],
		['callback not a URL', 'callback=not-a-url', invalid('Invalid callback url.')],
		['callback on port 5678', 'callback=https%3A%2F%2Fexample.com%3A5678%2Fhook', invalid('Invalid callback url. The port must be one of 80, 443, 8080, 8443, got 5678.')],
		['callback host with _', 'callback=https%3A%2F%2Fmy_host.example.com%2Fhook', { err_code: 'Bad Request', err_msg: 'Failed to resolve callback.', request_id: expect.stringMatching(UUID_RE) }],
		['callback_method get', 'callback=https%3A%2F%2Fexample.com%2Fh&callback_method=get', invalid('Failed to deserialize query parameters: callback_method: unknown variant `get`, expected `post` or `put`')],
		['redact=cardinal', 'redact=pii&redact=cardinal', invalid('Failed to deserialize query parameters: redact: `cardinal` is not a supported redaction entity')],
		['redact=ordinal', 'redact=ordinal', invalid('Failed to deserialize query parameters: redact: `ordinal` is not a supported redaction entity')],
		['redact=percent', 'redact=percent', invalid('Failed to deserialize query parameters: redact: `percent` is not a supported redaction entity')],
		['a boolean that is not true/false', 'punctuate=yes', invalid('Failed to deserialize query parameters: punctuate: provided string was not `true` or `false`')],
		['a malformed escape', 'tag=%E0%A4%A', invalid('Failed to deserialize query parameters: URI malformed')],
	])('%s -> 400', async (_name, query, body) => {
		const r = await listen(query);
		expect(r.status).toBe(400);
		expect(r.body).toEqual(body);
		expect(r.headers['dg-request-id']).toBe(r.body.request_id);
		// The body was read to the end before answering.
		expect(emu.requests[0].bodyBytes).toBe(WAV2.length);
	});

	test('validation failures are failed records; limits themselves are allowed', async () => {
		const bad = await listen(`tag=${'t'.repeat(129)}`);
		expect(emu.served).toHaveLength(1);
		expect(emu.served[0]).toMatchObject({ request_id: bad.body.request_id, code: 400, duration: 0, usd: 0, method: 'sync' });
		expect((await listen(`tag=${encodeURIComponent('é'.repeat(128))}`)).status).toBe(200);
		expect((await listen(`extra=k:${'v'.repeat(2046)}`)).status).toBe(200);
		expect((await listen('redact=pii&redact=pci&redact=numbers')).status).toBe(200);
		expect((await listen('callback=http%3A%2F%2F127.0.0.1%3A8443%2Fh&callback_method=PUT')).status).toBe(200);
	});

	test.each([
		['diarize_model=v3', 'diarize_model: unknown variant `v3`'],
		['encoding=mp3&sample_rate=8000', 'encoding: unknown variant `mp3`'],
		['custom_topic_mode=loose', 'custom_topic_mode: unknown variant `loose`'],
		['custom_intent_mode=loose', 'custom_intent_mode: unknown variant `loose`'],
		['utt_split=soon', 'utt_split: invalid float literal'],
		['encoding=linear16&sample_rate=8k', 'sample_rate: invalid digit found in string'],
		['encoding=linear16', 'sample_rate is required when encoding is set.'],
	])('%s -> 400 INVALID_QUERY_PARAMETER', async (query, message) => {
		const r = await listen(query);
		expect(r.status).toBe(400);
		expect(r.body.err_code).toBe('INVALID_QUERY_PARAMETER');
		expect(r.body.err_msg).toContain(message);
	});

	test('raw audio: the duration comes from encoding, sample_rate and channels', async () => {
		const raw = Buffer.alloc(48_000);
		const headers = { 'content-type': 'application/octet-stream' };
		const linear = await listen('encoding=linear16&sample_rate=8000&channels=2', raw, headers);
		expect([linear.status, linear.body.metadata.duration]).toEqual([200, 1.5]);
		const mulaw = await listen('encoding=mulaw&sample_rate=8000', raw, headers);
		expect([mulaw.status, mulaw.body.metadata.duration]).toEqual([200, 6]);
	});

	test('GET /v1/listen -> 405', async () => {
		const r = await call(emu.baseUrl, '/v1/listen');
		expect(r.status).toBe(405);
		expect(r.body.err_code).toBe('METHOD_NOT_ALLOWED');
	});
});

describe('served records', () => {
	test('a sync request record: tags, method, duration, usd, features, models, key id, path, code', async () => {
		const r = await listen('model=nova-3&punctuate=true&diarize=true&smart_format=false&tag=a&summarize=v2', WAV10);
		expect(emu.served).toHaveLength(1);
		expect(emu.served[0]).toMatchObject({
			request_id: r.body.metadata.request_id,
			project_uuid: 'proj-1',
			created: '2025-05-06T07:08:09.000Z',
			path: '/v1/listen?model=nova-3&punctuate=true&diarize=true&smart_format=false&tag=a&summarize=v2',
			api_key_id: 'key-id-1',
			code: 200,
			method: 'sync',
			tags: ['a', 'keytag'],
			duration: 10,
			channels: 1,
			features: ['diarize', 'punctuate', 'summarize'],
			models: ['3b3aabe4-608a-46ac-9585-7960a25daf1a'],
			callback: null,
		});
		expect(emu.served[0].usd).toBeCloseTo((10 / 3600) * 0.258, 12);
	});

	test('pricePerHour is configurable', async () => {
		emu.configure({ pricePerHour: 3.6 });
		try {
			await listen('', WAV10);
			expect(emu.served[0].usd).toBeCloseTo(0.01, 12);
		} finally {
			emu.configure({ pricePerHour: 0.258 });
		}
	});
});
