/**
 * Usage by Tag for Deepgram's other products: tagged text-to-speech (/v1/speak) and Text
 * Intelligence (/v1/read) requests in the emulator's usage come out per tag, in the daily series
 * and in the totals item, with their `tts_characters` and `tokens_in` / `tokens_out`, and the
 * billed dollars cover them.
 */
import type { read, speak } from '@deepgram/sdk';

import {
	MULTI_TAG_NOTE,
	TOTALS_NOTE,
} from '../../../nodes/Deepgram/usage/actions/usagePerTag.operation';
import { jsonOf, KEYS, runUsage, startEmulator, testClock, type Emulator } from './helpers';

const DAY = '2025-05-06';
const SPEECH = ['Welcome to the n8n nodes.', 'Your call is important to us 🎧 — truly.'];
const TEXT = 'The customer asked for a refund. The agent agreed at once.';
const PRICE_PER_CHARACTER = 0.001;
const PRICE_PER_TOKEN = 0.01;

/** Characters as Deepgram counts them for text to speech: each character once (not UTF-16 units). */
const characters = (text: string) => [...text].length;

const clock = testClock();
let emu: Emulator;

async function post(path: string, query: Record<string, string | string[]>, text: string) {
	const search = new URLSearchParams();
	for (const [name, value] of Object.entries(query)) {
		for (const single of [value].flat()) search.append(name, single);
	}
	const response = await fetch(`${emu.baseUrl}${path}?${search}`, {
		method: 'POST',
		headers: { authorization: `Token ${KEYS.plain.key}`, 'content-type': 'application/json' },
		body: JSON.stringify({ text }),
	});
	await response.arrayBuffer();
	expect(response.status).toBe(200);
}

beforeAll(async () => {
	emu = await startEmulator({
		now: clock.now,
		keys: [KEYS.plain],
		pricePerTtsCharacter: PRICE_PER_CHARACTER,
		pricePerToken: PRICE_PER_TOKEN,
	});
	clock.set(`${DAY}T09:00:00Z`);
	const voice = { model: 'aura-2-thalia-en', tag: ['voice'] } satisfies Omit<
		speak.v1.SpeakV1Request,
		'text'
	>;
	await post('/v1/speak', voice, SPEECH[0]);
	await post('/v1/speak', { ...voice, tag: ['voice', 'support'] }, SPEECH[1]);
	const analysis = { summarize: 'v2', language: 'en', tag: 'support' } satisfies Omit<
		read.v1.TextAnalyzeRequest,
		'body'
	>;
	await post('/v1/read', analysis, TEXT);
	clock.set(`${DAY}T18:00:00Z`);
});
afterAll(() => emu.stop());

test('the emulator recorded two speech requests and one text analysis', () => {
	expect(
		emu.served.map((r) => [r.endpoint, r.tags, r.ttsCharacters, r.tokensIn, r.tokensOut]),
	).toEqual([
		['speak', ['voice'], 25, 0, 0],
		['speak', ['voice', 'support'], 39, 0, 0],
		// Words of the text in, of its one-sentence summary out (the emulator's counting).
		['read', ['support'], 0, 11, 6],
	]);
});

test('Usage per Tag: characters and tokens under their tags, per day and in the totals item', async () => {
	const result = await runUsage(emu, {
		operation: 'usagePerTag',
		start: DAY,
		end: DAY,
		tagSource: 'all',
		options: { includeBilledCost: true },
	});
	expect(result.error).toBeUndefined();

	const head = { project_id: 'proj-1', start: DAY, end: DAY };
	const audio = { hours: 0, minutes: 0, total_hours: 0, agent_hours: 0 };
	const measures = (requests: number, tts: number, tokensIn = 0, tokensOut = 0) => ({
		requests,
		...audio,
		tts_characters: tts,
		tokens_in: tokensIn,
		tokens_out: tokensOut,
	});
	const dollars = (value: number) => ({
		dollars: Math.round(value * 100) / 100,
		dollars_raw: Math.round(value * 1e6) / 1e6,
	});
	const [first, second] = SPEECH.map(characters);
	const support = measures(2, second, 11, 6);
	const voice = measures(2, first + second);
	const total = measures(3, first + second, 11, 6);
	const untagged = measures(0, 0);
	expect(jsonOf(result.output)).toEqual([
		{
			kind: 'tag',
			tag: 'support',
			...head,
			...support,
			...dollars(second * PRICE_PER_CHARACTER + 17 * PRICE_PER_TOKEN),
			daily: [{ date: DAY, ...support }],
			note: MULTI_TAG_NOTE,
		},
		{
			kind: 'tag',
			tag: 'voice',
			...head,
			...voice,
			...dollars((first + second) * PRICE_PER_CHARACTER),
			daily: [{ date: DAY, ...voice }],
			note: MULTI_TAG_NOTE,
		},
		{
			kind: 'untagged',
			tag: null,
			...head,
			...untagged,
			...dollars(0),
			daily: [{ date: DAY, ...untagged }],
		},
		{
			kind: 'total',
			tag: null,
			...head,
			...total,
			...dollars((first + second) * PRICE_PER_CHARACTER + 17 * PRICE_PER_TOKEN),
			daily: [{ date: DAY, ...total }],
			tags_reported: 2,
			note: TOTALS_NOTE,
		},
	]);
	// The literal arithmetic behind the expectation.
	expect([first, second]).toEqual([25, 39]);
});

test('Usage Grouped by Tags: each tag set once, with its measures', async () => {
	const result = await runUsage(emu, { operation: 'usageGroupedByTags', start: DAY, end: DAY });
	expect(result.error).toBeUndefined();
	const head = { project_id: 'proj-1', start: DAY, end: DAY };
	const row = (tags: string[], requests: number, tts: number, tokensIn = 0, tokensOut = 0) => ({
		tags,
		...head,
		requests,
		hours: 0,
		minutes: 0,
		total_hours: 0,
		agent_hours: 0,
		tts_characters: tts,
		tokens_in: tokensIn,
		tokens_out: tokensOut,
	});
	expect(jsonOf(result.output)).toEqual([
		row(['support', 'voice'], 1, 39),
		row(['support'], 1, 0, 11, 6),
		row(['voice'], 1, 25),
	]);
});
