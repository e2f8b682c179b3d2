/**
 * The options Deepgram Transcribe gained to cover all of `ListenV1RequestUrl`, in n8n's engine
 * against the emulator: the exact query Deepgram receives, what the emulator read from it, and
 * what the simplified output carries back (search hits, speakers).
 */
import { createHash } from 'crypto';

import { memoryAudioItem, startEmulator, transcribe, type Emulator } from './helpers';

/** One second of raw 16 kHz mono linear16 audio (no header): Deepgram needs encoding + rate. */
const RAW = Buffer.alloc(32_000);
const TEXT = 'Hello there. The emulator says hello.';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator({
		transcripts: { [createHash('sha256').update(RAW).digest('hex')]: TEXT },
	});
});
afterEach(() => emu.reset());
afterAll(() => emu.stop());

const NEW_OPTIONS = {
	mipOptOut: true,
	diarizeModel: 'v2',
	search: ['hello', 'says hello'],
	replace: ['emulator:simulator', 'a&b:c=d'],
	dictation: true,
	punctuate: true,
	measurements: true,
	utterances: true,
	uttSplit: 1.5,
	topics: true,
	customTopic: ['billing', 'n8n & Deepgram'],
	customTopicMode: 'strict',
	intents: true,
	customIntent: ['cancel subscription'],
	customIntentMode: 'extended',
	encoding: 'linear16',
	sampleRate: 16000,
	channels: 1,
	version: 'latest',
};

describe('every new option', () => {
	it('reaches Deepgram exactly encoded, and the output carries what they return', async () => {
		const result = await transcribe(
			emu,
			{
				language: 'custom',
				customLanguage: ' en-NZ ',
				options: NEW_OPTIONS,
				additionalQuery: {
					parameters: [
						{ name: 'future_flag', value: 'on' },
						{ name: 'future_flag', value: 'a b/ü' },
					],
				},
				tags: ['all-options'],
			},
			[memoryAudioItem(RAW, 'application/octet-stream')],
		);
		expect(result.error).toBeUndefined();

		expect(emu.requests).toHaveLength(1);
		expect(emu.requests[0].rawQuery).toBe(
			[
				'model=nova-3',
				'language=en-NZ',
				'version=latest',
				'punctuate=true',
				'diarize_model=v2',
				'utterances=true',
				'utt_split=1.5',
				'measurements=true',
				'dictation=true',
				'search=hello&search=says%20hello',
				'replace=emulator%3Asimulator&replace=a%26b%3Ac%3Dd',
				'topics=true',
				'custom_topic=billing&custom_topic=n8n%20%26%20Deepgram',
				'custom_topic_mode=strict',
				'intents=true',
				'custom_intent=cancel%20subscription',
				'custom_intent_mode=extended',
				'encoding=linear16',
				'sample_rate=16000',
				'channels=1',
				'mip_opt_out=true',
				'tag=all-options',
				'future_flag=on&future_flag=a%20b%2F%C3%BC',
			].join('&'),
		);
		const [served] = emu.served;
		// What the emulator read: each value typed as Deepgram's serde reads it.
		expect(served.config).toEqual({
			model: 'nova-3',
			language: 'en-NZ',
			version: 'latest',
			punctuate: true,
			diarize_model: 'v2',
			utterances: true,
			utt_split: '1.5',
			measurements: true,
			dictation: true,
			search: ['hello', 'says hello'],
			replace: ['emulator:simulator', 'a&b:c=d'],
			topics: true,
			custom_topic: ['billing', 'n8n & Deepgram'],
			custom_topic_mode: 'strict',
			intents: true,
			custom_intent: ['cancel subscription'],
			custom_intent_mode: 'extended',
			encoding: 'linear16',
			sample_rate: '16000',
			channels: '1',
			mip_opt_out: true,
			tag: ['all-options'],
			future_flag: 'a b/ü',
		});
		// 32,000 bytes of 16 kHz 16-bit mono: one second, read from sample_rate and channels.
		expect(served.duration).toBe(1);

		expect(result.output).toEqual([
			{
				json: {
					request_id: served.request_id,
					created: served.created,
					duration: 1,
					channels: 1,
					transcript: 'Hello there. The emulator says hello.',
					confidence: expect.any(Number),
					speaker_turns: [
						{ speaker: 0, start: 0, end: 0.333, transcript: 'Hello there.' },
						{ speaker: 1, start: 0.333, end: 1, transcript: 'The emulator says hello.' },
					],
					utterances: [
						{ start: 0, end: 0.333, transcript: 'Hello there.', speaker: 0 },
						{ start: 0.333, end: 1, transcript: 'The emulator says hello.', speaker: 1 },
					],
					search: [
						{
							query: 'hello',
							hits: [
								{ start: 0, end: 0.167, confidence: 1, snippet: 'hello' },
								{ start: 0.833, end: 1, confidence: 1, snippet: 'hello' },
							],
						},
						{ query: 'says hello', hits: [] },
					],
					topics: [],
					intents: [],
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('refuses a parameter the node sets itself before anything is sent', async () => {
		const result = await transcribe(
			emu,
			{ additionalQuery: { parameters: [{ name: 'tag', value: 'sneaky' }] } },
			[memoryAudioItem(RAW, 'application/octet-stream')],
			{ continueOnFail: true },
		);
		expect(emu.requests).toHaveLength(0);
		expect(result.output[0].json.error).toBe(
			'Additional Query Parameters: "tag" is set by the node itself (Tags): use that setting instead and remove it here',
		);
	});
});
