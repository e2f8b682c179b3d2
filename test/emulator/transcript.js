// @ts-check
'use strict';
/**
 * Builds the /v1/listen JSON (deepgram-api.md §4) from a transcript text. Words get evenly spread
 * timings over the duration; confidences and ids derive from the audio's sha256, so the same audio
 * and options give the same body (except request_id and created).
 */
const { createHash } = require('crypto');
const { uuidFrom, SERVICE_MODEL_IDS } = require('./models');

/** @param {number} x @param {number} digits */
const round = (x, digits) => Number(x.toFixed(digits));

/** A number in [lo, hi) from a seed. @param {string} seed @param {number} lo @param {number} hi */
function seeded(seed, lo, hi) {
	const n = parseInt(createHash('sha256').update(seed).digest('hex').slice(0, 8), 16) / 0x100000000;
	return round(lo + n * (hi - lo), 6);
}

/**
 * @typedef {object} Word
 * @property {string} word
 * @property {number} start
 * @property {number} end
 * @property {number} confidence
 * @property {string} [punctuated_word]
 * @property {number} [speaker]
 * @property {number} [speaker_confidence]
 */

/**
 * @typedef {object} BuildInput
 * @property {string} requestId
 * @property {string} sha256
 * @property {string} created        ISO
 * @property {number} duration       seconds
 * @property {number} audioChannels
 * @property {string} text           the transcript, punctuated as it should read with punctuate=true
 * @property {import('./listen-options').ListenOptions} opts
 * @property {import('./types').ModelInfo} model
 */

/** @typedef {import('./sdk-types').ListenAnswer} ListenAnswer */

/**
 * @param {BuildInput} input
 * @returns {ListenAnswer}
 */
function buildResult({ requestId, sha256, created, duration, audioChannels, text, opts, model }) {
	// Tokens keep their punctuation (punctuated_word); `word` is the bare lower-case form.
	const tokens = text.split(/\s+/)
		.map((t) => ({ punct: t, bare: t.toLowerCase().replace(/[^\p{L}\p{N}']+/gu, '') }))
		.filter((t) => t.bare !== '');
	const n = tokens.length;
	const slot = n ? duration / n : 0;

	// Sentences end at a token ending in . ? or !; without punctuation the text is one sentence.
	/** @type {number[][]} */
	const sentences = [];
	let current = /** @type {number[]} */ ([]);
	tokens.forEach((t, i) => {
		current.push(i);
		if (/[.?!]$/.test(t.punct)) {
			sentences.push(current);
			current = [];
		}
	});
	if (current.length) sentences.push(current);
	/** @type {number[]} */
	const speakerOf = [];
	sentences.forEach((s, si) => s.forEach((i) => { speakerOf[i] = si % 2; }));

	/** @type {Word[]} */
	const words = tokens.map((t, i) => {
		/** @type {Word} */
		const w = {
			word: t.bare,
			start: round(i * slot, 3),
			end: round((i + 1) * slot, 3),
			confidence: seeded(`${sha256}:word:${i}`, 0.9, 1),
		};
		if (opts.punctuated) w.punctuated_word = t.punct;
		if (opts.diarize) {
			w.speaker = speakerOf[i];
			w.speaker_confidence = seeded(`${sha256}:speaker:${i}`, 0.5, 1);
		}
		return w;
	});
	const show = (/** @type {number[]} */ idx) => idx.map((i) => (opts.punctuated ? tokens[i].punct : tokens[i].bare)).join(' ');
	const punctText = (/** @type {number[]} */ idx) => idx.map((i) => tokens[i].punct).join(' ');
	const avg = (/** @type {number[]} */ idx) => (idx.length ? round(idx.reduce((a, i) => a + words[i].confidence, 0) / idx.length, 6) : 0);
	const all = tokens.map((_, i) => i);
	const span = (/** @type {number[]} */ idx) => ({ start: idx.length ? words[idx[0]].start : 0, end: idx.length ? words[idx[idx.length - 1]].end : 0 });

	/** @type {import('./sdk-types').ListenAlternative} */
	const alternative = { transcript: show(all), confidence: avg(all), words };
	if (opts.bool.paragraphs) alternative.paragraphs = paragraphs(sentences, speakerOf, opts.diarize, punctText, span);
	if (opts.summarize === 'v1') alternative.summaries = [{ summary: sentences.length ? punctText(sentences[0]) : '', start_word: 0, end_word: Math.max(0, n - 1) }];
	if (opts.bool.detect_entities) alternative.entities = [];

	const channelCount = opts.bool.multichannel ? Math.max(1, audioChannels) : 1;
	/** @type {import('./sdk-types').ListenChannel[]} */
	const channels = [];
	for (let c = 0; c < channelCount; c++) {
		/** @type {import('./sdk-types').ListenChannel} */
		const channel = {};
		if (opts.search.length) {
			channel.search = opts.search.map((query) => ({
				query,
				hits: words.filter((w) => w.word === query.toLowerCase()).map((w) => ({ confidence: 1, start: w.start, end: w.end, snippet: w.word })),
			}));
		}
		channel.alternatives = [alternative];
		if (opts.detectLanguage) {
			channel.detected_language = opts.detectLanguage[0] ?? (opts.language === 'multi' ? 'en' : opts.language);
			channel.language_confidence = seeded(`${sha256}:language`, 0.9, 1);
		}
		channels.push(channel);
	}

	/** @type {import('./sdk-types').ListenResults} */
	const results = { channels };
	if (opts.bool.utterances) {
		/** @type {import('./sdk-types').ListenUtterance[]} */
		const utterances = [];
		for (let c = 0; c < channelCount; c++) {
			for (const [si, s] of sentences.entries()) {
				utterances.push({
					...span(s),
					confidence: avg(s),
					channel: c,
					transcript: show(s),
					words: s.map((i) => words[i]),
					speaker: opts.diarize ? speakerOf[s[0]] : 0,
					id: uuidFrom(`${sha256}:utterance:${c}:${si}`),
				});
			}
		}
		results.utterances = utterances;
	}
	const firstSentence = sentences.length ? punctText(sentences[0]) : '';
	if (opts.summarize === 'v2') results.summary = { result: 'success', short: firstSentence };
	// Nested one level, as Deepgram's API description and SDK 5 type them (deepgram-api.md §4).
	if (opts.bool.topics) results.topics = { results: { topics: { segments: [] } } };
	if (opts.bool.intents) results.intents = { results: { intents: { segments: [] } } };
	if (opts.bool.sentiment) {
		results.sentiments = {
			segments: sentences.map((s) => ({ text: punctText(s), start_word: s[0], end_word: s[s.length - 1], sentiment: 'neutral', sentiment_score: 0 })),
			average: { sentiment: 'neutral', sentiment_score: 0 },
		};
	}

	/** @type {import('./sdk-types').ListenMetadata} */
	const metadata = {
		transaction_key: 'deprecated',
		request_id: requestId,
		sha256,
		created,
		duration,
		channels: channelCount,
		models: [model.model_id],
		model_info: { [model.model_id]: { name: model.name, version: model.version, arch: model.arch } },
	};
	const tokensInfo = (/** @type {string} */ id, /** @type {number} */ out) => ({ model_uuid: id, input_tokens: n, output_tokens: out });
	if (opts.summarize === 'v2') metadata.summary_info = tokensInfo(SERVICE_MODEL_IDS.summary, firstSentence ? firstSentence.split(' ').length : 0);
	if (opts.bool.sentiment) metadata.sentiment_info = tokensInfo(SERVICE_MODEL_IDS.sentiment, 0);
	if (opts.bool.topics) metadata.topics_info = tokensInfo(SERVICE_MODEL_IDS.topics, 0);
	if (opts.bool.intents) metadata.intents_info = tokensInfo(SERVICE_MODEL_IDS.intents, 0);
	if (opts.extra) metadata.extra = { ...opts.extra };
	return { metadata, results };
}

/**
 * Paragraphs group consecutive sentences of one speaker; the transcript starts with "\n" as in
 * real output, and names speakers when diarized.
 * @param {number[][]} sentences
 * @param {number[]} speakerOf
 * @param {boolean} diarize
 * @param {(idx: number[]) => string} text
 * @param {(idx: number[]) => { start: number, end: number }} span
 */
function paragraphs(sentences, speakerOf, diarize, text, span) {
	/** @type {number[][][]} */
	const groups = [];
	for (const s of sentences) {
		const last = groups[groups.length - 1];
		if (last && (!diarize || speakerOf[last[0][0]] === speakerOf[s[0]])) last.push(s);
		else groups.push([s]);
	}
	const list = groups.map((g) => {
		const idx = g.flat();
		/** @type {Record<string, unknown>} */
		const p = { sentences: g.map((s) => ({ text: text(s), ...span(s) })) };
		if (diarize) p.speaker = speakerOf[idx[0]];
		return { ...p, num_words: idx.length, ...span(idx) };
	});
	const transcript = groups
		.map((g) => `${diarize ? `Speaker ${speakerOf[g[0][0]]}: ` : ''}${g.map((s) => text(s)).join(' ')}`)
		.map((t) => `\n${t}`)
		.join('\n');
	return { transcript, paragraphs: list };
}

module.exports = { buildResult, round };
