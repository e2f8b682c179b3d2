// @ts-check
'use strict';
/**
 * A bounded HTTP load generator, run as its own process so the server's CPU is the server's:
 * `concurrency` workers send `body` (with __REQUEST_ID__ made unique per request, in the body and
 * in the URL's query, e.g. a `dg_job` routing key) until
 * `durationMs` has passed or `maxRequests` were sent, over keep-alive connections, to loopback
 * only. Prints counts per status, throughput and latency.
 */
const http = require('http');
const { performance } = require('perf_hooks');

const { runMain, runChild } = require('./children');
const { distribution } = require('./stats');

const PLACEHOLDER = '__REQUEST_ID__';

/**
 * @typedef {object} LoadSpec
 * @property {string} url
 * @property {string} [method]
 * @property {Record<string, string>} headers
 * @property {string} body            JSON text; every __REQUEST_ID__ becomes a unique id
 * @property {number} concurrency
 * @property {number} durationMs
 * @property {number} maxRequests
 * @property {number[]} expect        the statuses that count as the outcome being measured
 * @property {number} [timeoutMs]     per request
 */

/**
 * @typedef {object} LoadResult
 * @property {number} sent
 * @property {Record<string, number>} byStatus
 * @property {number} errors
 * @property {number} expected        answers with an `expect` status
 * @property {number} elapsedMs
 * @property {number} perSecond       expected answers per second
 * @property {{ p50: number, p95: number, mean: number }} latencyMs
 * @property {string} [sampleAnswer]
 */

/**
 * @param {LoadSpec} spec
 * @returns {Promise<LoadResult>}
 */
async function generateLoad(spec) {
	const url = new URL(spec.url);
	if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(url.hostname)) throw new Error(`load goes to loopback only, not ${url.hostname}`);
	const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
	const runTag = `${process.pid.toString(16)}${Date.now().toString(16)}`;
	const parts = spec.body.split(PLACEHOLDER);
	/** @type {Record<string, number>} */
	const byStatus = {};
	/** @type {number[]} */
	const latencies = [];
	let sent = 0;
	let errors = 0;
	let expected = 0;
	/** @type {string | undefined} */
	let sampleAnswer;
	const started = performance.now();
	const deadline = started + spec.durationMs;

	/** @param {string} id */
	const target = (id) => (url.search.includes(PLACEHOLDER) ? spec.url.split(PLACEHOLDER).join(id) : url);
	/** @param {string} body @param {string | URL} requestUrl */
	const once = (body, requestUrl) =>
		new Promise((resolve) => {
			const t0 = performance.now();
			const req = http.request(requestUrl, {
				method: spec.method ?? 'POST',
				agent,
				headers: { ...spec.headers, 'Content-Length': Buffer.byteLength(body) },
				timeout: spec.timeoutMs ?? 30_000,
			});
			req.once('timeout', () => req.destroy(new Error('timeout')));
			req.once('error', () => {
				errors++;
				resolve(undefined);
			});
			req.once('response', (res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (chunk) => (text += chunk));
				res.once('end', () => {
					const status = res.statusCode ?? 0;
					byStatus[status] = (byStatus[status] ?? 0) + 1;
					if (spec.expect.includes(status)) expected++;
					sampleAnswer ??= `${status} ${text.slice(0, 200)}`;
					latencies.push(performance.now() - t0);
					resolve(undefined);
				});
			});
			req.end(body);
		});

	const worker = async (/** @type {number} */ index) => {
		for (let n = 0; performance.now() < deadline && sent < spec.maxRequests; n++) {
			sent++;
			const id = `${runTag}-${index}-${n}`;
			await once(parts.join(id), target(id));
		}
	};
	await Promise.all(Array.from({ length: spec.concurrency }, (_, i) => worker(i)));
	const elapsedMs = performance.now() - started;
	agent.destroy();
	return {
		sent,
		byStatus,
		errors,
		expected,
		elapsedMs,
		perSecond: (expected / elapsedMs) * 1000,
		latencyMs: distribution(latencies),
		sampleAnswer,
	};
}

/**
 * Runs the load from a separate process.
 * @param {LoadSpec} spec
 * @returns {Promise<LoadResult>}
 */
function loadFromChild(spec) {
	return runChild(__filename, spec, { timeoutMs: spec.durationMs + 5 * 60_000 });
}

if (require.main === module) runMain(generateLoad);

module.exports = { loadFromChild, PLACEHOLDER };
