// @ts-check
'use strict';
/**
 * The Callback Trigger on n8n's queue mode (test/queue/stack.js: PostgreSQL, Redis, main, webhook
 * processes, workers, HAProxy), beside n8n's Webhook node with Header Auth in the same stack: verified
 * callbacks per second through the balancer, with 1 webhook process + 1 worker and with 2 + 2, and
 * the CPU each kind of process spends per accepted callback (every accepted one is an execution a
 * worker runs and PostgreSQL stores). Our callbacks carry `dg_job` as the Transcribe node sends
 * them, so HAProxy spreads jobs over the webhook processes by its hash; the Webhook node's go round
 * robin. Loopback only; bounded in time.
 */
const fs = require('fs');
const path = require('path');

const { runMain } = require('../lib/children');
const { loadFromChild, PLACEHOLDER } = require('../lib/load-client');
const { callbackBody } = require('../lib/callbacks');
const { groupCpuSeconds, waitIdle } = require('../lib/procstat');
const { summary } = require('../lib/stats');
const { packPackage } = require('../../test/n8n/server');
const { freePort } = require('../../test/n8n/ports');
const { startQueueMain, waitForWebhook } = require('../../test/queue/stack');
const { CONTENDERS, CREDENTIALS } = require('./trigger-n8n');

const MEASURED = { ours: CONTENDERS.oursBasicAuthAndSecret, webhookNode: CONTENDERS.webhookNodeHeaderAuth };

/**
 * CPU seconds per kind of process so far.
 * @param {Awaited<ReturnType<typeof startQueueMain>>} queue
 */
function cpuByRole(queue) {
	/** @type {Record<string, number>} */
	const cpu = {};
	for (const p of queue.processes) cpu[p.role] = (cpu[p.role] ?? 0) + groupCpuSeconds(p.instance.pid);
	cpu.postgres = groupCpuSeconds(queue.postgres.pid);
	cpu.redis = groupCpuSeconds(queue.redis.pid);
	return cpu;
}

/** @param {Awaited<ReturnType<typeof startQueueMain>>} queue */
async function waitAllIdle(queue) {
	let waited = 0;
	for (const pid of [...queue.processes.map((p) => p.instance.pid), queue.postgres.pid]) waited += await waitIdle(pid);
	return waited;
}

/**
 * @param {{ runs: number, durationMs: number, warmupMs: number, concurrency: number, layouts: Array<{ webhookProcesses: number, workers: number, env?: Record<string, string> }> }} input
 */
async function main({ runs, durationMs, warmupMs, concurrency, layouts }) {
	const tarball = packPackage();
	/** @type {Record<string, unknown>} */
	const results = {};
	try {
		for (const layout of layouts) {
			const extra = Object.entries(layout.env ?? {}).map(([key, value]) => `${key}=${value}`);
			const label = `${layout.webhookProcesses} webhook + ${layout.workers} worker${extra.length ? `, ${extra.join(' ')}` : ''}`;
			const balancerPort = await freePort();
			const queue = await startQueueMain({
				tarball,
				balancerPort,
				webhookProcesses: layout.webhookProcesses,
				workers: layout.workers,
				env: { N8N_LOG_LEVEL: 'warn', ...layout.env },
			});
			try {
				queue.main.importCredentials(CREDENTIALS);
				queue.main.importWorkflow(Object.values(MEASURED).map((c) => c.workflow));
				await queue.main.setupOwner();
				for (const c of Object.values(MEASURED)) await queue.main.publishWorkflow(c.workflow.id);
				const tier = await queue.startTier();
				const ports = tier.filter((p) => p.role === 'webhook').map((p) => p.port);
				for (const c of Object.values(MEASURED)) await waitForWebhook(c.path, ports);

				/** @type {Record<string, { accepted: number[], sustained: number[], cpu: Record<string, number[]>, notes: Set<string> }>} */
				const collected = {};
				for (let run = -1; run < runs; run++) {
					for (const [name, c] of Object.entries(MEASURED)) {
						const entry = (collected[name] ??= { accepted: [], sustained: [], cpu: {}, notes: new Set() });
						await waitAllIdle(queue);
						const before = cpuByRole(queue);
						const load = await loadFromChild({
							url: `${queue.webhookBase}${c.path}${name === 'ours' ? `?dg_job=${PLACEHOLDER}` : ''}`,
							headers: { 'Content-Type': 'application/json', ...c.valid.headers },
							body: callbackBody({ extra: c.valid.extra }),
							concurrency,
							durationMs: run >= 0 ? durationMs : warmupMs,
							maxRequests: 1_000_000,
							expect: [200],
						});
						// The executions the accepted callbacks started, until workers and PostgreSQL are idle.
						const drainMs = await waitAllIdle(queue);
						const after = cpuByRole(queue);
						if (run < 0) continue;
						entry.accepted.push(load.perSecond);
						entry.sustained.push((load.expected / (load.elapsedMs + drainMs)) * 1000);
						for (const role of Object.keys(after)) {
							(entry.cpu[role] ??= []).push(((after[role] - before[role]) * 1000) / Math.max(1, load.expected));
						}
						if (load.expected !== load.sent) entry.notes.add(`sent ${load.sent}, answered ${JSON.stringify(load.byStatus)}, errors ${load.errors}`);
						process.stderr.write(`queue ${label} ${name} run ${run + 1}: ${load.perSecond.toFixed(1)}/s accepted, ${entry.sustained.at(-1)?.toFixed(1)}/s with the executions\n`);
					}
				}
				results[label] = Object.fromEntries(
					Object.entries(collected).map(([name, e]) => [
						name,
						{
							acceptedPerSecond: summary(e.accepted),
							sustainedPerSecond: summary(e.sustained),
							cpuMsPerAccepted: Object.fromEntries(Object.entries(e.cpu).map(([role, values]) => [role, summary(values)])),
							notes: [...e.notes],
						},
					]),
				);
			} finally {
				await queue.stop();
			}
		}
	} finally {
		fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
	}
	return { runs, durationMs, concurrency, layouts: results };
}

if (require.main === module) runMain(main);
