/** The items the node outputs without a callback: simplified (default) or raw, optional captions. */
import { createHash } from 'crypto';

import {
	EVERY_ANALYSIS,
	memoryAudioItem,
	startEmulator,
	transcribe,
	type Emulator,
} from './helpers';

const { makeWav } = require('../../emulator/wav') as typeof import('../../emulator/wav');

const WAV = makeWav({ seconds: 2 });
const TEXT = 'Hello there. How are you?';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator({
		transcripts: { [createHash('sha256').update(WAV).digest('hex')]: TEXT },
	});
});
afterEach(() => emu.reset());
afterAll(() => emu.stop());

describe('Simplified output', () => {
	it('flattens the transcript and every analysis that was asked for', async () => {
		const result = await transcribe(
			emu,
			{
				options: EVERY_ANALYSIS,
				extraMetadata: { pairs: [{ key: 'job', value: '42' }] },
			},
			[memoryAudioItem(WAV)],
		);
		expect(result.error).toBeUndefined();
		const [served] = emu.served;
		expect(result.output).toEqual([
			{
				json: {
					request_id: served.request_id,
					created: served.created,
					duration: 2,
					channels: 1,
					transcript: 'Hello there. How are you?',
					confidence: 0.940895,
					extra: { job: '42' },
					paragraphs: 'Speaker 0: Hello there.\n\nSpeaker 1: How are you?',
					speaker_turns: [
						{ speaker: 0, start: 0, end: 0.8, transcript: 'Hello there.' },
						{ speaker: 1, start: 0.8, end: 2, transcript: 'How are you?' },
					],
					utterances: [
						{ start: 0, end: 0.8, transcript: 'Hello there.', speaker: 0 },
						{ start: 0.8, end: 2, transcript: 'How are you?', speaker: 1 },
					],
					summary: 'Hello there.',
					topics: [],
					intents: [],
					sentiment: { sentiment: 'neutral', sentiment_score: 0 },
					entities: [],
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});

describe('Raw output', () => {
	it('is Deepgram’s response as it came', async () => {
		const result = await transcribe(emu, { output: 'raw', options: { punctuate: true } }, [
			memoryAudioItem(WAV),
		]);
		expect(result.error).toBeUndefined();
		expect(result.output).toEqual([{ json: emu.served[0].result, pairedItem: { item: 0 } }]);
		expect(result.output[0].json).toMatchObject({
			metadata: { request_id: emu.served[0].request_id, duration: 2, channels: 1 },
			results: { channels: [{ alternatives: [{ transcript: 'Hello there. How are you?' }] }] },
		});
	});
});

describe('Captions', () => {
	const srt =
		'1\n00:00:00,000 --> 00:00:00,800\nHello there.\n\n2\n00:00:00,800 --> 00:00:02,000\nHow are you?\n';
	const vtt =
		'WEBVTT\n\n00:00:00.000 --> 00:00:00.800\nHello there.\n\n00:00:00.800 --> 00:00:02.000\nHow are you?\n';

	it('adds SRT and WebVTT built from the word timings to the simplified output', async () => {
		const result = await transcribe(emu, { captions: true, options: { punctuate: true } }, [
			memoryAudioItem(WAV),
		]);
		expect(result.error).toBeUndefined();
		expect(result.output[0].json.captions).toEqual({ srt, vtt });
		expect(result.output[0].json.transcript).toBe('Hello there. How are you?');
	});

	it('adds them beside the raw response too, and labels speakers when diarized', async () => {
		const result = await transcribe(
			emu,
			{ output: 'raw', captions: true, options: { punctuate: true, diarize: true } },
			[memoryAudioItem(WAV)],
		);
		expect(result.output[0].json).toEqual({
			...(emu.served[0].result as object),
			captions: {
				srt: srt.replace('\nHello', '\n[Speaker 0] Hello').replace('\nHow', '\n[Speaker 1] How'),
				vtt: vtt.replace('\nHello', '\n<v Speaker 0>Hello').replace('\nHow', '\n<v Speaker 1>How'),
			},
		});
	});
});

describe('Many items', () => {
	it('gives one output per input, in input order, each paired with its item', async () => {
		const lengths = [3, 1, 2, 5, 4];
		const result = await transcribe(
			emu,
			{},
			lengths.map((seconds) => memoryAudioItem(makeWav({ seconds }))),
		);
		expect(result.output.map((item) => [item.json.duration, item.pairedItem])).toEqual(
			lengths.map((seconds, item) => [seconds, { item }]),
		);
	});
});
