// @ts-check
'use strict';
/**
 * Reads and validates the /v1/listen query (deepgram-api.md §2–3). Invalid values throw an
 * HttpError with Deepgram's legacy body; the messages marked [I] are the emulator's choice.
 */
const { HttpError, legacy } = require('./errors');

/** Pre-recorded boolean parameters; `true` ones become the record's features (except mip_opt_out). */
const BOOL_PARAMS = [
	'smart_format', 'punctuate', 'diarize', 'utterances', 'paragraphs', 'numerals', 'measurements',
	'dictation', 'profanity_filter', 'filler_words', 'multichannel', 'topics', 'intents', 'sentiment',
	'detect_entities', 'ner', 'mip_opt_out',
];
/** Repeatable parameters; the record's config lists them as arrays. */
const REPEATABLE = ['tag', 'extra', 'redact', 'search', 'replace', 'keywords', 'keyterm', 'custom_topic', 'custom_intent', 'detect_language'];
/** Parameters usage feature filters know besides the boolean features. */
const FILTER_PRESENCE = ['callback', 'callback_method', 'extra', 'tag', 'redact', 'search', 'replace', 'keywords', 'keyterm', 'custom_topic', 'custom_intent'];
const REJECTED_REDACT = ['cardinal', 'ordinal', 'percent'];
/** Closed value sets of `ListenV1RequestUrl` (SDK 5.13); Deepgram's serde names the variants. */
const ENUMS = {
	diarize_model: ['latest', 'v1', 'v2'],
	encoding: ['linear16', 'flac', 'mulaw', 'amr-nb', 'amr-wb', 'opus', 'speex', 'g729'],
	custom_topic_mode: ['extended', 'strict'],
	custom_intent_mode: ['extended', 'strict'],
};

/**
 * @typedef {object} CallbackTarget
 * @property {string} url          credentials stripped
 * @property {string | undefined} basicAuth  base64(user:pass) when the URL carried credentials
 * @property {string} sent       the URL as the client sent it, credentials included
 * @property {'POST' | 'PUT'} method
 */

/**
 * @typedef {object} ListenOptions
 * @property {string} model
 * @property {string} language
 * @property {Record<string, boolean>} bool   every BOOL_PARAMS entry
 * @property {boolean} punctuated    punctuate or smart_format
 * @property {boolean} diarize       diarize=true or any diarize_model
 * @property {string | undefined} summarize   'v2' | 'v1' (legacy true) | undefined
 * @property {string[] | undefined} detectLanguage  codes to choose from ([] = any); undefined = off
 * @property {string[]} search
 * @property {RawAudio | undefined} raw   set by `encoding` (with `sample_rate`, `channels`)
 * @property {string[]} requestTags
 * @property {Record<string, string> | undefined} extra
 * @property {CallbackTarget | undefined} callback
 * @property {string[]} features
 * @property {string[]} filterFeatures
 * @property {Record<string, unknown>} config
 */

/**
 * Headerless audio as the query describes it.
 * @typedef {object} RawAudio
 * @property {string} encoding
 * @property {number} sampleRate
 * @property {number} channels
 */

/** @param {string} msg */
const badParam = (msg) => new HttpError(400, legacy('INVALID_QUERY_PARAMETER', msg));

/**
 * @param {import('./query').Query} q
 * @param {import('./types').Config} config
 * @returns {ListenOptions}
 */
function parseListenOptions(q, config) {
	/** @type {Record<string, boolean>} */
	const bool = {};
	for (const name of BOOL_PARAMS) {
		const v = q.get(name);
		if (v !== undefined && v !== 'true' && v !== 'false') {
			// Deepgram deserializes the query with serde; this is its bool error text.
			throw badParam(`Failed to deserialize query parameters: ${name}: provided string was not \`true\` or \`false\``);
		}
		bool[name] = v === 'true';
	}

	for (const [name, allowed] of Object.entries(ENUMS)) {
		const v = q.get(name);
		if (v !== undefined && !allowed.includes(v)) {
			throw badParam(`Failed to deserialize query parameters: ${name}: unknown variant \`${v}\`, expected one of ${allowed.map((a) => `\`${a}\``).join(', ')}`);
		}
	}
	const uttSplit = q.get('utt_split');
	if (uttSplit !== undefined && !(Number(uttSplit) >= 0)) {
		throw badParam(`Failed to deserialize query parameters: utt_split: invalid float literal`);
	}
	const raw = rawAudio(q);

	const requestTags = q.all('tag');
	for (const tag of requestTags) {
		if ([...tag].length > 128) throw badParam(`Tag exceeds the maximum length of 128 characters: ${tag.slice(0, 32)}…`); // [I]
	}

	/** @type {Record<string, string> | undefined} */
	let extra;
	for (const pair of q.all('extra')) {
		if ([...pair].length > 2048) throw badParam('Extra metadata exceeds the maximum length of 2048 characters.'); // [I]
		const colon = pair.indexOf(':');
		if (colon <= 0) throw badParam(`Extra metadata must be formatted as key:value, got \`${pair.slice(0, 64)}\`.`); // [I]
		extra = extra ?? {};
		// Split at the first ':' (values may contain ':'); a repeated key keeps the last value.
		extra[pair.slice(0, colon)] = pair.slice(colon + 1);
	}

	const redact = q.all('redact').filter((r) => r !== 'false');
	for (const r of redact) {
		if (REJECTED_REDACT.includes(r.toLowerCase())) {
			throw badParam(`Failed to deserialize query parameters: redact: \`${r}\` is not a supported redaction entity`); // [I]
		}
	}

	const methodRaw = q.get('callback_method');
	let callbackMethod = /** @type {'POST' | 'PUT'} */ ('POST');
	if (methodRaw !== undefined) {
		const m = methodRaw.toUpperCase();
		if (m !== 'POST' && m !== 'PUT') {
			throw badParam(`Failed to deserialize query parameters: callback_method: unknown variant \`${methodRaw}\`, expected \`post\` or \`put\``);
		}
		callbackMethod = m;
	}

	const callbackRaw = q.get('callback');
	const callback = callbackRaw === undefined ? undefined : parseCallback(callbackRaw, callbackMethod, config);

	const summarizeRaw = q.get('summarize');
	let summarize;
	if (summarizeRaw !== undefined) {
		if (!['v1', 'v2', 'true', 'false'].includes(summarizeRaw)) {
			throw badParam(`Failed to deserialize query parameters: summarize: unknown variant \`${summarizeRaw}\`, expected \`v2\``);
		}
		summarize = summarizeRaw === 'v2' ? 'v2' : summarizeRaw === 'false' ? undefined : 'v1';
	}

	const dl = q.all('detect_language').filter((v) => v !== 'false');
	const detectLanguage = dl.length === 0 ? undefined : dl.filter((v) => v !== 'true');

	const features = BOOL_PARAMS.filter((n) => bool[n] && n !== 'mip_opt_out');
	if (detectLanguage) features.push('detect_language');
	if (summarize) features.push('summarize');
	if (q.has('diarize_model') && !bool.diarize) features.push('diarize');
	features.sort();
	const filterFeatures = [...new Set([...features, ...FILTER_PRESENCE.filter((n) => q.has(n))])].sort();

	return {
		model: q.get('model') || config.defaultModel,
		language: q.get('language') || 'en',
		bool,
		punctuated: bool.punctuate || bool.smart_format,
		diarize: bool.diarize || q.has('diarize_model'),
		summarize,
		detectLanguage,
		search: q.all('search'),
		raw,
		requestTags,
		extra,
		callback,
		features,
		filterFeatures,
		config: recordConfig(q, config.recordCallbackCredentials),
	};
}

/**
 * `encoding` needs `sample_rate` (raw audio has no header); `channels` defaults to 1. [I: the
 * messages]
 * @param {import('./query').Query} q
 * @returns {RawAudio | undefined}
 */
function rawAudio(q) {
	const encoding = q.get('encoding');
	const positive = (/** @type {string} */ name) => {
		const v = q.get(name);
		if (v === undefined) return undefined;
		if (!/^[1-9][0-9]*$/.test(v)) throw badParam(`Failed to deserialize query parameters: ${name}: invalid digit found in string`);
		return Number(v);
	};
	const sampleRate = positive('sample_rate');
	const channels = positive('channels') ?? 1;
	if (encoding === undefined) return undefined;
	if (sampleRate === undefined) throw badParam('sample_rate is required when encoding is set.');
	return { encoding, sampleRate, channels };
}

/**
 * @param {string} raw
 * @param {'POST' | 'PUT'} method
 * @param {import('./types').Config} config
 * @returns {CallbackTarget}
 */
function parseCallback(raw, method, config) {
	/** @type {URL} */
	let url;
	try {
		url = new URL(raw);
	} catch {
		throw badParam('Invalid callback url.');
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badParam('Invalid callback url.');
	if (url.hostname.includes('_')) {
		// Community-reported answer for hosts with '_' (deepgram-api.md §3, known issue).
		throw new HttpError(400, legacy('Bad Request', 'Failed to resolve callback.'));
	}
	const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
	const allowed = config.allowedCallbackPorts;
	if (allowed && !allowed.includes(port)) {
		throw badParam(`Invalid callback url. The port must be one of ${allowed.join(', ')}, got ${port}.`); // [I]
	}
	let basicAuth;
	if (url.username || url.password) {
		basicAuth = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
		url.username = '';
		url.password = '';
	}
	return { url: url.toString(), basicAuth, method, sent: raw };
}

/**
 * The query as the record's `details.config` shows it: booleans typed, repeatable ones as arrays.
 * The callback URL keeps its credentials out, unless `keepCredentials`.
 * @param {import('./query').Query} q
 * @param {boolean} keepCredentials
 * @returns {Record<string, unknown>}
 */
function recordConfig(q, keepCredentials) {
	/** @type {Record<string, unknown>} */
	const config = {};
	for (const key of q.keys()) {
		if (REPEATABLE.includes(key)) config[key] = q.all(key);
		else if (BOOL_PARAMS.includes(key)) config[key] = q.get(key) === 'true';
		else config[key] = q.get(key);
	}
	if (typeof config.callback === 'string' && !keepCredentials) {
		try {
			const u = new URL(config.callback);
			u.username = '';
			u.password = '';
			config.callback = u.toString();
		} catch {
			// invalid callbacks never reach a record's config of a served request
		}
	}
	return config;
}

module.exports = { parseListenOptions, BOOL_PARAMS };
