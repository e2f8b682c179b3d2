// @ts-check
'use strict';
/**
 * Usage per Tag at scale: a project of 500 tags (2,000 requests over 30 days, sent through the
 * emulator's /v1/listen), the emulator in its own process answering each management call after
 * 50 ms. The node runs in n8n's engine with All Tags over the 30 days, without and with billed
 * cost and the daily series; measured: the management calls it made (the emulator's log) and
 * the node's wall time. Every run checks the totals item against the plan.
 */
const { performance } = require('perf_hooks');

const { runMain } = require('../lib/children');
const { startEmulatorService } = require('../lib/emulator-host');
const { summary } = require('../lib/stats');
const engine = require('../lib/engine');
const { taggedLoadPlan } = require('../../test/emulator/tagged-load');

const API_KEY = 'dg-key-usage-bench';
const FIRST_DAY = '2025-06-01';

/** @type {Record<string, { includeBilledCost: boolean, includeDaily: boolean }>} */
const VARIANTS = {
	allTags: { includeBilledCost: false, includeDaily: false },
	withBilledCost: { includeBilledCost: true, includeDaily: false },
	withDailySeries: { includeBilledCost: false, includeDaily: true },
	withBilledCostAndDailySeries: { includeBilledCost: true, includeDaily: true },
};

/**
 * @param {{ requests: number, tags: number, days: number, latencyMs: number, runs: number }} input
 */
async function main({ requests, tags, days, latencyMs, runs }) {
	const plan = taggedLoadPlan({ requests, tags, days, firstDay: FIRST_DAY });
	const lastDay = new Date(Date.parse(`${FIRST_DAY}T00:00:00Z`) + (days - 1) * 86_400_000).toISOString().slice(0, 10);
	const emulator = await startEmulatorService({
		keys: [{ key: API_KEY, id: 'key-id-usage-bench', projectId: 'proj-1', tags: [] }],
	});
	try {
		const seedStarted = performance.now();
		await emulator.sendTaggedLoad({ apiKey: API_KEY, plan });
		const seedMs = performance.now() - seedStarted;
		await emulator.configure({ managementLatencyMs: latencyMs });
		const credentials = { deepgramApi: { apiKey: API_KEY, baseUrl: 'custom', customBaseUrl: emulator.baseUrl, projectId: 'proj-1' } };
		/** @param {{ includeBilledCost: boolean, includeDaily: boolean }} options */
		const node = (options) => ({
			id: 'bench-usage',
			name: 'Deepgram Usage by Tag',
			type: 'n8n-nodes-deepgram-callback.deepgramUsageByTag',
			typeVersion: 1,
			position: /** @type {[number, number]} */ ([0, 0]),
			parameters: { operation: 'usagePerTag', tagSource: 'all', start: FIRST_DAY, end: lastDay, options },
			credentials: { deepgramApi: { id: 'deepgramApi-id', name: 'deepgramApi' } },
		});
		const tagCount = new Set(plan.flatMap((r) => r.tags)).size;

		/** @type {Record<string, any>} */
		const results = {};
		for (const [name, options] of Object.entries(VARIANTS)) {
			/** @type {number[]} */
			const wall = [];
			/** @type {number[]} */
			const calls = [];
			/** @type {number[]} */
			const inFlight = [];
			let items = 0;
			for (let run = 0; run <= runs; run++) {
				await emulator.clearLog();
				const t0 = performance.now();
				const { output, error } = await engine.runOne(node(options), [{ json: {} }], credentials);
				const ms = performance.now() - t0;
				if (error) throw new Error(`${name}: ${error.message}`);
				const total = output.at(-1)?.json;
				if (total?.kind !== 'total' || total.requests !== requests || total.tags_reported !== tagCount) {
					throw new Error(`${name}: the totals item does not match the plan: ${JSON.stringify(total)}`);
				}
				const stats = await emulator.stats();
				items = output.length;
				if (run === 0) continue; // warm-up: module loading and the first connections
				wall.push(ms);
				calls.push(stats.management);
				inFlight.push(stats.maxManagementInFlight);
			}
			results[name] = { options, wallMs: summary(wall), calls: summary(calls), maxInFlight: summary(inFlight), items };
		}
		return { requests, tags: tagCount, days, latencyMs, runs, seedMs, variants: results };
	} finally {
		await emulator.stop();
	}
}

runMain(main);
