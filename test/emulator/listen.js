// @ts-check
'use strict';
/**
 * POST /v1/listen: auth, query validation, the concurrency limit, streamed media or a JSON {url},
 * then a synchronous transcript or (with `callback`) an immediate {request_id} and a later callback.
 * Every authenticated request that passes the concurrency gate becomes a record in state.served.
 */
const http = require('http');
const { randomUUID, createHash } = require('crypto');
const { HttpError, legacy, MSG } = require('./errors');
const { consumeBody } = require('./body');
const { parseListenOptions } = require('./listen-options');
const { parseWavHeader, wavDuration } = require('./wav');
const { resolveModel } = require('./models');
const { buildResult, round } = require('./transcript');
const { deliverCallback } = require('./callbacks');
const { servedRecord } = require('./records');

const HEAD_KEEP = 64 * 1024; // enough for any WAV header
const JSON_KEEP = 1024 * 1024; // a {url} body; larger "JSON" is treated as unprocessable
// Duration of non-WAV media: bytes / 32000, i.e. as if 16 kHz 16-bit mono PCM. [I]
const NON_WAV_BYTES_PER_SECOND = 32000;
/** Raw audio (`encoding` + `sample_rate`): bytes per sample; compressed ones as if 16-bit. [I] */
/** @type {Record<string, number>} */
const RAW_BYTES_PER_SAMPLE = { linear16: 2, mulaw: 1 };

/**
 * @typedef {object} Media
 * @property {number} bytes
 * @property {string} sha256
 * @property {Buffer} head
 */

/**
 * @typedef {object} Job
 * @property {import('./context').Ctx} ctx
 * @property {import('./types').Key} key
 * @property {string} requestId
 * @property {Date} createdAt
 * @property {import('./listen-options').ListenOptions} opts
 */

/** @param {import('./context').Ctx} ctx */
async function handleListen(ctx) {
	const { state } = ctx;
	if (ctx.req.method !== 'POST') {
		throw new HttpError(405, legacy('METHOD_NOT_ALLOWED', 'Method not allowed.'), { allow: 'POST' });
	}
	const key = ctx.authenticate();
	const requestId = randomUUID();
	const createdAt = state.config.now();
	const isAsync = ctx.query.has('callback');
	/** @type {import('./listen-options').ListenOptions} */
	let opts;
	try {
		opts = parseListenOptions(ctx.q(), state.config);
	} catch (err) {
		throw failed(ctx, key, requestId, createdAt, isAsync, err);
	}
	if (!state.acquire(key.projectId, requestId)) {
		/** @type {Record<string, string>} */
		const headers = { 'dg-request-id': requestId };
		if (state.config.retryAfterSeconds !== null) headers['retry-after'] = String(state.config.retryAfterSeconds);
		throw new HttpError(429, legacy('TOO_MANY_REQUESTS', MSG.tooMany, requestId), headers);
	}
	/** @type {Job} */
	const job = { ctx, key, requestId, createdAt, opts };
	let handedOff = false;
	try {
		const source = await readSource(ctx);
		if (!source) return; // the client went away mid-upload; nobody to answer
		if (opts.callback) {
			if (state.config.fetchUrlBeforeAccept && 'url' in source) await fetchMedia(state, source.url);
			const record = newRecord(job, 'async');
			if (ctx.generation === state.generation) state.served.push(record);
			ctx.send(200, { request_id: requestId }, { 'dg-request-id': requestId });
			handedOff = true;
			runAsync(job, record, source).catch(() => {});
			return;
		}
		const media = 'url' in source ? await fetchMedia(state, source.url) : source;
		await state.sleep(state.config.latencyMs);
		const record = newRecord(job, 'sync');
		const result = complete(job, record, media);
		if (ctx.generation === state.generation) state.served.push(record);
		ctx.send(200, result, { 'dg-request-id': requestId });
	} catch (err) {
		throw failed(ctx, key, requestId, createdAt, isAsync, err);
	} finally {
		if (!handedOff) state.release(key.projectId, requestId);
	}
}

/**
 * The uploaded media, or the URL of a JSON body. Undefined when the upload was aborted.
 * @param {import('./context').Ctx} ctx
 * @returns {Promise<Media | { url: string } | undefined>}
 */
async function readSource(ctx) {
	const { config } = ctx.state;
	const body = await ctx.readBody(ctx.isJson ? JSON_KEEP : HEAD_KEEP);
	if (body.aborted) return undefined;
	if (body.bytes > config.maxBodyBytes) {
		throw new HttpError(413, legacy('PAYLOAD_TOO_LARGE', `Payload size exceeds limit of ${formatBytes(config.maxBodyBytes)}.`)); // [I]
	}
	if (body.bytes === 0) throw new HttpError(400, legacy('Bad Request', MSG.corrupt));
	if (ctx.isJson) {
		const json = body.truncated ? undefined : tryJson(body.head);
		if (!json || typeof json !== 'object' || typeof (/** @type {{ url?: unknown }} */ (json).url) !== 'string') {
			throw new HttpError(400, legacy('Bad Request', MSG.badJson));
		}
		return { url: /** @type {{ url: string }} */ (json).url };
	}
	// A JSON document sent with a media type is what Deepgram calls corrupt data (§5, first row).
	if (/^\s*[{[]/.test(body.head.subarray(0, 64).toString('latin1')) && tryJson(body.head) !== undefined) {
		throw new HttpError(400, legacy('Bad Request', MSG.corrupt));
	}
	return body;
}

/** @param {Buffer} buf */
function tryJson(buf) {
	try {
		return JSON.parse(buf.toString('utf8'));
	} catch {
		return undefined;
	}
}

/** @param {number} n */
function formatBytes(n) {
	return n % 1024 ** 3 === 0 ? `${n / 1024 ** 3} GB` : n % 1024 ** 2 === 0 ? `${n / 1024 ** 2} MB` : `${n} bytes`;
}

/**
 * Callback mode after the immediate reply: fetch (URL bodies), process, then deliver the result or
 * the error body.
 * @param {Job} job
 * @param {import('./types').ServedRecord} record
 * @param {Media | { url: string }} source
 */
async function runAsync(job, record, source) {
	const { state } = job.ctx;
	const target = /** @type {import('./listen-options').CallbackTarget} */ (job.opts.callback);
	/** @type {unknown} */
	let body;
	try {
		const media = 'url' in source ? await fetchMedia(state, source.url) : source;
		await state.sleep(state.config.latencyMs);
		body = complete(job, record, media);
	} catch (err) {
		const e = err instanceof HttpError ? err : new HttpError(500, legacy('INTERNAL_SERVER_ERROR', String(err)));
		const b = /** @type {{ err_code?: string, err_msg?: string }} */ (e.body);
		body = { err_code: b.err_code, err_msg: b.err_msg, request_id: job.requestId };
		record.code = e.status;
		record.message = b.err_msg;
		record.completed = state.config.now().toISOString();
		record.result = body;
	} finally {
		state.release(job.key.projectId, job.requestId);
	}
	await state.sleep(state.config.callbackDelayMs);
	await deliverCallback(state, { record, body, target, keyId: job.key.id, generation: job.ctx.generation });
}

/**
 * A record for an accepted request; `complete` fills in the outcome.
 * @param {Job} job
 * @param {'sync' | 'async'} method
 * @returns {import('./types').ServedRecord}
 */
function newRecord(job, method) {
	const { ctx, key, requestId, createdAt, opts } = job;
	return servedRecord(
		{ path: ctx.fullPath, key, requestId, createdAt, model: resolveModel(opts.model, opts.language) },
		{
			method,
			endpoint: 'listen',
			tags: [...new Set([...opts.requestTags, ...key.tags])],
			features: opts.features,
			filterFeatures: opts.filterFeatures,
			language: opts.language,
			config: opts.config,
			callbackUrl: ctx.state.config.recordCallbackCredentials ? opts.callback?.sent : opts.callback?.url,
		},
	);
}

/**
 * Builds the transcript for the media and marks the record succeeded.
 * @param {Job} job
 * @param {import('./types').ServedRecord} record
 * @param {Media} media
 */
function complete(job, record, media) {
	const { state } = job.ctx;
	const cfg = state.config;
	const wav = parseWavHeader(media.head);
	const raw = job.opts.raw;
	const seconds = raw
		? media.bytes / (raw.sampleRate * raw.channels * (RAW_BYTES_PER_SAMPLE[raw.encoding] ?? 2))
		: wavDuration(media.head, media.bytes) ?? media.bytes / NON_WAV_BYTES_PER_SECOND;
	const duration = round(seconds, 6);
	const result = buildResult({
		requestId: job.requestId,
		sha256: media.sha256,
		created: record.created,
		duration,
		audioChannels: raw?.channels ?? wav?.channels ?? 1,
		text: cfg.transcripts[media.sha256] ?? cfg.defaultTranscript,
		opts: job.opts,
		model: record.modelInfo[0],
	});
	const channels = Number(result.metadata.channels);
	const detected = /** @type {Array<{ detected_language?: string }>} */ (result.results.channels)[0].detected_language;
	record.code = 200;
	record.completed = cfg.now().toISOString();
	record.duration = duration;
	record.channels = channels;
	// Billed per channel processed (multichannel counts each channel).
	record.usd = ((duration * channels) / 3600) * cfg.pricePerHour;
	if (detected) record.language = detected;
	record.result = result;
	return result;
}

/**
 * Records a failed request (4xx/5xx answered by the listen handler itself) and returns the error
 * to throw, its request_id set to the record's.
 * @param {import('./context').Ctx} ctx
 * @param {import('./types').Key} key
 * @param {string} requestId
 * @param {Date} createdAt
 * @param {boolean} isAsync
 * @param {unknown} err
 */
function failed(ctx, key, requestId, createdAt, isAsync, err) {
	if (!(err instanceof HttpError)) return err;
	const body = /** @type {Record<string, unknown>} */ (err.body);
	if (body && typeof body === 'object' && 'request_id' in body) body.request_id = requestId;
	err.headers['dg-request-id'] = requestId;
	if (err.status === 429 || ctx.generation !== ctx.state.generation) return err;
	const q = ctx.query;
	const model = resolveModel(q.get('model') || ctx.state.config.defaultModel, q.get('language') || 'en');
	ctx.state.served.push(servedRecord(
		{ path: ctx.fullPath, key, requestId, createdAt, model },
		{
			completed: ctx.state.config.now().toISOString(),
			code: err.status,
			message: typeof body?.err_msg === 'string' ? body.err_msg : undefined,
			method: isAsync ? 'async' : 'sync',
			endpoint: 'listen',
			tags: [...new Set([...q.all('tag'), ...key.tags])],
			language: q.get('language') || 'en',
			result: body,
		},
	));
	return err;
}

/**
 * The media behind a {url}: the configured urlAudio entry, or a real fetch for loopback http URLs
 * (streamed, so a large local file stays out of memory); anything else is unreachable.
 * @param {import('./store').State} state
 * @param {string} url
 * @returns {Promise<Media>}
 */
async function fetchMedia(state, url) {
	const known = state.config.urlAudio[url];
	if (known !== undefined) {
		const buf = Buffer.isBuffer(known) ? known : Buffer.from(known);
		return { bytes: buf.length, sha256: createHash('sha256').update(buf).digest('hex'), head: buf.subarray(0, HEAD_KEEP) };
	}
	/** @type {URL} */
	let u;
	try {
		u = new URL(url);
	} catch {
		throw remoteError('The URL for media download is invalid.'); // [I]
	}
	if (u.protocol !== 'http:' && u.protocol !== 'https:') throw remoteError('The URL for media download is invalid.');
	const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
	if (!loopback || u.protocol !== 'http:') throw remoteError('The remote server hosting the media returned a client error: 404 Not Found.');
	const media = await fetchLoopback(u, 5);
	if (media.bytes === 0) throw new HttpError(400, legacy('Bad Request', MSG.corrupt));
	return media;
}

/** @param {string} msg */
function remoteError(msg) {
	return new HttpError(400, legacy('REMOTE_CONTENT_ERROR', msg));
}

/**
 * @param {URL} u
 * @param {number} redirectsLeft
 * @returns {Promise<Media>}
 */
function fetchLoopback(u, redirectsLeft) {
	return new Promise((resolve, reject) => {
		const req = http.get(u, { agent: false }, (res) => {
			const status = res.statusCode ?? 0;
			if (status >= 300 && status < 400 && res.headers.location && redirectsLeft > 0) {
				res.resume();
				fetchLoopback(new URL(res.headers.location, u), redirectsLeft - 1).then(resolve, reject);
				return;
			}
			if (status < 200 || status >= 300) {
				res.resume();
				const kind = status >= 500 ? 'server' : 'client';
				reject(remoteError(`The remote server hosting the media returned a ${kind} error: ${status} ${http.STATUS_CODES[status] ?? ''}.`.replace(' .', '.')));
				return;
			}
			consumeBody(res, HEAD_KEEP).then((b) => {
				if (b.aborted) reject(remoteError('The remote server hosting the media closed the connection early.'));
				else resolve(b);
			});
		});
		req.on('error', () => reject(remoteError('Could not connect to the remote server hosting the media.'))); // [I]
	});
}

module.exports = { handleListen };
