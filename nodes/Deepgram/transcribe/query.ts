import type { CallbackMethod } from '../shared/constants';
import type { QueryValue } from '../shared/query';
import type { ExtraPair } from '../shared/types';

/** The Options collection as the node reads it; a feature is sent only when switched on. */
export interface TranscribeFeatures {
	smartFormat?: boolean;
	punctuate?: boolean;
	diarize?: boolean;
	utterances?: boolean;
	paragraphs?: boolean;
	numerals?: boolean;
	profanityFilter?: boolean;
	redact?: string[];
	keyterm?: string[];
	keywords?: string[];
	summarize?: boolean;
	topics?: boolean;
	intents?: boolean;
	sentiment?: boolean;
	detectEntities?: boolean;
	fillerWords?: boolean;
	multichannel?: boolean;
}

/** Deepgram's query parameter for each option (deepgram-api.md §2), in the order they are sent. */
const WIRE_NAMES: { [K in keyof Required<TranscribeFeatures>]: string } = {
	smartFormat: 'smart_format',
	punctuate: 'punctuate',
	diarize: 'diarize',
	utterances: 'utterances',
	paragraphs: 'paragraphs',
	numerals: 'numerals',
	profanityFilter: 'profanity_filter',
	redact: 'redact',
	keyterm: 'keyterm',
	keywords: 'keywords',
	summarize: 'summarize',
	topics: 'topics',
	intents: 'intents',
	sentiment: 'sentiment',
	detectEntities: 'detect_entities',
	fillerWords: 'filler_words',
	multichannel: 'multichannel',
};

/** Summaries use Deepgram's current summarizer; `summarize=true` selects the legacy one. */
const SUMMARIZE_VERSION = 'v2';

export type LanguageChoice =
	| { detect: false; code: string }
	| { detect: true; candidates: string[] };

export interface ListenQueryInput {
	model: string;
	language: LanguageChoice;
	features: TranscribeFeatures;
	callback?: { url: string; method: CallbackMethod };
	tags: readonly string[];
	extra: readonly ExtraPair[];
}

function featureValue(key: keyof TranscribeFeatures, value: unknown): QueryValue {
	if (Array.isArray(value)) {
		const list = value.map((entry) => String(entry).trim()).filter((entry) => entry !== '');
		return list.length > 0 ? list : undefined;
	}
	if (value !== true) return undefined;
	return key === 'summarize' ? SUMMARIZE_VERSION : true;
}

/** The /v1/listen query for one item: repeated parameters as arrays, left-out ones undefined. */
export function listenQuery(input: ListenQueryInput): Array<[string, QueryValue]> {
	const query: Array<[string, QueryValue]> = [['model', input.model]];
	if (input.language.detect) {
		query.push([
			'detect_language',
			input.language.candidates.length ? input.language.candidates : true,
		]);
	} else {
		query.push(['language', input.language.code]);
	}
	for (const key of Object.keys(WIRE_NAMES) as Array<keyof TranscribeFeatures>) {
		const value = featureValue(key, input.features[key]);
		if (value !== undefined) query.push([WIRE_NAMES[key], value]);
	}
	if (input.callback) {
		query.push(['callback', input.callback.url]);
		// POST is Deepgram's default; only PUT (e.g. for pre-signed S3 URLs) needs saying.
		if (input.callback.method !== 'POST') query.push(['callback_method', input.callback.method]);
	}
	query.push(['tag', [...input.tags]]);
	query.push(['extra', input.extra.map(({ key, value }) => `${key}:${value}`)]);
	return query.filter(([, value]) => !(Array.isArray(value) && value.length === 0));
}
