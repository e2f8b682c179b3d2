// @ts-check
'use strict';
/**
 * bench/RESULTS.md from a run's results: environment, target verdicts (with the margin), then
 * every figure per scenario as min / median / max over the repeated runs.
 */
const { explain } = require('./explanations');
const { batchN8nVerdicts, batchN8nSection } = require('./report-batch-n8n');

/** @typedef {{ min: number, median: number, max: number, n: number }} Summary */

/** @param {number} x */
function num(x) {
	if (x === undefined || x === null || Number.isNaN(x)) return '–';
	const abs = Math.abs(x);
	if (abs >= 100) return x.toFixed(0);
	if (abs >= 10) return x.toFixed(1);
	return x.toFixed(2);
}

/** @param {Summary | null | undefined} s */
function mmm(s) {
	if (!s) return '–';
	return `${num(s.min)} / **${num(s.median)}** / ${num(s.max)}`;
}

/** @param {string[]} headers @param {string[][]} rows */
function table(headers, rows) {
	return [
		`| ${headers.join(' | ')} |`,
		`| ${headers.map(() => '---').join(' | ')} |`,
		...rows.map((row) => `| ${row.join(' | ')} |`),
		'',
	].join('\n');
}

/**
 * @typedef {{ id: string, target: string, measured: string, limit: string, met: boolean | undefined, margin: string }} Verdict
 */

/** @param {any} r */
function verdicts(r) {
	/** @type {Verdict[]} */
	const out = [];
	const o = r.overhead?.contenders;
	if (o) {
		const limit = 1.1 * o.raw.p50.median + 3;
		const ours = o.ours.p50.median;
		out.push({
			id: 'overhead',
			target: 'Per-request overhead: ours ≤ 1.1 × raw HTTP + 3 ms ("a few ms" of engine cost), p50',
			measured: `${num(ours)} ms (raw ${num(o.raw.p50.median)} ms, HTTP Request node ${num(o.httpRequestNode.p50.median)} ms)`,
			limit: `${num(limit)} ms`,
			met: ours <= limit,
			margin: `${ours <= limit ? 'under' : 'over'} by ${num(Math.abs(ours - limit))} ms (${num(o.ours.ratioToRaw.median)}× raw)`,
		});
	}
	const b = r.batch?.results;
	if (b) {
		/** @param {string} contender @param {number | null} limit @param {number} items */
		const find = (contender, limit, items) => b.find((/** @type {any} */ x) => x.contender === contender && x.limit === limit && x.items === items);
		const ours = find('ours', null, 100);
		const http = find('httpRequestNode', null, 100);
		if (ours && http) {
			const limit = 1.2 * http.wallMs.median;
			out.push({
				id: 'batchNoLimit',
				target: '100 items, no limit: wall ≤ 1.2 × the HTTP Request node’s',
				measured: `${num(ours.wallMs.median)} ms (HTTP Request node ${num(http.wallMs.median)} ms)`,
				limit: `${num(limit)} ms`,
				met: ours.wallMs.median <= limit,
				margin: `${num(ours.wallMs.median / http.wallMs.median)}× the HTTP Request node’s`,
			});
		}
		for (const items of [100, 1000]) {
			const c = find('ours', r.batch.limit, items);
			if (!c) continue;
			const limit = 1.3 * c.floorMs;
			const met = c.lost.max === 0 && c.wallMs.median <= limit;
			out.push({
				id: `batchLimit${items}`,
				target: `${items} items at a limit of ${r.batch.limit}: 0 lost, wall ≤ 1.3 × floor (${num(c.floorMs)} ms)`,
				measured: `${num(c.wallMs.median)} ms, ${c.lost.max} lost (worst run), ${num(c.rateLimited.median)} 429s`,
				limit: `${num(limit)} ms, 0 lost`,
				met,
				margin: `${num(c.wallMs.median / c.floorMs)}× floor${c.wallMs.median > limit ? `, over by ${num(c.wallMs.median - limit)} ms` : ''}`,
			});
		}
	}
	out.push(...batchN8nVerdicts(r, num));
	const l = r.largeFiles?.results;
	if (l) {
		const ours = l.find((/** @type {any} */ x) => x.contender === 'ours' && x.sizeMiB === 1024);
		if (ours) {
			out.push({
				id: 'largeFile',
				target: 'Peak RSS growth uploading 1 GiB < 64 MiB (worst run)',
				measured: `${num(ours.growthMiB.max)} MiB`,
				limit: '64 MiB',
				met: ours.growthMiB.max < 64 && ours.delivered.min === 1,
				margin: `${num(64 - ours.growthMiB.max)} MiB to spare`,
			});
		}
	}
	const t = r.triggerInProcess?.variants;
	if (t) {
		for (const [name, v] of Object.entries(t)) {
			const measured = /** @type {any} */ (v).startedPerSecond.median;
			out.push({
				id: `triggerInProcess.${name}`,
				target: `Trigger in-process, verification ${name}: ≥ 2,000 verified callbacks/s`,
				measured: `${num(measured)}/s`,
				limit: '2000/s',
				met: measured >= 2000,
				margin: `${num((measured / 2000 - 1) * 100)} %`,
			});
		}
	}
	const u = r.usage?.variants;
	if (u) {
		for (const name of ['allTags', 'withBilledCost']) {
			const v = u[name];
			if (!v) continue;
			const met = v.calls.max <= 3 && v.wallMs.median <= 1000;
			out.push({
				id: `usage.${name}`,
				target: `Usage per Tag, All Tags over ${r.usage.tags} tags${name === 'withBilledCost' ? ', with billed cost' : ''}: ≤ 3 calls and ≤ 1 s`,
				measured: `${v.calls.max} calls, ${num(v.wallMs.median)} ms`,
				limit: '3 calls, 1000 ms',
				met,
				margin: `${num(1000 - v.wallMs.median)} ms to spare`,
			});
		}
		for (const name of ['withDailySeries', 'withBilledCostAndDailySeries']) {
			const v = u[name];
			if (!v) continue;
			const limit = r.usage.days + 3;
			out.push({
				id: `usage.${name}`,
				target: `Usage per Tag, All Tags, ${name === 'withDailySeries' ? 'with the daily series' : 'with billed cost and the daily series'}: calls ≤ days + 3`,
				measured: `${v.calls.max} calls (${num(v.wallMs.median)} ms)`,
				limit: `${limit} calls`,
				met: v.calls.max <= limit,
				margin: `${limit - v.calls.max} calls to spare`,
			});
		}
	}
	for (const [layout, x] of Object.entries(r.queue?.layouts ?? {})) {
		const q = /** @type {any} */ (x);
		if (!q.ours || !q.webhookNode) continue;
		const ours = q.ours.acceptedPerSecond.median;
		const theirs = q.webhookNode.acceptedPerSecond.median;
		out.push({
			id: `queue.${layout}.accepted`,
			target: `Queue mode, ${layout}: accepted callbacks/s through the balancer ≥ Webhook node with Header Auth`,
			measured: `${num(ours)}/s`,
			limit: `${num(theirs)}/s`,
			met: ours >= theirs,
			margin: `${num(ours / theirs)}×`,
		});
	}
	const n = r.triggerN8n?.variants;
	if (n?.webhookNodeHeaderAuth) {
		const w = n.webhookNodeHeaderAuth;
		for (const name of ['oursDgToken', 'oursBasicAuthAndSecret']) {
			const v = n[name];
			if (!v) continue;
			for (const [what, key] of /** @type {const} */ ([['accepted', 'acceptedPerSecond'], ['rejected', 'rejectedPerSecond']])) {
				const ours = v[key].median;
				const theirs = w[key].median;
				out.push({
					id: `triggerN8n.${name}.${what}`,
					target: `Real n8n, ${name}: ${what} callbacks/s ≥ Webhook node with Header Auth`,
					measured: `${num(ours)}/s`,
					limit: `${num(theirs)}/s`,
					met: ours >= theirs,
					margin: `${num(ours / theirs)}×`,
				});
			}
		}
	}
	for (const c of r.sharedLimit?.results ?? []) {
		const ratio = c.lastRatio.median;
		const met = c.lost.max === 0 && ratio <= 1.2;
		out.push({
			id: `sharedLimit-${c.name}`,
			target: `${c.executions} × ${c.items} items at a limit of ${r.sharedLimit.limit} (${r.sharedLimit.latencyMs} ms), engine: 0 lost, each execution ≤ 1.2 × the floor`,
			measured: `last done ${num(ratio)}× the floor, ${num(c.lost.max)} lost`,
			limit: '1.2× floor, 0 lost',
			met,
			margin: `${ratio <= 1.2 ? 'under' : 'over'} by ${num(Math.abs(ratio - 1.2))}× the floor`,
		});
	}
	return out;
}

/** @param {any} report */
function renderReport(report) {
	const { environment: env, results: r, failures } = report;
	const lines = [];
	lines.push('# Benchmark results');
	lines.push('');
	lines.push('Generated by `npm run bench` (bench/run.js); do not edit by hand. How to run and what each');
	lines.push('scenario means: [README.md](README.md). Figures are **min / median / max** over the repeated runs');
	lines.push('unless marked otherwise; all traffic is loopback, Deepgram is the emulator (test/emulator) in its own process.');
	lines.push('');
	lines.push('## Environment');
	lines.push('');
	lines.push(
		table(
			['What', 'Value'],
			[
				['Date', env.date],
				['Commit', `${env.commit}${env.uncommittedChanges ? ` (+${env.uncommittedChanges} uncommitted paths in the shared tree)` : ''}`],
				['CPU', env.cpu],
				['Memory', `${num(env.memoryGiB)} GiB`],
				['OS', env.os],
				['Node (bench, in-process engine)', env.node],
				['Node (real n8n)', env.node24],
				['n8n (real instance, n8n-nodes-base)', `${env.n8n} (${env.n8nNodesBase})`],
				['n8n-core / n8n-workflow in-process', `${env.n8nCoreInProcess} / ${env.n8nWorkflowInProcess}`],
				['@deepgram/sdk', env.deepgramSdk],
				['Load average at start / end (1, 5, 15 min)', `${env.loadAverageAtStart.map(num).join(', ')} / ${env.loadAverageAtEnd.map(num).join(', ')}`],
				['Mode', env.quick ? 'BENCH_QUICK=1 (smaller run)' : 'full'],
				['Total time', `${num(env.totalSeconds)} s`],
			],
		),
	);

	// Scenarios measured again after the full run (results.json `remeasured`, merged by hand from a BENCH_ONLY run).
	const remeasured = /** @type {Array<{ scenario: string, date: string, commit: string, loadAverageAtStart: number[], loadAverageAtEnd: number[], note: string }>} */ (report.remeasured ?? []);
	/** @param {string} scenario */
	const remeasuredNote = (scenario) =>
		remeasured
			.filter((x) => x.scenario === scenario)
			.map((x) => `**Re-measured ${x.date}** at commit ${x.commit} (load average at start / end ${x.loadAverageAtStart.map(num).join(', ')} / ${x.loadAverageAtEnd.map(num).join(', ')}): ${x.note}`);
	if (remeasured.length > 0) {
		for (const x of remeasured) lines.push(`- \`${x.scenario}\` re-measured ${x.date} at commit ${x.commit}; the rest of this report is from the run above.`);
		lines.push('');
	}

	const v = verdicts(r);
	lines.push('## Targets');
	lines.push('');
	lines.push(table(['Target', 'Measured (median)', 'Limit', 'Verdict', 'Margin'], v.map((x) => [x.target, x.measured, x.limit, x.met ? '✅ met' : '❌ missed', x.margin])));
	const missed = v.filter((x) => !x.met);
	if (missed.length > 0) {
		lines.push('### Why the missed targets are missed');
		lines.push('');
		const seen = new Set();
		for (const x of missed) {
			const text = explain(x.id, r);
			if (!text || seen.has(text)) continue;
			seen.add(text);
			lines.push(`- **${x.target}** — ${text}`);
		}
		lines.push('');
	}

	if (r.overhead) {
		const o = r.overhead;
		lines.push('## Per-request overhead');
		lines.push('');
		lines.push(`One ${num(o.fileBytes / 1024)} KiB WAV (test/fixtures/sample.wav), ${o.requests} sequential requests per run after ${o.warmup} warm-up requests, ${o.runs} runs; emulator latency 0. Times in ms per request.`);
		lines.push('');
		const names = { raw: 'Raw HTTP (node:http, keep-alive)', sdk: `@deepgram/sdk ${env.deepgramSdk}`, ours: 'Deepgram Transcribe in n8n’s engine', httpRequestNode: 'HTTP Request node in n8n’s engine', engineNoOp: 'No Operation workflow (engine alone, no request)' };
		lines.push(
			table(
				['Contender', 'p50', 'p95', 'p50 ÷ raw p50'],
				Object.entries(o.contenders).map(([name, c]) => [/** @type {any} */ (names)[name] ?? name, mmm(/** @type {any} */ (c).p50), mmm(/** @type {any} */ (c).p95), mmm(/** @type {any} */ (c).ratioToRaw)]),
			),
		);
	}

	if (r.batch) {
		const b = r.batch;
		lines.push('## Batches');
		lines.push('');
		for (const note of remeasuredNote('batch')) lines.push(note, '');
		lines.push(`One execution of one node over N items (a 1-second WAV each, filesystem binary data); emulator latency ${b.latencyMs} ms; with a limit, the emulator answers 429 (Retry-After 1 s) beyond ${b.limit} concurrent requests. Floor = ceil(items ÷ limit) × latency (no limit: one latency). “Lost” = items without a transcript in the node’s output; “paid, lost” = transcripts the emulator produced that did not reach the output. ${b.runs} runs each.`);
		lines.push('');
		lines.push(
			table(
				['Contender', 'Limit', 'Items', 'Wall ms', 'Floor ms', 'Median ÷ floor', 'Lost (max)', 'Paid, lost (max)', '429s (median)', 'Errors'],
				b.results.map((/** @type {any} */ c) => [
					c.contender,
					c.limit ?? 'none',
					String(c.items),
					mmm(c.wallMs),
					num(c.floorMs),
					num(c.wallMs.median / c.floorMs),
					String(c.lost.max),
					String(c.paidLost.max),
					num(c.rateLimited.median),
					c.errors.join('; ').slice(0, 120) || '–',
				]),
			),
		);
		lines.push('How wall time grows with the item count (medians; ms per extra item between consecutive counts):');
		lines.push('');
		/** @type {string[][]} */
		const growth = [];
		for (const contender of [...new Set(b.results.map((/** @type {any} */ c) => c.contender))]) {
			for (const limit of [null, b.limit]) {
				const list = b.results.filter((/** @type {any} */ c) => c.contender === contender && c.limit === limit).sort((/** @type {any} */ x, /** @type {any} */ y) => x.items - y.items);
				if (list.length < 2) continue;
				const steps = list.slice(1).map((/** @type {any} */ c, /** @type {number} */ i) => `${list[i].items}→${c.items}: ${num((c.wallMs.median - list[i].wallMs.median) / (c.items - list[i].items))}`);
				growth.push([contender, limit ?? 'none', list.map((/** @type {any} */ c) => `${c.items}: ${num(c.wallMs.median)}`).join(', '), steps.join(', ')]);
			}
		}
		lines.push(table(['Contender', 'Limit', 'Items: wall ms', 'ms per extra item'], growth));
	}

	lines.push(...batchN8nSection(r, remeasuredNote, { num, mmm, table }));

	if (r.largeFiles) {
		const l = r.largeFiles;
		lines.push('## Large files');
		lines.push('');
		lines.push(`A generated WAV stored as n8n filesystem binary data, uploaded by one node in a fresh process per run (${l.runs} runs each). Growth = peak RSS during the run (VmHWM reset before it, and 10 ms samples) minus RSS just before it.`);
		lines.push('');
		lines.push(
			table(
				['Size', 'Contender', 'Peak RSS growth MiB', 'RSS before MiB (median)', 'Wall ms', 'Transcript delivered', 'Errors'],
				l.results.map((/** @type {any} */ c) => [
					c.sizeMiB >= 1024 ? `${c.sizeMiB / 1024} GiB` : `${c.sizeMiB} MiB`,
					c.contender,
					mmm(c.growthMiB),
					num(c.baselineMiB.median),
					mmm(c.wallMs),
					`${c.delivered.min === 1 ? 'every run' : `${c.delivered.median} (median)`}`,
					c.errors.join('; ').slice(0, 120) || '–',
				]),
			),
		);
	}

	if (r.triggerInProcess) {
		const t = r.triggerInProcess;
		lines.push('## Callback Trigger in-process');
		lines.push('');
		lines.push(`The trigger’s webhook() served over loopback HTTP through n8n-core’s WebhookContext (test/harness startTriggerSession), ${t.concurrency} callbacks at a time of ${t.bodyBytes} bytes from a load client in another process, ${t.durationMs} ms per measurement after a warm-up pass, ${t.runs} runs. Verified = answered 200 and started an execution (each request a new request_id). Forged = every checked value wrong.`);
		lines.push('');
		lines.push(
			table(
				['Verification', 'Verified callbacks/s', 'p50 latency ms', 'Forged rejected/s', 'p50 latency ms', 'Notes'],
				Object.entries(t.variants).map(([name, x]) => {
					const y = /** @type {any} */ (x);
					return [name, mmm(y.startedPerSecond), mmm(y.acceptedP50Ms), mmm(y.rejectedPerSecond), mmm(y.rejectedP50Ms), y.notes.join('; ') || '–'];
				}),
			),
		);
	}

	if (r.usage) {
		const u = r.usage;
		lines.push('## Usage per Tag at scale');
		lines.push('');
		for (const note of remeasuredNote('usage')) lines.push(note, '');
		lines.push(`A project of ${u.tags} tags: ${u.requests} requests over ${u.days} days (test/emulator/tagged-load.js; one or two tags each, some untagged, sent through the emulator’s /v1/listen), the emulator in its own process answering each management call after ${u.latencyMs} ms. The node runs in n8n’s engine with All Tags over the ${u.days} days; calls = management calls in the emulator’s log, in flight = the most answered at once. ${u.runs} runs after a warm-up; every run checks the totals item against the plan.`);
		lines.push('');
		const names = { allTags: 'All Tags', withBilledCost: 'with billed cost', withDailySeries: 'with the daily series', withBilledCostAndDailySeries: 'with billed cost and the daily series' };
		const before = { allTags: '501 calls, 31.6 s', withBilledCost: '1,001 calls, 63.8 s', withDailySeries: '1,001 calls, 66.5 s', withBilledCostAndDailySeries: '–' };
		lines.push(
			table(
				['Variant', 'Calls', 'Wall ms', 'Most in flight', 'Items', 'Before (quoted from issue 16, not measured here)'],
				Object.entries(u.variants).map(([name, x]) => {
					const y = /** @type {any} */ (x);
					return [/** @type {any} */ (names)[name] ?? name, mmm(y.calls), mmm(y.wallMs), mmm(y.maxInFlight), String(y.items), /** @type {any} */ (before)[name] ?? '–'];
				}),
			),
		);
		lines.push('“Before” is the code before issue 16 (one call per tag, one after another), as issue 16 measured it on the same set-up; that code no longer exists, so it is quoted, not re-measured.');
		lines.push('');
	}

	if (r.queue) {
		const q = r.queue;
		lines.push('## Callback Trigger in queue mode');
		lines.push('');
		for (const note of remeasuredNote('queue')) lines.push(note, '');
		lines.push(`n8n 2.41.1 in queue mode (test/queue/stack.js: PostgreSQL 15, Redis 7, main, webhook processes and workers, HAProxy in front, binary data in the database), every process on this machine's 2 cores. ${q.concurrency} callbacks at a time through HAProxy from a load client in another process, ${q.durationMs} ms per measurement after a warm-up pass, ${q.runs} runs, everything idle before each. Ours carry \`dg_job\` (HAProxy hashes on it); the Webhook node's go round robin. Every accepted callback is an execution a worker runs and PostgreSQL stores; “with executions” divides the accepted callbacks by the load time plus the time until workers and PostgreSQL were idle again. CPU = CPU time per accepted callback, by kind of process (all processes of that kind together; PostgreSQL's is not captured).`);
		lines.push('');
		lines.push(`What it shows: the rate does not grow from 1 to 2 webhook processes and workers, because every process shares the same 2 cores (the load client, HAProxy, Redis and PostgreSQL too); an added core is what adds throughput, and the CPU per callback says how much. With N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true (README) ours costs about 16 ms of webhook-process CPU and 12 ms of worker CPU per accepted callback (one more core: roughly 1000 / 28 ≈ 35 callbacks/s), against 12 ms and 9 ms for the Webhook node, which only compares a header. Without it both cost much more in the webhook process (ours 104–123 ms, the Webhook node 59–70 ms): n8n then sets up an expression isolate per request, which a CPU profile of a webhook process shows as its largest cost. The Callback Trigger must be at version 1.1 (the default for new nodes): at version 1 n8n also evaluates a legacy binaryData expression in a fresh isolate per request, which the first run measured (see the note above).`);
		lines.push('');
		// PostgreSQL runs under runuser in a process group of its own: its CPU is not in this table.
		const roles = ['webhook', 'worker', 'main', 'redis'];
		lines.push(
			table(
				['Layout', 'Receiver', 'Accepted/s', 'With executions/s', ...roles.map((role) => `CPU ms ${role}`), 'Notes'],
				Object.entries(q.layouts).flatMap(([layout, x]) =>
					Object.entries(/** @type {any} */ (x)).map(([name, y]) => {
						const v = /** @type {any} */ (y);
						return [
							layout,
							name === 'ours' ? 'Callback Trigger (Basic Auth + secret)' : 'Webhook node (Header Auth)',
							mmm(v.acceptedPerSecond),
							mmm(v.sustainedPerSecond),
							...roles.map((role) => (v.cpuMsPerAccepted[role] ? mmm(v.cpuMsPerAccepted[role]) : '–')),
							v.notes.join('; ') || '–',
						];
					}),
				),
			),
		);
	}

	if (r.queueLargeFile) {
		lines.push('## A large upload on a queue-mode worker');
		lines.push('');
		for (const note of remeasuredNote('queueLargeFile')) lines.push(note, '');
		lines.push('A published workflow (Webhook → Read File → Deepgram Transcribe, Return Transcript) reads a generated WAV and uploads it to the emulator (bench/scenarios/queue-large-file.js). Queue mode: 1 webhook process + 1 worker, binary data in PostgreSQL (database mode, n8n’s queue-mode default). Regular: one n8n, filesystem binary data (n8n’s default). Growth = peak RSS of the process group that ran the execution (the worker, or n8n) over its idle baseline, sampled every 100 ms. HAProxy gives up on the webhook’s answer after 120 s.');
		lines.push('');
		lines.push(
			table(
				['Mode', 'File MiB', 'Peak RSS growth MiB', 'Baseline MiB', 'Wall ms', 'Answer', 'Uploads Deepgram received'],
				r.queueLargeFile.results.map((/** @type {any} */ x) => [
					x.mode === 'queue' ? 'queue (binary data in PostgreSQL)' : 'regular (filesystem binary data)',
					String(x.sizeMiB),
					num(x.growthMiB),
					num(x.baselineMiB),
					num(x.wallMs),
					`${x.status} ${String(x.answer).replace(/\s+/g, ' ').slice(0, 60)}`,
					String(x.delivered),
				]),
			),
		);
		lines.push('In database mode the worker holds the file in memory (the growth is several times its size), so the Transcribe node’s streaming cannot help there: 256 MiB had not reached Deepgram after 120 s, with 1.2 GiB more memory, and 1 GiB failed with n8n’s “Error in workflow” after 9 s, with nearly 2 GiB more memory (not examined further; PostgreSQL holds at most 1 GB in one field). With filesystem binary data the same workflow streams 1 GiB with a few MiB more. For large audio in queue mode, send an Audio URL (Deepgram downloads it) rather than binary data.');
		lines.push('');
	}

	if (r.sharedLimit) {
		const x = r.sharedLimit;
		lines.push('## Long batches and executions sharing one key at a limit (engine)');
		lines.push('');
		lines.push(`Deepgram Transcribe (URL audio) in n8n’s engine against the emulator in its own process, ${x.limit} concurrent requests allowed, ${x.latencyMs} ms each, ${x.runs} runs. Floor = all items of the case through the limit (items × latency ÷ limit). “First / last done” = the earlier and the later execution’s wall time ÷ that floor (the same for one execution).`);
		lines.push('');
		lines.push(
			table(
				['Case', 'Executions × items', 'Floor ms', 'First done ÷ floor', 'Last done ÷ floor', 'Items lost', '429s'],
				x.results.map((/** @type {any} */ c) => [c.name === 'long' ? 'one long batch' : 'executions at once on one key', `${c.executions} × ${c.items}`, num(c.floorMs), mmm(c.firstRatio), mmm(c.lastRatio), mmm(c.lost), mmm(c.rateLimited)]),
			),
		);
		lines.push('');
	}

	if (r.triggerN8n) {
		const t = r.triggerN8n;
		lines.push('## Callback Trigger in a real n8n');
		lines.push('');
		lines.push(`n8n ${t.n8nVersion} (test/n8n/server.js, package installed from its tarball), SQLite, default execution saving; ${t.concurrency} callbacks at a time from a load client in another process, ${t.durationMs} ms per measurement after a warm-up pass, ${t.runs} runs; n8n is left to go idle before each measurement. Accepted/s counts 200 answers; “with backlog” divides them by the load time plus the time n8n then needed to finish the executions they started. n8n CPU = CPU time of n8n’s process group (main process, all threads, and its task runner) per request, executions included.`);
		lines.push('');
		const names = { oursBasicAuthAndSecret: 'Callback Trigger, Basic Auth + callback secret (recommended)', oursDgToken: 'Callback Trigger, dg-token only (same check as the Webhook node)', webhookNodeHeaderAuth: 'Webhook node, Header Auth on dg-token' };
		lines.push(
			table(
				['Receiver', 'Accepted/s', 'Accepted/s with backlog', 'p50 ms', 'n8n CPU ms per accepted', 'Forged rejected/s', 'p50 ms', 'n8n CPU ms per rejected', 'Notes'],
				Object.entries(t.variants).map(([name, x]) => {
					const y = /** @type {any} */ (x);
					return [/** @type {any} */ (names)[name] ?? name, mmm(y.acceptedPerSecond), mmm(y.sustainedPerSecond), mmm(y.acceptedP50Ms), mmm(y.cpuMsPerAccepted), mmm(y.rejectedPerSecond), mmm(y.rejectedP50Ms), mmm(y.cpuMsPerRejected), y.notes.join('; ') || '–'];
				}),
			),
		);
	}

	if (Object.keys(failures).length > 0) {
		lines.push('## Scenarios that failed');
		lines.push('');
		for (const [name, message] of Object.entries(failures)) lines.push(`- **${name}**: \`${String(message).split('\n').slice(0, 3).join(' ').slice(0, 400)}\``);
		lines.push('');
	}
	return `${lines.join('\n').trimEnd()}\n`;
}

module.exports = { renderReport, verdicts };
