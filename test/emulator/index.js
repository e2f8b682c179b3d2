// @ts-check
'use strict';
/**
 * A local Deepgram HTTP server for tests (Deepgram itself is unreachable from CI).
 * Behaviour follows /work/shared/deepgram-api.md; `startEmulator` is the entry point.
 */
const http = require('http');
const { randomUUID } = require('crypto');
const { State } = require('./store');
const { Ctx } = require('./context');
const { HttpError, legacy, defaultFaultBody } = require('./errors');
const { addFault, takeFault } = require('./faults');
const { addListingShift } = require('./shift');
const { handleListen } = require('./listen');
const { handleManagement } = require('./management');
const { handleUsage } = require('./usage');
const { handleText } = require('./text-apis');

const HOST = '127.0.0.1';
const SMALL_BODY_KEEP = 1024 * 1024;

/**
 * @typedef {object} Emulator
 * @property {string} baseUrl
 * @property {number} port
 * @property {import('./types').RequestLogEntry[]} requests
 * @property {import('./types').ServedRecord[]} served
 * @property {import('./types').CallbackAttempt[]} callbacks
 * @property {import('./types').Config} config  the options in effect (read-only view)
 * @property {(n: number, timeoutMs?: number | { timeoutMs?: number, attempts?: boolean }, opts?: { attempts?: boolean }) => Promise<import('./types').CallbackAttempt[]>} waitForCallbacks
 * @property {(spec: import('./types').FaultSpec) => void} fault
 * @property {(spec: import('./types').ListingShift) => void} shiftListing  new records appear while a client pages
 * @property {(options: import('./types').EmulatorOptions) => void} configure
 * @property {() => void} reset
 * @property {() => Promise<void>} stop
 */

/**
 * @param {import('./types').EmulatorOptions} [options]
 * @returns {Promise<Emulator>}
 */
async function startEmulator(options = {}) {
	const state = new State(options);
	// requestTimeout 0: multi-GB uploads may take longer than Node's default 300 s.
	const server = http.createServer({ requestTimeout: 0 }, (req, res) => {
		handle(state, req, res).catch(() => {
			if (!res.headersSent) res.destroy();
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, HOST, () => resolve(undefined));
	});
	const address = /** @type {import('net').AddressInfo} */ (server.address());
	const baseUrl = `http://${HOST}:${address.port}`;
	/** @type {Promise<void> | undefined} */
	let stopping;

	return {
		baseUrl,
		port: address.port,
		get requests() { return state.requests; },
		get served() { return state.served; },
		get callbacks() { return state.callbacks; },
		get config() { return state.config; },
		waitForCallbacks(n, timeoutMs, opts) {
			let timeout = 5000;
			let attempts = false;
			if (typeof timeoutMs === 'object') {
				timeout = timeoutMs.timeoutMs ?? timeout;
				attempts = Boolean(timeoutMs.attempts);
			} else if (typeof timeoutMs === 'number') {
				timeout = timeoutMs;
			}
			if (opts?.attempts) attempts = true;
			return waitForCallbacks(state, n, timeout, attempts);
		},
		fault(spec) { addFault(state, spec); },
		shiftListing(spec) { addListingShift(state, spec); },
		configure(o) { state.configure(o); },
		reset() { state.reset(); },
		stop() {
			stopping ??= new Promise((resolve) => {
				state.stopped = true;
				state.cancelTimers();
				for (const r of state.outgoing) r.destroy();
				server.close(() => resolve());
				server.closeAllConnections();
			});
			return stopping;
		},
	};
}

/**
 * @param {State} state
 * @param {number} n
 * @param {number} timeoutMs
 * @param {boolean} attempts  count every attempt, not only 2xx deliveries
 * @returns {Promise<import('./types').CallbackAttempt[]>}
 */
function waitForCallbacks(state, n, timeoutMs, attempts) {
	const pick = () => (attempts ? state.callbacks : state.callbacks.filter((c) => c.status !== undefined && c.status >= 200 && c.status < 300));
	return new Promise((resolve, reject) => {
		const check = () => {
			const list = pick();
			if (list.length < n) return false;
			cleanup();
			resolve(list.slice());
			return true;
		};
		const onCallback = () => { check(); };
		const timer = setTimeout(() => {
			cleanup();
			const what = attempts ? 'callback attempts' : 'successful callbacks';
			reject(new Error(`waitForCallbacks: wanted ${n} ${what} within ${timeoutMs} ms, got ${pick().length} (${state.callbacks.length} attempts)`));
		}, timeoutMs);
		const cleanup = () => {
			clearTimeout(timer);
			state.events.off('callback', onCallback);
		};
		if (check()) return;
		state.events.on('callback', onCallback);
	});
}

/**
 * @param {State} state
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 */
async function handle(state, req, res) {
	const ctx = new Ctx(state, req, res);
	state.requests.push(ctx.entry);
	const fault = takeFault(state, ctx.entry.method, ctx.path);
	if (fault?.afterAccept) {
		answerAfterAccepting(ctx, fault);
	} else if (fault) {
		if (fault.delayMs) await state.sleep(fault.delayMs);
		if (fault.drop) {
			req.socket.destroy();
			return;
		}
		if (fault.status !== undefined && fault.early) {
			// Answered before the upload is read, as a gateway refusing a request does; the rest of
			// the upload is never read and the connection closes.
			const requestId = randomUUID();
			ctx.send(fault.status, fault.body !== undefined ? fault.body : defaultFaultBody(fault.status, requestId), {
				...(fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {}),
				'dg-request-id': requestId,
				connection: 'close',
			});
			ctx.res.once('finish', () => setTimeout(() => req.socket.destroy(), 50));
			return;
		}
		if (fault.status !== undefined && fault.cut) {
			await ctx.readBody(SMALL_BODY_KEEP);
			sendCut(ctx, fault.status, fault.body !== undefined ? fault.body : defaultFaultBody(fault.status, randomUUID()));
			return;
		}
		if (fault.status !== undefined) {
			await ctx.readBody(SMALL_BODY_KEEP);
			/** @type {Record<string, string>} */
			const headers = { ...(fault.headers ?? {}) };
			if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
			const requestId = randomUUID();
			headers['dg-request-id'] ??= requestId;
			ctx.send(fault.status, fault.body !== undefined ? fault.body : defaultFaultBody(fault.status, requestId), headers);
			return;
		}
	}
	try {
		await route(ctx);
	} catch (err) {
		const e = err instanceof HttpError ? err : new HttpError(500, legacy('INTERNAL_SERVER_ERROR', 'Internal server error.'));
		// Read the whole upload before answering: answering mid-upload makes clients see EPIPE.
		await ctx.readBody(SMALL_BODY_KEEP);
		const rid = /** @type {{ request_id?: unknown }} */ (e.body)?.request_id;
		if (typeof rid === 'string') e.headers['dg-request-id'] ??= rid;
		ctx.send(e.status, e.body, e.headers);
	}
}

/**
 * The request is served as usual (a listen job is accepted, billed and calls back), but the client
 * gets the fault instead of the answer: a gateway's 502/504, or a connection cut, after Deepgram
 * took the job.
 * @param {Ctx} ctx
 * @param {import('./types').FaultSpec} fault
 */
function answerAfterAccepting(ctx, fault) {
	const send = ctx.send.bind(ctx);
	ctx.send = (status, body, headers) => {
		if (fault.drop) {
			ctx.req.socket.destroy();
			return;
		}
		if (fault.cut) {
			sendCut(ctx, status, body);
			return;
		}
		/** @type {Record<string, string>} */
		const faultHeaders = { ...(fault.headers ?? {}) };
		if (fault.retryAfter !== undefined) faultHeaders['retry-after'] = String(fault.retryAfter);
		send(fault.status ?? 502, fault.body !== undefined ? fault.body : '<html><body><h1>502 Bad Gateway</h1></body></html>', faultHeaders);
	};
}

/**
 * Starts the answer without a Content-Length, sends half of its body and cuts the connection:
 * what a client sees when a proxy or the network fails mid-answer.
 * @param {Ctx} ctx
 * @param {number} status
 * @param {unknown} body
 */
function sendCut(ctx, status, body) {
	const payload = typeof body === 'string' ? body : JSON.stringify(body ?? {});
	ctx.entry.status = status;
	ctx.res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json' });
	ctx.res.write(payload.slice(0, Math.max(1, Math.floor(payload.length / 2))));
	setTimeout(() => ctx.req.socket.destroy(), 20);
}

/** @param {Ctx} ctx */
async function route(ctx) {
	const segs = ctx.path.split('/').filter(Boolean);
	if (segs[0] !== 'v1') throw notFound();
	const rest = segs.slice(1);
	if (rest.length === 1 && rest[0] === 'listen') {
		await handleListen(ctx);
		return;
	}
	if (rest.length === 1 && (rest[0] === 'speak' || rest[0] === 'read')) {
		await handleText(ctx, rest[0]);
		return;
	}
	// Management requests are small; read them first so the log has their body.
	await ctx.readBody(SMALL_BODY_KEEP);
	if (!['projects', 'auth'].includes(rest[0])) throw notFound();
	if (ctx.req.method !== 'GET') {
		ctx.authenticate();
		throw new HttpError(405, legacy('METHOD_NOT_ALLOWED', 'Method not allowed.'), { allow: 'GET' });
	}
	const { state } = ctx;
	ctx.entry.managementInFlight = ++state.managementInFlight;
	try {
		// Deepgram's management answers take tens of ms; a client's call count then shows in its time.
		if (state.config.managementLatencyMs > 0) await state.sleep(state.config.managementLatencyMs);
		if (handleUsage(ctx, rest)) return;
		if (handleManagement(ctx, rest)) return;
		throw notFound();
	} finally {
		state.managementInFlight--;
	}
}

function notFound() {
	return new HttpError(404, legacy('NOT_FOUND', 'Not found.')); // [I]
}

module.exports = { startEmulator };
