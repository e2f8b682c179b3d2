// @ts-check
'use strict';
/**
 * A project's tagged traffic for usage tests and the benchmark: a deterministic plan (requests
 * spread over days, one or two tags each from a pool, some untagged, 1–20 s each), sent through
 * the emulator's own POST /v1/listen with its clock set to each request's time.
 */
const { makeWav } = require('./wav');

const DAY_MS = 86_400_000;
/** A low sample rate keeps uploads small; the emulator reads the duration from the header. */
const SAMPLE_RATE = 1000;

/**
 * @typedef {{ at: string, tags: string[], seconds: number }} PlannedRequest
 */

/**
 * @param {{ requests: number, tags: number, days: number, firstDay: string }} o  firstDay YYYY-MM-DD
 * @returns {PlannedRequest[]}
 */
function taggedLoadPlan({ requests, tags, days, firstDay }) {
	const first = Date.parse(`${firstDay}T00:00:00Z`);
	const tag = (/** @type {number} */ n) => `customer-${String(n % tags).padStart(3, '0')}`;
	/** @type {PlannedRequest[]} */
	const plan = [];
	for (let i = 0; i < requests; i++) {
		const at = first + (i % days) * DAY_MS + ((i * 7919) % 86_000) * 1000;
		/** @type {string[]} */
		let set = [];
		if (i % 9 !== 4) {
			set = [tag(i * 7)];
			// Every third request also carries a second tag: per-tag totals overlap, as with real tagging.
			if (i % 3 === 0 && tag(i * 13 + 5) !== set[0]) set.push(tag(i * 13 + 5));
		}
		plan.push({ at: new Date(at).toISOString(), tags: set, seconds: 1 + (i % 20) });
	}
	return plan;
}

/**
 * Sends the plan, one request after another, each at its time.
 * @param {string} baseUrl
 * @param {string} apiKey
 * @param {PlannedRequest[]} plan
 * @param {(at: Date | undefined) => void} setNow  sets the emulator's clock (undefined: real time)
 */
async function sendTaggedLoad(baseUrl, apiKey, plan, setNow) {
	/** @type {Map<number, Buffer>} */
	const wavs = new Map();
	try {
		for (const request of plan) {
			setNow(new Date(request.at));
			let wav = wavs.get(request.seconds);
			if (!wav) {
				wav = makeWav({ seconds: request.seconds, sampleRate: SAMPLE_RATE });
				wavs.set(request.seconds, wav);
			}
			const query = request.tags.map((t) => `tag=${encodeURIComponent(t)}`).join('&');
			const response = await fetch(`${baseUrl}/v1/listen${query ? `?${query}` : ''}`, {
				method: 'POST',
				headers: { authorization: `Token ${apiKey}`, 'content-type': 'audio/wav' },
				body: wav,
			});
			await response.arrayBuffer();
			if (response.status !== 200) throw new Error(`listen answered ${response.status} for ${JSON.stringify(request)}`);
		}
	} finally {
		setNow(undefined);
	}
}

module.exports = { taggedLoadPlan, sendTaggedLoad };
