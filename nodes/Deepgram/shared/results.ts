import type { IDataObject } from 'n8n-workflow';

import { withoutNodeExtra } from './callbackSecurity';

/** The parts of Deepgram's /v1/listen result the simplified output reads (deepgram-api.md §4). */
export interface ListenWord {
	word: string;
	start: number;
	end: number;
	confidence: number;
	punctuated_word?: string;
	speaker?: number;
}
interface ListenAlternative {
	transcript: string;
	confidence: number;
	words?: ListenWord[];
	paragraphs?: { transcript?: string };
	entities?: Array<{ label: string; value: string }>;
}
interface ListenChannel {
	alternatives?: ListenAlternative[];
	detected_language?: string;
	language_confidence?: number;
}
interface Segments<K extends string> {
	segments?: Array<Record<K, Array<Record<string, unknown>>>>;
}
export interface ListenResult {
	metadata?: {
		request_id?: string;
		created?: string;
		duration?: number;
		channels?: number;
		extra?: Record<string, string>;
		[key: string]: unknown;
	};
	results?: {
		channels?: ListenChannel[];
		utterances?: Array<{
			start: number;
			end: number;
			transcript: string;
			speaker?: number;
			channel?: number;
		}>;
		summary?: { short?: string };
		topics?: Segments<'topics'>;
		intents?: Segments<'intents'>;
		sentiments?: { average?: { sentiment: string; sentiment_score: number } };
	};
}

function uniqueLabels(
	segments: Segments<string> | undefined,
	list: string,
	label: string,
): string[] {
	const labels = new Set<string>();
	for (const segment of segments?.segments ?? []) {
		for (const entry of segment[list] ?? []) {
			if (typeof entry[label] === 'string') labels.add(entry[label] as string);
		}
	}
	return [...labels];
}

/** The words of the first channel's best alternative, for captions. */
export function firstWords(result: ListenResult): ListenWord[] {
	return result.results?.channels?.[0]?.alternatives?.[0]?.words ?? [];
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
	if (result.results?.utterances) {
		simplified.utterances = result.results.utterances.map(
			({ start, end, transcript, speaker, channel }) => ({
				start,
				end,
				transcript,
				...(speaker !== undefined ? { speaker } : {}),
				...(channel !== undefined && channels.length > 1 ? { channel } : {}),
			}),
		);
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
			label,
			value,
		}));
	return simplified;
}
