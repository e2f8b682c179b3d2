/**
 * The exact request Deepgram receives from Deepgram Transcribe, run in n8n's engine against the
 * emulator: audio from binary data (in memory and on disk) or a URL, every option, the callback
 * with its method, tags, extra metadata and the callback security the credential adds.
 */
import { createHash } from 'crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import {
	BASIC_PASSWORD,
	BASIC_USER,
	memoryAudioItem,
	SECRET,
	securedCredential,
	startEmulator,
	storedBinary,
	transcribe,
	type Emulator,
} from './helpers';
import { startCallbackReceiver, type CallbackReceiver } from '../../harness';

const { makeWav } = require('../../emulator/wav') as typeof import('../../emulator/wav');

const WAV = makeWav({ seconds: 2 });
const WAV_SHA256 = createHash('sha256').update(WAV).digest('hex');
const AUDIO_URL = 'https://media.example.com/calls/42.wav';

let emu: Emulator;
let receiver: CallbackReceiver;
let dir: string;

beforeAll(async () => {
	emu = await startEmulator({ urlAudio: { [AUDIO_URL]: WAV } });
	receiver = await startCallbackReceiver();
	dir = mkdtempSync(join(tmpdir(), 'dg-transcribe-'));
});
afterEach(() => emu.reset());
afterAll(async () => {
	await Promise.all([emu.stop(), receiver.close()]);
	rmSync(dir, { recursive: true, force: true });
});

const onlyRequest = () => {
	expect(emu.requests).toHaveLength(1);
	return emu.requests[0];
};

describe('audio sources', () => {
	it('sends in-memory binary data as the body, with its MIME type', async () => {
		const result = await transcribe(emu, {}, [memoryAudioItem(WAV)]);
		expect(result.error).toBeUndefined();

		const request = onlyRequest();
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/v1/listen');
		expect(request.rawQuery).toBe('model=nova-3&language=en');
		expect(request.headers['content-type']).toBe('audio/wav');
		expect(request.headers.authorization).toBe('Token dg-key-1');
		expect(request.bodyBytes).toBe(WAV.length);
		expect(request.bodySha256).toBe(WAV_SHA256);

		const [served] = emu.served;
		expect(result.output).toEqual([
			{
				json: {
					request_id: served.request_id,
					created: served.created,
					duration: 2,
					channels: 1,
					transcript: 'hello from the deepgram emulator',
					confidence: 0.940895,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('streams binary data n8n keeps on disk, with Content-Length from its metadata', async () => {
		const file = join(dir, 'disk.wav');
		writeFileSync(file, WAV);
		const binary = await storedBinary(file, 'audio/x-wav');
		expect(binary.id).toMatch(/^filesystem-v2:/);

		const result = await transcribe(emu, { binaryPropertyName: 'recording' }, [
			{ json: {}, binary: { recording: binary } },
		]);
		expect(result.error).toBeUndefined();

		const request = onlyRequest();
		expect(request.headers['content-type']).toBe('audio/x-wav');
		expect(request.headers['content-length']).toBe(String(WAV.length));
		expect(request.headers['transfer-encoding']).toBeUndefined();
		expect(request.bodySha256).toBe(WAV_SHA256);
		expect(result.output[0].json.transcript).toBe('hello from the deepgram emulator');
	});

	it('sends an audio URL as a JSON body for Deepgram to fetch', async () => {
		const result = await transcribe(emu, { audioSource: 'url', audioUrl: ` ${AUDIO_URL} ` }, [
			{ json: {} },
		]);
		expect(result.error).toBeUndefined();

		const request = onlyRequest();
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.json).toEqual({ url: AUDIO_URL });
		expect(result.output[0].json).toMatchObject({
			duration: 2,
			transcript: 'hello from the deepgram emulator',
		});
	});

	it('reads every item’s own parameters, e.g. an audio URL from an expression', async () => {
		emu.configure({
			urlAudio: { [AUDIO_URL]: WAV, 'https://media.example.com/b.wav': makeWav({ seconds: 1 }) },
		});
		const result = await transcribe(emu, { audioSource: 'url', audioUrl: '={{ $json.url }}' }, [
			{ json: { url: AUDIO_URL } },
			{ json: { url: 'https://media.example.com/b.wav' } },
		]);
		expect(result.error).toBeUndefined();
		expect(
			emu.requests
				.map((request) => request.json)
				.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
		).toEqual([{ url: 'https://media.example.com/b.wav' }, { url: AUDIO_URL }]);
		expect(result.output.map((item) => [item.json.duration, item.pairedItem])).toEqual([
			[2, { item: 0 }],
			[1, { item: 1 }],
		]);
	});
});

describe('model, language and options', () => {
	it('maps every option to Deepgram’s query parameter', async () => {
		const result = await transcribe(
			emu,
			{
				model: 'nova-2-meeting',
				language: 'en-GB',
				options: {
					smartFormat: true,
					punctuate: true,
					diarize: true,
					utterances: true,
					paragraphs: true,
					numerals: true,
					profanityFilter: true,
					redact: ['pci', 'pii', 'phi', 'numbers'],
					keyterm: ['Deepgram', 'n8n nodes'],
					keywords: ['snuffleupagus:5', 'kansas'],
					summarize: true,
					topics: true,
					intents: true,
					sentiment: true,
					detectEntities: true,
					fillerWords: true,
					multichannel: true,
				},
			},
			[memoryAudioItem(WAV)],
		);
		expect(result.error).toBeUndefined();
		expect(onlyRequest().rawQuery).toBe(
			'model=nova-2-meeting&language=en-GB&smart_format=true&punctuate=true&diarize=true&utterances=true' +
				'&paragraphs=true&numerals=true&profanity_filter=true&redact=pci&redact=pii&redact=phi&redact=numbers' +
				'&keyterm=Deepgram&keyterm=n8n%20nodes&keywords=snuffleupagus%3A5&keywords=kansas&summarize=v2' +
				'&topics=true&intents=true&sentiment=true&detect_entities=true&filler_words=true&multichannel=true',
		);
	});

	it('leaves out options that are switched off', async () => {
		await transcribe(emu, { options: { smartFormat: false, diarize: false, redact: [] } }, [
			memoryAudioItem(WAV),
		]);
		expect(onlyRequest().rawQuery).toBe('model=nova-3&language=en');
	});

	it('sends a custom model name and language detection among candidates instead of a language', async () => {
		const result = await transcribe(
			emu,
			{
				model: 'custom',
				customModel: ' my-custom-model ',
				detectLanguage: true,
				languageCandidates: ['en', 'es'],
			},
			[memoryAudioItem(WAV)],
		);
		expect(result.error).toBeUndefined();
		expect(onlyRequest().rawQuery).toBe(
			'model=my-custom-model&detect_language=en&detect_language=es',
		);
		expect(result.output[0].json).toMatchObject({ detected_language: 'en' });
	});

	it('detects any language when no candidates are given', async () => {
		await transcribe(emu, { detectLanguage: true }, [memoryAudioItem(WAV)]);
		expect(onlyRequest().rawQuery).toBe('model=nova-3&detect_language=true');
	});
});

describe('results processing: callback, tags and extra metadata', () => {
	const callbackParameters = (callbackUrl: string, more: Record<string, unknown> = {}) => ({
		resultsProcessing: 'callback',
		callbackUrl,
		...more,
	});

	it('sends the callback with PUT and outputs the request id at once', async () => {
		const callbackUrl = 'https://hooks.example.com/upload?sig=a%2Bb&x=1';
		const result = await transcribe(
			emu,
			callbackParameters(callbackUrl, { callbackMethod: 'PUT' }),
			[memoryAudioItem(WAV)],
		);
		expect(result.error).toBeUndefined();

		const request = onlyRequest();
		expect(request.query).toEqual([
			['model', 'nova-3'],
			['language', 'en'],
			['callback', callbackUrl],
			['callback_method', 'PUT'],
			['extra', expect.stringMatching(/^idempotency_key:n8n-\d+-0-[0-9a-f]{12}$/)],
		]);
		const sentKey = request.query[4][1].slice('idempotency_key:'.length);
		expect(result.output).toEqual([
			{
				json: {
					request_id: emu.served[0].request_id,
					request_ids: [emu.served[0].request_id],
					callback: callbackUrl,
					callback_method: 'PUT',
					tags: [],
					extra: {},
					idempotency_key: sentKey,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('sends a callback URL with n8n’s resume token as given, and outputs it without the token', async () => {
		const callbackUrl = 'https://n8n.example.com/webhook-waiting/42?signature=tok-123&x=1';
		const result = await transcribe(emu, callbackParameters(callbackUrl), [memoryAudioItem(WAV)], {
			webhookBase: 'https://n8n.example.com/',
		});
		expect(onlyRequest().query[2]).toEqual([
			'callback',
			`${callbackUrl}&dg_job=${result.output[0].json.idempotency_key}`,
		]);
		expect(result.output[0].json.callback).toBe('https://n8n.example.com/webhook-waiting/42?x=1');
		expect(JSON.stringify(result.output)).not.toContain('tok-123');
	});

	it('sends POST callbacks without callback_method, POST being Deepgram’s default', async () => {
		await transcribe(
			emu,
			callbackParameters('https://n8n.example.com/webhook/cb'),
			[memoryAudioItem(WAV)],
			{ webhookBase: 'https://n8n.example.com/' },
		);
		// A POST callback to n8n's own webhook carries the submission's key as dg_job, for a load
		// balancer to hash on.
		expect(onlyRequest().rawQuery).toMatch(
			/^model=nova-3&language=en&callback=https%3A%2F%2Fn8n\.example\.com%2Fwebhook%2Fcb%3Fdg_job%3D(n8n-\d+-0-[0-9a-f]{12})&extra=idempotency_key%3A\1$/,
		);
	});

	describe('the callback URL is the user’s: dg_job only on n8n’s own webhooks, appended as text', () => {
		const query = '?sig=a%2Fb%20c&flag&t=~x*(1)';
		const sentCallback = () => onlyRequest().query.find(([name]) => name === 'callback')?.[1];

		it('n8n’s own webhook: the query byte for byte, then &dg_job=', async () => {
			const url = `https://n8n.example.com/webhook/abc${query}`;
			const result = await transcribe(emu, callbackParameters(url), [memoryAudioItem(WAV)], {
				webhookBase: 'https://n8n.example.com/',
			});
			expect(sentCallback()).toBe(`${url}&dg_job=${result.output[0].json.idempotency_key}`);
		});

		it('a third-party receiver: exactly as given', async () => {
			const url = `https://hooks.example.com/cb${query}`;
			await transcribe(emu, callbackParameters(url), [memoryAudioItem(WAV)], {
				webhookBase: 'https://n8n.example.com/',
			});
			expect(sentCallback()).toBe(url);
			expect(onlyRequest().rawQuery).toContain(`&callback=${encodeURIComponent(url)}&`);
		});

		it('another host on n8n’s port, or n8n’s host outside its webhook path: exactly as given', async () => {
			for (const url of ['https://n8n.example.com.evil.test/webhook/x', 'https://n8n.example.com/other/x']) {
				emu.reset();
				await transcribe(emu, callbackParameters(url), [memoryAudioItem(WAV)], {
					webhookBase: 'https://n8n.example.com/n8n/',
				});
				expect(sentCallback()).toBe(url);
			}
		});

		it('a dg_job the user set stays, and none is added', async () => {
			const url = 'https://n8n.example.com/webhook/abc?dg_job=mine';
			await transcribe(emu, callbackParameters(url), [memoryAudioItem(WAV)], {
				webhookBase: 'https://n8n.example.com/',
			});
			expect(sentCallback()).toBe(url);
		});
	});

	it('repeats tag= for each tag, encoded, spaces and unicode included', async () => {
		const tags = ['team a', 'kündé ✓ 日本', 'x&y=z'];
		const result = await transcribe(emu, { tags }, [memoryAudioItem(WAV)]);
		expect(result.error).toBeUndefined();

		const request = onlyRequest();
		expect(request.rawQuery).toBe(
			'model=nova-3&language=en&tag=team%20a&tag=k%C3%BCnd%C3%A9%20%E2%9C%93%20%E6%97%A5%E6%9C%AC&tag=x%26y%3Dz',
		);
		expect(request.query.filter(([key]) => key === 'tag').map(([, value]) => value)).toEqual(tags);
		expect(emu.served[0].tags).toEqual([...tags, 'keytag']);
	});

	it('repeats extra= per pair, a repeated key keeping its last value, values with ":" and "&" intact', async () => {
		const result = await transcribe(
			emu,
			{
				resultsProcessing: 'callback',
				callbackUrl: 'https://hooks.example.com/cb',
				extraMetadata: {
					pairs: [
						{ key: 'team', value: 'marketing' },
						{ key: 'url', value: 'https://a.example/x?y=1&z=2' },
						{ key: 'team', value: 'gtm' },
						{ key: 'note', value: 'a:b & c' },
					],
				},
			},
			[memoryAudioItem(WAV)],
		);
		expect(result.error).toBeUndefined();

		const request = onlyRequest();
		expect(request.query.filter(([key]) => key === 'extra')).toEqual([
			['extra', 'team:gtm'],
			['extra', 'url:https://a.example/x?y=1&z=2'],
			['extra', 'note:a:b & c'],
			['extra', expect.stringMatching(/^idempotency_key:n8n-\d+-0-[0-9a-f]{12}$/)],
		]);
		expect(request.rawQuery).toContain(
			'&extra=team%3Agtm&extra=url%3Ahttps%3A%2F%2Fa.example%2Fx%3Fy%3D1%26z%3D2&extra=note%3Aa%3Ab%20%26%20c',
		);
		expect(result.output[0].json.extra).toEqual({
			team: 'gtm',
			url: 'https://a.example/x?y=1&z=2',
			note: 'a:b & c',
		});
	});

	it('returns extra metadata in the transcript without a callback', async () => {
		const result = await transcribe(
			emu,
			{ extraMetadata: { pairs: [{ key: 'job', value: '42' }] } },
			[memoryAudioItem(WAV)],
			{ credential: securedCredential },
		);
		expect(onlyRequest().query).toEqual([
			['model', 'nova-3'],
			['language', 'en'],
			['extra', 'job:42'],
		]);
		expect(result.output[0].json.extra).toEqual({ job: '42' });
	});

	it('adds the credential’s callback secret and Basic Auth to the callback, and shows neither', async () => {
		const callbackUrl = `${receiver.url}/webhook/abc/deepgram`;
		const result = await transcribe(
			emu,
			{
				resultsProcessing: 'callback',
				callbackUrl,
				tags: ['job-7'],
				extraMetadata: { pairs: [{ key: 'job', value: '7' }] },
			},
			[memoryAudioItem(WAV)],
			{ credential: securedCredential },
		);
		expect(result.error).toBeUndefined();

		const request = onlyRequest();
		const sentKey = request.query[5][1].slice('idempotency_key:'.length);
		// The receiver is not n8n's own webhook address: no dg_job.
		const securedUrl = `http://${encodeURIComponent(BASIC_USER)}:${encodeURIComponent(BASIC_PASSWORD)}@${callbackUrl.slice('http://'.length)}`;
		expect(request.query).toEqual([
			['model', 'nova-3'],
			['language', 'en'],
			['callback', securedUrl],
			['tag', 'job-7'],
			['extra', 'job:7'],
			['extra', expect.stringMatching(/^idempotency_key:n8n-\d+-0-[0-9a-f]{12}$/)],
			['extra', `callback_secret:${SECRET}`],
		]);
		expect(new URL(securedUrl).username).toBe(BASIC_USER);

		const [delivery] = await emu.waitForCallbacks(1);
		const basic = `Basic ${Buffer.from(`${BASIC_USER}:${BASIC_PASSWORD}`).toString('base64')}`;
		expect(delivery.headers.authorization).toBe(basic);
		expect(delivery.status).toBe(200);
		expect(receiver.received.at(-1)?.headers.authorization).toBe(basic);
		expect(JSON.parse(receiver.received.at(-1)?.body ?? '{}').metadata.extra).toEqual({
			job: '7',
			idempotency_key: sentKey,
			callback_secret: SECRET,
		});

		expect(result.output).toEqual([
			{
				json: {
					request_id: emu.served[0].request_id,
					request_ids: [emu.served[0].request_id],
					callback: callbackUrl,
					callback_method: 'POST',
					tags: ['job-7'],
					extra: { job: '7' },
					idempotency_key: sentKey,
				},
				pairedItem: { item: 0 },
			},
		]);
		const everything = JSON.stringify(result.run);
		for (const secret of [SECRET, BASIC_PASSWORD, encodeURIComponent(BASIC_PASSWORD), 'dg-key-1']) {
			expect(everything).not.toContain(secret);
		}
	});

	it('does not send the callback secret when there is no callback', async () => {
		await transcribe(emu, {}, [memoryAudioItem(WAV)], { credential: securedCredential });
		expect(onlyRequest().rawQuery).toBe('model=nova-3&language=en');
	});
});
