import type { IDataObject } from 'n8n-workflow';

import { withoutNodeExtra } from './callbackSender';

/**
 * The parts of Deepgram's /v1/listen result the simplified output reads (deepgram-api.md §4).
 * Every field is optional where Deepgram's own response type (`ListenV1Response` of its SDK) says
 * so; test/unit/contract shows these types accept that one.
 */
export interface ListenWord {
	word?: string;
	start?: number;
	end?: number;
	confidence?: number;
	punctuated_word?: string;
	speaker?: number;
}
/** A word with what captions and speaker turns need. */
export type TimedWord = ListenWord & { word: string; start: number; end: number };

interface ListenAlternative {
	transcript?: string;
	confidence?: number;
	words?: ListenWord[];
	paragraphs?: { transcript?: string };
	entities?: Array<{ label?: string; value?: string }>;
}
interface SearchResult {
	query?: string;
	hits?: Array<{ confidence?: number; start?: number; end?: number; snippet?: string }>;
}
interface ListenChannel {
	search?: SearchResult[];
	alternatives?: ListenAlternative[];
	detected_language?: string;
	language_confidence?: number;
}
/** A segment's labels (`{topic, confidence_score}`, `{intent, …}`), read by name. */
interface Segments<K extends string> {
	segments?: Array<{ [key in K]?: object[] }>;
}
/**
 * Topics and intents: flat in Deepgram's docs and older SDKs, one level deeper (`results.topics`)
 * in its 2026 API description and SDK 5; both are read.
 */
type Nested<K extends 'topics' | 'intents'> = Segments<K> & {
	results?: { [key in K]?: Segments<K> };
};
export interface ListenResult {
	metadata?: {
		request_id?: string;
		created?: string;
		duration?: number;
		channels?: number;
		/** Missing from Deepgram's SDK type, sent whenever the request carried `extra`. */
		extra?: Record<string, string>;
	};
	results?: {
		channels?: ListenChannel[];
		utterances?: Array<{
			start?: number;
			end?: number;
			transcript?: string;
			speaker?: number;
			channel?: number;
		}>;
		summary?: { short?: string };
		topics?: Nested<'topics'>;
		intents?: Nested<'intents'>;
		sentiments?: { average?: { sentiment?: string; sentiment_score?: number } };
	};
}

function uniqueLabels<K extends 'topics' | 'intents'>(
	found: Nested<K>,
	list: K,
	label: string,
): string[] {
	const labels = new Set<string>();
	const segments = found.segments ?? found.results?.[list]?.segments ?? [];
	for (const segment of segments) {
		for (const entry of segment[list] ?? []) {
			const value = (entry as Record<string, unknown>)[label];
			if (typeof value === 'string') labels.add(value);
		}
	}
	return [...labels];
}

const isTimed = (word: ListenWord): word is TimedWord =>
	typeof word.word === 'string' && typeof word.start === 'number' && typeof word.end === 'number';

/** The timed words of the first channel's best alternative, for captions and speaker turns. */
export function firstWords(result: ListenResult): TimedWord[] {
	return (result.results?.channels?.[0]?.alternatives?.[0]?.words ?? []).filter(isTimed);
}

/** Consecutive words of one speaker, from diarization's per-word `speaker`. */
function speakerTurns(words: readonly TimedWord[]): IDataObject[] {
	const turns: Array<{ speaker: number; start: number; end: number; words: string[] }> = [];
	for (const word of words) {
		if (word.speaker === undefined) continue;
		const last = turns[turns.length - 1];
		const text = word.punctuated_word ?? word.word;
		if (last && last.speaker === word.speaker) {
			last.end = word.end;
			last.words.push(text);
		} else {
			turns.push({ speaker: word.speaker, start: word.start, end: word.end, words: [text] });
		}
	}
	return turns.map(({ words: texts, ...turn }) => ({ ...turn, transcript: texts.join(' ') }));
}

/**
 * One flat item per transcription: what most workflows need next, with the callback secret
 * never included. Optional parts appear only when Deepgram returned them.
 */
export function simplifyResult(raw: ListenResult): IDataObject {
	const result = withoutNodeExtra(raw);
	const channels = result.results?.channels ?? [];
	const first = channels[0];
	const best = first?.alternatives?.[0];
	const simplified: IDataObject = {
		request_id: result.metadata?.request_id ?? null,
		created: result.metadata?.created ?? null,
		duration: result.metadata?.duration ?? null,
		channels: result.metadata?.channels ?? channels.length,
		transcript: best?.transcript ?? '',
		confidence: best?.confidence ?? null,
	};
	if (channels.length > 1) {
		simplified.channel_transcripts = channels.map(
			(channel) => channel.alternatives?.[0]?.transcript ?? '',
		);
	}
	if (first?.detected_language !== undefined) {
		simplified.detected_language = first.detected_language;
		simplified.language_confidence = first.language_confidence ?? null;
	}
	if (result.metadata?.extra) simplified.extra = { ...result.metadata.extra };
	if (best?.paragraphs?.transcript !== undefined) {
		simplified.paragraphs = best.paragraphs.transcript.trim();
	}
	const turns = speakerTurns(firstWords(result));
	if (turns.length > 0) simplified.speaker_turns = turns;
	if (result.results?.utterances) {
		simplified.utterances = result.results.utterances.map(
			({ start, end, transcript, speaker, channel }) => ({
				start: start ?? null,
				end: end ?? null,
				transcript: transcript ?? '',
				...(speaker !== undefined ? { speaker } : {}),
				...(channel !== undefined && channels.length > 1 ? { channel } : {}),
			}),
		);
	}
	if (first?.search) {
		simplified.search = first.search.map(({ query, hits }) => ({
			query: query ?? '',
			hits: (hits ?? []).map(({ start, end, confidence, snippet }) => ({
				start: start ?? null,
				end: end ?? null,
				confidence: confidence ?? null,
				snippet: snippet ?? '',
			})),
		}));
	}
	if (result.results?.summary?.short !== undefined)
		simplified.summary = result.results.summary.short;
	if (result.results?.topics)
		simplified.topics = uniqueLabels(result.results.topics, 'topics', 'topic');
	if (result.results?.intents)
		simplified.intents = uniqueLabels(result.results.intents, 'intents', 'intent');
	if (result.results?.sentiments?.average)
		simplified.sentiment = { ...result.results.sentiments.average };
	if (best?.entities)
		simplified.entities = best.entities.map(({ label, value }) => ({
			label: label ?? '',
			value: value ?? '',
		}));
	return simplified;
}
