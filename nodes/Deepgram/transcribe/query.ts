import type { CallbackMethod } from '../shared/constants';
import type { QueryValue } from '../shared/query';
import type { ExtraPair } from '../shared/types';

/** The Options collection as the node reads it; a feature is sent only when switched on or set. */
export interface TranscribeFeatures {
	smartFormat?: boolean;
	punctuate?: boolean;
	diarize?: boolean;
	diarizeModel?: string;
	utterances?: boolean;
	uttSplit?: number;
	paragraphs?: boolean;
	numerals?: boolean;
	measurements?: boolean;
	dictation?: boolean;
	profanityFilter?: boolean;
	redact?: string[];
	keyterm?: string[];
	keywords?: string[];
	search?: string[];
	replace?: string[];
	summarize?: boolean;
	topics?: boolean;
	customTopic?: string[];
	customTopicMode?: string;
	intents?: boolean;
	customIntent?: string[];
	customIntentMode?: string;
	sentiment?: boolean;
	detectEntities?: boolean;
	fillerWords?: boolean;
	multichannel?: boolean;
	encoding?: string;
	sampleRate?: number;
	channels?: number;
	version?: string;
	mipOptOut?: boolean;
}

/**
 * Every /v1/listen query parameter the node sets itself, and the setting that sets it (named in
 * errors). These are the fields of Deepgram's `ListenV1RequestUrl` but `url` (the body), plus
 * `sample_rate` and `channels` for raw audio, which Deepgram documents and its SDK type lacks
 * (test/unit/contract checks this list against the SDK's type).
 */
export const NODE_QUERY_PARAMETERS = {
	model: 'Model',
	version: 'Options → Model Version',
	language: 'Language',
	detect_language: 'Detect Language',
	smart_format: 'Options → Smart Format',
	punctuate: 'Options → Punctuate',
	diarize: 'Options → Diarize (Deprecated)',
	diarize_model: 'Options → Diarization Model',
	utterances: 'Options → Utterances',
	utt_split: 'Options → Utterance Split (Seconds)',
	paragraphs: 'Options → Paragraphs',
	numerals: 'Options → Numerals',
	measurements: 'Options → Measurements',
	dictation: 'Options → Dictation',
	profanity_filter: 'Options → Profanity Filter',
	redact: 'Options → Redact',
	keyterm: 'Options → Keyterms',
	keywords: 'Options → Keywords',
	search: 'Options → Search',
	replace: 'Options → Replace',
	summarize: 'Options → Summarize',
	topics: 'Options → Topics',
	custom_topic: 'Options → Custom Topics',
	custom_topic_mode: 'Options → Custom Topic Mode',
	intents: 'Options → Intents',
	custom_intent: 'Options → Custom Intents',
	custom_intent_mode: 'Options → Custom Intent Mode',
	sentiment: 'Options → Sentiment',
	detect_entities: 'Options → Detect Entities',
	filler_words: 'Options → Filler Words',
	multichannel: 'Options → Multichannel',
	encoding: 'Options → Encoding (Raw Audio)',
	sample_rate: 'Options → Sample Rate (Raw Audio)',
	channels: 'Options → Channels (Raw Audio)',
	mip_opt_out: 'Options → Opt Out of Model Improvement',
	callback: 'Results Processing (Callback URL)',
	callback_method: 'Callback Method',
	tag: 'Tags',
	extra: 'Extra Metadata',
} as const;
export type NodeQueryKey = keyof typeof NODE_QUERY_PARAMETERS;

/** Deepgram's query parameter for each option, in the order they are sent. */
const WIRE_NAMES: { [K in keyof Required<TranscribeFeatures>]: NodeQueryKey } = {
	version: 'version',
	smartFormat: 'smart_format',
	punctuate: 'punctuate',
	diarize: 'diarize',
	diarizeModel: 'diarize_model',
	utterances: 'utterances',
	uttSplit: 'utt_split',
	paragraphs: 'paragraphs',
	numerals: 'numerals',
	measurements: 'measurements',
	dictation: 'dictation',
	profanityFilter: 'profanity_filter',
	redact: 'redact',
	keyterm: 'keyterm',
	keywords: 'keywords',
	search: 'search',
	replace: 'replace',
	summarize: 'summarize',
	topics: 'topics',
	customTopic: 'custom_topic',
	customTopicMode: 'custom_topic_mode',
	intents: 'intents',
	customIntent: 'custom_intent',
	customIntentMode: 'custom_intent_mode',
	sentiment: 'sentiment',
	detectEntities: 'detect_entities',
	fillerWords: 'filler_words',
	multichannel: 'multichannel',
	encoding: 'encoding',
	sampleRate: 'sample_rate',
	channels: 'channels',
	mipOptOut: 'mip_opt_out',
};

/** The wire name of an option of the Options collection (descriptions and tests name it). */
export const wireName = (option: keyof TranscribeFeatures): NodeQueryKey => WIRE_NAMES[option];

/** Summaries use Deepgram's current summarizer; `summarize=true` selects the legacy one. */
const SUMMARIZE_VERSION = 'v2';

export type LanguageChoice =
	| { detect: false; code: string }
	| { detect: true; candidates: string[] };

/** A query parameter the node does not know, from Additional Query Parameters (checked before). */
export interface AdditionalParameter {
	name: string;
	value: string;
}

export interface ListenQueryInput {
	model: string;
	language: LanguageChoice;
	features: TranscribeFeatures;
	callback?: { url: string; method: CallbackMethod };
	tags: readonly string[];
	extra: readonly ExtraPair[];
	additional?: readonly AdditionalParameter[];
}

function featureValue(key: keyof TranscribeFeatures, value: unknown): QueryValue {
	if (Array.isArray(value)) {
		const list = value.map((entry) => String(entry).trim()).filter((entry) => entry !== '');
		return list.length > 0 ? list : undefined;
	}
	if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (value !== true) return undefined;
	return key === 'summarize' ? SUMMARIZE_VERSION : true;
}

/** The /v1/listen query for one item: repeated parameters as arrays, left-out ones undefined. */
export function listenQuery(input: ListenQueryInput): Array<[string, QueryValue]> {
	const query: Array<[NodeQueryKey, QueryValue]> = [['model', input.model]];
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
	const additional: Array<[string, QueryValue]> = (input.additional ?? []).map(
		({ name, value }) => [name, value],
	);
	return [...query, ...additional].filter(
		([, value]) => !(Array.isArray(value) && value.length === 0),
	);
}
