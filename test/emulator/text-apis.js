// @ts-check
'use strict';
/**
 * POST /v1/speak (text to speech) and POST /v1/read (Text Intelligence), minimal: enough for
 * their tagged requests to be records that usage counts, as `tts_characters` and
 * `tokens_in`/`tokens_out`. Request and answer shapes follow Deepgram's SDK types
 * (`SpeakV1Request`, `ReadV1RequestText`, `ReadV1Response`); the audio and the analysis are
 * stand-ins. [I: token counts are the words of the text in, of the summary out]
 */
const { randomUUID } = require('crypto');
const { HttpError, legacy } = require('./errors');
const { resolveModel, SERVICE_MODEL_IDS } = require('./models');
const { makeWav } = require('./wav');
const { servedRecord } = require('./records');

const BODY_KEEP = 1024 * 1024;
/** Deepgram's limit per /v1/speak request. [V, TTS docs] */
const MAX_TTS_CHARACTERS = 2000;
const DEFAULT_VOICE = 'aura-2-thalia-en';
/** About 15 characters per second of speech; the audio is silence of that length. [I] */
const CHARACTERS_PER_SECOND = 15;

/** @param {string} text */
const wordsOf = (text) => text.split(/\s+/).filter(Boolean);

/**
 * @param {import('./context').Ctx} ctx
 * @param {'speak' | 'read'} endpoint
 */
async function handleText(ctx, endpoint) {
	if (ctx.req.method !== 'POST') {
		throw new HttpError(405, legacy('METHOD_NOT_ALLOWED', 'Method not allowed.'), { allow: 'POST' });
	}
	const key = ctx.authenticate();
	const q = ctx.q();
	await ctx.readBody(BODY_KEEP);
	const body = /** @type {{ text?: unknown } | undefined} */ (ctx.entry.json);
	if (!ctx.isJson || typeof body?.text !== 'string' || body.text.trim() === '') {
		throw new HttpError(400, legacy('Bad Request', 'The request body must be JSON with a non-empty "text".')); // [I]
	}
	const text = body.text;
	const { state } = ctx;
	const now = state.config.now();
	const requestId = randomUUID();
	const model = resolveModel(q.get('model') || (endpoint === 'speak' ? DEFAULT_VOICE : 'text'), q.get('language') || 'en');
	const record = servedRecord(
		{ path: ctx.fullPath, key, requestId, createdAt: now, model },
		{
			completed: now.toISOString(),
			code: 200,
			method: 'sync',
			endpoint,
			tags: [...new Set([...q.all('tag'), ...key.tags])],
			filterFeatures: q.has('tag') ? ['tag'] : [],
			language: q.get('language') || 'en',
			config: Object.fromEntries(q.keys().map((k) => [k, k === 'tag' ? q.all(k) : q.get(k)])),
		},
	);

	if (endpoint === 'speak') {
		const characters = [...text].length;
		if (characters > MAX_TTS_CHARACTERS) {
			throw new HttpError(413, legacy('PAYLOAD_TOO_LARGE', `Text exceeds the maximum of ${MAX_TTS_CHARACTERS} characters.`)); // [I]
		}
		record.ttsCharacters = characters;
		record.usd = characters * state.config.pricePerTtsCharacter;
		const audio = makeWav({ seconds: Math.max(1, Math.ceil(characters / CHARACTERS_PER_SECOND)), sampleRate: 1000 });
		if (ctx.generation === state.generation) state.served.push(record);
		ctx.entry.status = 200;
		ctx.res.writeHead(200, {
			'content-type': 'audio/wav',
			'content-length': String(audio.length),
			'dg-request-id': requestId,
			'dg-char-count': String(characters),
			'dg-model-name': model.name,
		});
		ctx.res.end(audio);
		return;
	}

	const features = ['summarize', 'topics', 'intents', 'sentiment'].filter((f) => {
		const v = q.get(f);
		return v !== undefined && v !== 'false';
	});
	const sentences = text.split(/(?<=[.?!])\s+/).filter(Boolean);
	const summary = sentences[0] ?? '';
	const tokensIn = wordsOf(text).length;
	const tokensOut = features.includes('summarize') ? wordsOf(summary).length : 0;
	record.features = features;
	record.tokensIn = tokensIn;
	record.tokensOut = tokensOut;
	record.usd = (record.tokensIn + record.tokensOut) * state.config.pricePerToken;
	const info = (/** @type {string} */ id, /** @type {number} */ out) => ({ model_uuid: id, input_tokens: tokensIn, output_tokens: out });
	/** @type {import('./sdk-types').ReadAnswer} */
	const answer = {
		metadata: {
			metadata: {
				request_id: requestId,
				created: now.toISOString(),
				language: record.language,
				...(features.includes('summarize') ? { summary_info: info(SERVICE_MODEL_IDS.summary, tokensOut) } : {}),
				...(features.includes('topics') ? { topics_info: info(SERVICE_MODEL_IDS.topics, 0) } : {}),
				...(features.includes('intents') ? { intents_info: info(SERVICE_MODEL_IDS.intents, 0) } : {}),
				...(features.includes('sentiment') ? { sentiment_info: info(SERVICE_MODEL_IDS.sentiment, 0) } : {}),
			},
		},
		results: {
			...(features.includes('summarize') ? { summary: { results: { summary: { text: summary } } } } : {}),
			...(features.includes('topics') ? { topics: { results: { topics: { segments: [] } } } } : {}),
			...(features.includes('intents') ? { intents: { results: { intents: { segments: [] } } } } : {}),
			...(features.includes('sentiment') ? { sentiments: { segments: [], average: { sentiment: 'neutral', sentiment_score: 0 } } } : {}),
		},
	};
	record.result = answer;
	if (ctx.generation === state.generation) state.served.push(record);
	ctx.send(200, answer, { 'dg-request-id': requestId });
}

module.exports = { handleText };
