// @ts-check
'use strict';
/**
 * Callback delivery (deepgram-api.md §3): POST (or PUT) of the result JSON, `dg-token` with the
 * key id, Basic Auth from URL credentials, retried on non-2xx or connection failure.
 */
const http = require('http');
const https = require('https');

/**
 * @typedef {object} Delivery
 * @property {import('./types').ServedRecord} record
 * @property {unknown} body
 * @property {import('./listen-options').CallbackTarget} target
 * @property {string} keyId
 * @property {number} generation  state.generation when the request arrived
 */

/**
 * Delivers until a 2xx answer or the attempts run out. Every attempt lands in state.callbacks and
 * updates the record's `callback` field.
 * @param {import('./store').State} state
 * @param {Delivery} d
 */
async function deliverCallback(state, d) {
	const payload = Buffer.from(JSON.stringify(d.body));
	for (let attempt = 1; ; attempt++) {
		// Read the config per attempt: tests may shorten delays with configure() mid-way.
		const cfg = state.config;
		const maxAttempts = cfg.callbackRetriesIncludeFirst ? Math.max(1, cfg.callbackRetries) : cfg.callbackRetries + 1;
		/** @type {Record<string, string>} */
		const headers = { 'content-type': 'application/json', 'content-length': String(payload.length) };
		if (cfg.callbackSendDgToken) headers['dg-token'] = d.keyId;
		if (d.target.basicAuth) headers.authorization = `Basic ${d.target.basicAuth}`;
		const { status, error } = await send(state, d.target, headers, payload, cfg.callbackTimeoutMs);
		if (state.stopped || state.generation !== d.generation) return;
		const at = cfg.now();
		state.callbacks.push({
			requestId: d.record.request_id,
			attempt,
			url: d.target.url,
			method: d.target.method,
			headers,
			body: d.body,
			status,
			error,
			at,
		});
		d.record.callback = { attempts: attempt, code: status, completed: at.toISOString() };
		state.events.emit('callback');
		if (status !== undefined && status >= 200 && status < 300) return;
		if (attempt >= maxAttempts) return;
		await state.sleep(cfg.callbackRetryDelayMs);
	}
}

/**
 * One HTTP attempt; never rejects.
 * @param {import('./store').State} state
 * @param {import('./listen-options').CallbackTarget} target
 * @param {Record<string, string>} headers
 * @param {Buffer} payload
 * @param {number} timeoutMs
 * @returns {Promise<{ status: number | undefined, error: string | undefined }>}
 */
function send(state, target, headers, payload, timeoutMs) {
	return new Promise((resolve) => {
		const lib = target.url.startsWith('https:') ? https : http;
		// agent:false: one connection per attempt, so a receiver restarting between retries is seen fresh.
		const req = lib.request(target.url, { method: target.method, headers, agent: false, timeout: timeoutMs });
		state.outgoing.add(req);
		let settled = false;
		/** @param {number | undefined} status @param {string | undefined} error */
		const done = (status, error) => {
			if (settled) return;
			settled = true;
			state.outgoing.delete(req);
			resolve({ status, error });
		};
		req.on('response', (res) => {
			res.resume();
			res.on('end', () => done(res.statusCode, undefined));
			res.on('error', () => done(res.statusCode, undefined));
		});
		req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
		req.on('error', (err) => done(undefined, /** @type {NodeJS.ErrnoException} */ (err).code ?? err.message));
		req.end(payload);
	});
}

module.exports = { deliverCallback };
