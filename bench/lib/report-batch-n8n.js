// @ts-check
'use strict';
/**
 * RESULTS.md parts of the real-n8n batch scenario (bench/scenarios/batch-n8n.js): its target
 * verdicts and its section, for report.js.
 */

/**
 * @param {any} b  results.batchN8n (or batchN8nMaxConcurrent)
 * @param {'binary' | 'url'} audio @param {number} items @param {boolean} limited
 */
const findCase = (b, audio, items, limited) =>
	b?.results.find((/** @type {any} */ c) => c.audio === audio && c.items === items && (c.limit !== null) === limited);

/**
 * @param {any} r  the run's results
 * @param {(x: number) => string} num
 * @returns {import('./report').Verdict[]}
 */
function batchN8nVerdicts(r, num) {
	const b = r.batchN8n;
	if (!b) return [];
	/** @type {import('./report').Verdict[]} */
	const out = [];
	const load = (/** @type {any} */ c) => `load ${c.loadAverageAtStart.map(num).join(', ')}`;
	for (const audio of /** @type {const} */ (['binary', 'url'])) {
		for (const [items, bound] of /** @type {const} */ ([[100, 1.05], [1000, 1.5]])) {
			const c = findCase(b, audio, items, false);
			if (!c) continue;
			const ours = c.variants[`ours-${audio}`];
			const http = c.variants[`http-${audio}`];
			const ratio = c.oursToHttpRequestNodeNodeTime.median;
			out.push({
				id: `batchN8nNoLimit${items}`,
				target: `Real n8n, ${items} items (${audio}), no limit: ours ≤ ${bound} × the HTTP Request node (node time, median of pairs)${items === 1000 ? ', 0 lost' : ''}`,
				measured: `${num(ratio)}× (${num(ours.nodeMs.median)} ms vs ${num(http.nodeMs.median)} ms; wall ${num(c.oursToHttpRequestNode.median)}×), ${ours.lostMax} lost; ${load(c)}`,
				limit: `${bound}×`,
				met: ratio <= bound && ours.lostMax === 0,
				margin: `${num(ratio)}×`,
			});
		}
		for (const items of [100, 1000]) {
			const c = findCase(b, audio, items, true);
			if (!c) continue;
			const ours = c.variants[`ours-${audio}`];
			const ratio = ours.nodeToFloor.median;
			out.push({
				id: 'batchN8nLimit',
				target: `Real n8n, ${items} items (${audio}) at a limit of ${c.limit}: 0 lost, node time ≤ 1.1 × floor (${num(c.floorMs)} ms)`,
				measured: `${num(ours.nodeMs.median)} ms (${num(ratio)}× floor; wall ${num(ours.toFloor.median)}×), ${ours.lostMax} lost, ${num(ours.rateLimited.median)} 429s; ${load(c)}`,
				limit: '1.1× floor, 0 lost',
				met: ratio <= 1.1 && ours.lostMax === 0,
				margin: `${num(ratio)}× floor`,
			});
		}
	}
	return out;
}

/**
 * @param {any} b  results.batchN8n or results.batchN8nMaxConcurrent
 * @param {{ num: (x: number) => string, mmm: (s: any) => string, table: (h: string[], rows: string[][]) => string }} f
 */
function batchN8nTable(b, { num, mmm, table }) {
	/** @type {string[][]} */
	const rows = [];
	for (const c of b.results) {
		for (const [key, v] of Object.entries(c.variants)) {
			const x = /** @type {any} */ (v);
			rows.push([
				c.audio,
				String(c.items),
				c.limit ?? 'none',
				x.contender,
				mmm(x.wallMs),
				mmm(x.nodeMs),
				`${num(x.nodeToFloor.median)} (${num(x.toFloor.median)})`,
				c.limit === null && key.startsWith('ours-') && !key.includes('-max') ? `${mmm(c.oursToHttpRequestNodeNodeTime)} (${num(c.oursToHttpRequestNode.median)})` : '–',
				String(x.lostMax),
				String(x.paidLostMax),
				num(x.rateLimited.median),
				`${c.loadAverageAtStart.map(num).join(', ')} → ${c.loadAverageAtEnd.map(num).join(', ')}`,
				x.answers.join('; ').slice(0, 60) || '–',
			]);
		}
	}
	return table(['Audio', 'Items', 'Limit', 'Contender', 'Wall ms', 'Node ms', 'Node (wall) median ÷ floor', 'Ours ÷ HTTP Request node, node time (wall), pairs', 'Lost (max)', 'Paid, lost (max)', '429s (median)', 'Load (1, 5, 15 min) start → end', 'Failed answer'], rows);
}

/**
 * The default Max Concurrent chosen, with this run's figures for each value measured.
 * @param {any} m  results.batchN8nMaxConcurrent
 * @param {(x: number) => string} num
 */
function maxConcurrentDecision(m, num) {
	const figures = (/** @type {boolean} */ limited) => {
		const c = findCase(m, 'binary', 1000, limited);
		if (!c) return '–';
		return Object.values(c.variants)
			.filter((/** @type {any} */ v) => v.contender.startsWith('ours'))
			.map((/** @type {any} */ v) => `${v.contender === 'ours' ? 'default' : v.contender.replace(/^ours \((.*)\)$/, '$1')}: ${num(v.nodeMs.median)} ms${limited ? ` (${num(v.rateLimited.median)} 429s)` : ''}`)
			.join(', ');
	};
	return (
		`**Decision: the default is 250** (it was 100, Deepgram’s documented pay-as-you-go limit for Nova). Node time, 1,000 items without a limit: ${figures(false)}; at a limit of ${m.limit}: ${figures(true)}. ` +
		'Above the real limit the first burst is refused and the refused requests go again as the node’s own requests finish, so a higher maximum costs little at a limit while each wave it saves without one is a latency; at 1,000 the burst of refusals starts to show (and every large batch would send Deepgram nearly a thousand requests it refuses), so 250 is where the measurements put it. Lower it when other workflows share the project.'
	);
}

/**
 * @param {any} r
 * @param {(scenario: string) => string[]} remeasuredNote
 * @param {{ num: (x: number) => string, mmm: (s: any) => string, table: (h: string[], rows: string[][]) => string }} f
 * @returns {string[]}
 */
function batchN8nSection(r, remeasuredNote, f) {
	const lines = [];
	const b = r.batchN8n;
	if (b) {
		lines.push('## Batches in a real n8n');
		lines.push('');
		for (const note of remeasuredNote('batchN8n')) lines.push(note, '');
		lines.push(
			`n8n ${b.n8nVersion} (test/n8n/server.js, the package installed from its tarball), SQLite, default settings. One published workflow per contender and kind of audio: Webhook → Split Out (N items) → [Read/Write File: a 1-second WAV into filesystem binary data] → our Transcribe node at its defaults, or n8n’s HTTP Request node doing the same call (POST the binary, or JSON \`{url}\`, same query, Header Auth \`Authorization: Token …\`, options at their defaults); the Webhook answers when the execution ends: wall time is that call’s, node time the contender node’s own \`executionTime\` in the saved execution (n8n’s public API). ` +
				`The emulator (own process) answers after ${b.latencyMs} ms; with a limit, 429 (Retry-After 1 s) beyond ${b.limit} concurrent requests. The contenders run alternately, ${b.pairs} pairs per case, after a 10-item warm-up run of every workflow; “ours ÷ HTTP Request node” is per pair. Floor = ceil(items ÷ limit) × latency (no limit: one latency); wall time also holds the workflow’s own cost (webhook, Split Out, Read/Write File, saving the execution), node time does not. Verdicts use node time. ` +
				'Lost = items without a transcript (an execution that fails loses all its items); paid, lost = transcripts the emulator produced for a failed execution.',
		);
		lines.push('');
		lines.push(batchN8nTable(b, f));
	}
	const m = r.batchN8nMaxConcurrent;
	if (m) {
		lines.push('### Default Max Concurrent Requests: measured');
		lines.push('');
		for (const note of remeasuredNote('batchN8nMaxConcurrent')) lines.push(note, '');
		lines.push(`\`npm run bench -- batchN8nMaxConcurrent\`: the same workflows with Max Concurrent at the default and at other values, 1,000 binary items, without a limit and at a limit of ${m.limit}; ${m.pairs} round${m.pairs === 1 ? "" : "s"}.`);
		lines.push('');
		lines.push(batchN8nTable(m, f));
		lines.push(maxConcurrentDecision(m, f.num), '');
	}
	return lines;
}

module.exports = { batchN8nVerdicts, batchN8nSection };
