// @ts-check
'use strict';
/**
 * Why a target is missed, for RESULTS.md: causes found by profiling, reading n8n 2.41.1's code
 * and prototyping fixes (bench/PROPOSALS.md), with this run's own figures where they apply.
 * Only shown for missed targets.
 */

/** @param {number} x */
const n = (x) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));

/**
 * @param {string} id  a verdict id from report.js
 * @param {any} r      the run's results
 * @returns {string | undefined}
 */
function explain(id, r) {
	if (id === 'overhead') {
		const c = r.overhead.contenders;
		return (
			`Our node and the HTTP Request node take the same road through n8n: its HTTP helper opens a new TCP connection per request (\`Connection: close\`, no keep-alive, while the raw client reuses one), ` +
			`reads the binary data’s metadata file and opens a file stream for the upload, and (ours) resolves the credential’s \`Authorization: Token …\` expression. ` +
			`In this run the HTTP Request node costs ${n(c.httpRequestNode.p50.median)} ms (${n(c.httpRequestNode.ratioToRaw.median)}× raw) and ours ${n(c.ours.p50.median)} ms; the engine alone (No Operation) is ${n(c.engineNoOp.p50.median)} ms. ` +
			'A CPU profile of 300 runs puts the node’s own code (request preparation, scheduler, output) well under 1 ms; the rest is n8n’s helper path. ' +
			'What the Transcribe node can still save is in bench/PROPOSALS.md (small files as one buffer read instead of metadata read + stream).'
		);
	}
	if (id.startsWith('sharedLimit')) {
		return (
			'The limit is kept full: sampling the key’s shared limit every 5 ms during a 3,000-item run gave 20.0 requests in flight on average (the scheduler leaves no slot idle; 429s are one growth probe per 80 successes). ' +
			'What is missing is per-request time at the client: each request spends a few ms in n8n’s HTTP helper (a new TCP connection per request, see the overhead row) besides Deepgram’s 50 ms, which is 10–20 % of so short a latency; at Deepgram’s real latencies (seconds) it is under 1 %.'
		);
	}
	if (id === 'batchNoLimit') {
		return (
			'The node sends at most Max Concurrent Requests at once, default 32 (nodes/Deepgram/transcribe/choices.ts `DEFAULT_MAX_CONCURRENT`), so 100 items go in ceil(100 ÷ 32) = 4 waves of the 500 ms latency, ' +
			'while the HTTP Request node fires all 100 at once. A default of 100 (Deepgram’s documented pre-recorded concurrency for pay-as-you-go Nova) makes it one wave: prototype 0.87 s vs the HTTP Request node’s 0.75 s in the same run (1.16×), see bench/PROPOSALS.md.'
		);
	}
	if (id.startsWith('batchLimit')) {
		return (
			'Three causes in the adaptive limit (nodes/Deepgram/transcribe/scheduler.ts, shared/transport.ts): ' +
			'(1) a 429 halves the limit (32 → 16) rather than bringing it to what Deepgram accepted, and it then climbs by one per window of successes, so it saws between about 10 and 20 below a limit of 20; ' +
			'(2) `Slot.onRetry` takes a slot back *before* the transport’s Retry-After sleep, so a retrying request holds a slot idle for the whole wait (1 s here); ' +
			'(3) every probe above the limit costs the probing item a full Retry-After. ' +
			'A prototype that ratchets the limit to the other requests in flight on a 429, gives the slot back for the wait (new transport hook after the sleep), grows only after 4 windows of successes, and paces the first burst 2 ms apart until Deepgram answers measured 2.84 s for 100 items (1.13× floor) and 27.5 s for 1,000 (1.10×), 0 lost; bench/PROPOSALS.md has the changes and figures.'
		);
	}
	if (id === 'largeFile') {
		return 'Peak RSS growth reached the limit: see the Large files table; the upload should stream from the binary-data file (audio.ts `openUpload`) without redirect buffering (shared/transport.ts).';
	}
	if (id.startsWith('triggerInProcess.')) {
		return (
			'The in-process rate sits close to 2,000/s on this 2-core machine, where the load client takes the other core. A CPU profile of the serving process (10,451 callbacks, all three methods) shows about 390 µs of CPU per callback, ' +
			'of which the node’s own checks are small: verification 34 µs (`safeEqual` hashes both sides with SHA-256 for each comparison) and the redelivery memory 23 µs (`DeliveryMemory.remember` copies the 1,000-key list for every delivery); ' +
			'the rest is HTTP, JSON parsing and the harness’s per-request WebhookContext. Check the load average in the environment table: other work on the machine lowers this figure directly. Savings: bench/PROPOSALS.md (Trigger).'
		);
	}
	if (id.startsWith('triggerN8n.')) {
		return (
			'n8n 2.41.1 itself gives its own Webhook node a shortcut no community trigger can get: `LiveWebhooks.webhookPhaseNeedsIsolate` skips acquiring an expression isolate (isolated-vm) only for `n8n-nodes-base.webhook` with static parameters; ' +
			'every other trigger, ours included, pays for a fresh isolate per request (measured: about 100 ms of n8n CPU per rejected callback for ours vs 50 ms for the Webhook node, see the CPU columns). ' +
			'In addition, for a node at typeVersion 1, n8n’s `parseRequestBody` evaluates the legacy `$parameter.options.binaryData` expression on every request. ' +
			'Measured in the same n8n with `N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true` and the trigger at version 1.1: ours 10 ms CPU per rejected callback vs 12 ms for the Webhook node, 23 vs 30 ms per accepted one. ' +
			'So the gap is n8n’s, not the node’s; bench/PROPOSALS.md says what the Trigger can do (declare version 1.1) and what to tell users.'
		);
	}
	if (id === 'batchN8nNoLimit1000') {
		return (
			'Without a limit the HTTP Request node sends all 1,000 requests at once; ours sends at most Max Concurrent Requests at a time, so 1,000 items go in ceil(1,000 ÷ Max Concurrent) waves, each a latency (500 ms) plus the time n8n’s main thread takes to send a wave. ' +
			'`npm run bench -- batchN8nMaxConcurrent` measures the default against other values, without a limit and at one (section "Default Max Concurrent Requests: measured").'
		);
	}
	if (id === 'batchN8nLimit') {
		const perWave = r.batchN8n.results
			.filter((/** @type {any} */ c) => c.limit !== null)
			.map((/** @type {any} */ c) => {
				const ours = c.variants[`ours-${c.audio}`];
				return `${c.items} ${c.audio} items ${n((ours.nodeMs.median - c.floorMs) / (c.floorMs / r.batchN8n.latencyMs))} ms`;
			})
			.join(', ');
		return (
			'n8n is not busy: a CPU profile of its main process (`NODE_OPTIONS=--cpu-prof`, 1,000 binary items at the limit, load average about 3 on 2 cores) shows it working 10–20 % of the time. The cost is per wave. At the limit the requests go in ceil(items ÷ 20) waves of 500 ms; the 20 answers of a wave arrive together, and the 20 requests that follow leave one after another from n8n’s single main thread, each after about 3 ms of work there. ' +
			'In the profile that is n8n’s binary-data file access for the upload (open, fstat, read, close: about 1 ms), axios and Node’s HTTP client (about 1 ms), and the node’s own code (0.07 ms); no credential decryption or expression evaluation is left per request. ' +
			`In this run each wave costs beyond its 500 ms: ${perWave}, which the floor does not count; the first burst’s 80 refusals add their round trips once. ` +
			'Spacing the first requests (what the node did before) avoids those refusals but makes every batch without a limit slower; what could still shrink the per-wave cost is reading a small file’s binary data in one read instead of metadata + stream (bench/PROPOSALS.md).'
		);
	}
	return undefined;
}

module.exports = { explain };
