// @ts-check
'use strict';
/**
 * `npm run bench`: runs every scenario in bench/scenarios/ (each in its own process, against the
 * Deepgram emulator on loopback), then writes bench/RESULTS.md and bench/results.json.
 *
 *   BENCH_QUICK=1 or --quick     smaller, faster run (written to .tmp/bench/, not bench/)
 *   BENCH_ONLY=a,b or names      only these scenarios (overhead, batch, batchN8n, largeFiles,
 *                                sharedLimit, triggerInProcess, usage, queue, triggerN8n; batchN8nMaxConcurrent
 *                                runs only when named); written to .tmp/bench/
 *   node bench/run.js --render   RESULTS.md again from bench/results.json
 *   node bench/run.js --merge F  F's scenarios (a partial run's results.json) into bench/results.json,
 *                                noted as re-measured, and RESULTS.md again
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { runChild } = require('./lib/children');
const { renderReport } = require('./lib/report');
const { ensureN8n, assertBuilt, REPO_ROOT } = require('../test/n8n/server');

const NAMES = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const QUICK = process.env.BENCH_QUICK === '1' || process.argv.includes('--quick');
const ONLY = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((s) => s.trim()) : NAMES.length > 0 ? NAMES : undefined;
/** Scenarios a full run leaves out: they answer a one-off question and take long. */
const ON_REQUEST = ['batchN8nMaxConcurrent'];
const MINUTE = 60_000;

/**
 * @param {string} n8nModules
 * @returns {Record<string, { script: string, input: unknown, timeoutMs: number }>}
 */
function scenarios(n8nModules) {
	return {
		overhead: {
			script: 'overhead.js',
			input: { n8nModules, requests: QUICK ? 60 : 300, warmup: QUICK ? 10 : 30, runs: 3 },
			timeoutMs: 10 * MINUTE,
		},
		batch: {
			script: 'batch.js',
			input: {
				n8nModules,
				latencyMs: 500,
				limit: 20,
				noLimitCounts: QUICK ? [10, 100] : [10, 100, 1000],
				limitCounts: QUICK ? [100] : [100, 1000],
				runs: 3,
			},
			timeoutMs: 30 * MINUTE,
		},
		batchN8n: {
			script: 'batch-n8n.js',
			input: {
				latencyMs: 500,
				limit: 20,
				pairs: QUICK ? 2 : 5,
				cases: [
					{ audio: 'binary', items: 100, limit: false },
					{ audio: 'url', items: 100, limit: false },
					{ audio: 'binary', items: 100, limit: true },
					{ audio: 'url', items: 100, limit: true },
					...(QUICK
						? []
						: [
								{ audio: 'binary', items: 1000, limit: false },
								{ audio: 'url', items: 1000, limit: false },
								// Binary only: at the limit the kind of audio changes nothing but the upload.
								{ audio: 'binary', items: 1000, limit: true },
							]),
				],
			},
			timeoutMs: 20 * MINUTE,
		},
		// What a higher default Max Concurrent would cost at a limit, and gain without one.
		batchN8nMaxConcurrent: {
			script: 'batch-n8n.js',
			input: {
				latencyMs: 500,
				limit: 20,
				pairs: QUICK ? 1 : 3,
				maxConcurrentVariants: [100, 1000],
				cases: [
					{ audio: 'binary', items: 1000, limit: false, maxConcurrent: [100, 1000] },
					{ audio: 'binary', items: 1000, limit: true, maxConcurrent: [100, 1000] },
				],
			},
			timeoutMs: 30 * MINUTE,
		},
		// Long batches and executions sharing one key at a limit, in the engine (issue: 1.2× the floor).
		sharedLimit: {
			script: 'shared-limit.js',
			input: { latencyMs: 50, limit: 20, longItems: QUICK ? 2000 : 10_000, sharedItems: 1000, together: 2, runs: QUICK ? 1 : 3 },
			timeoutMs: 20 * MINUTE,
		},
		largeFiles: {
			script: 'large-files.js',
			input: { n8nModules, sizesMiB: QUICK ? [100] : [100, 500, 1024], runs: 3 },
			timeoutMs: 30 * MINUTE,
		},
		triggerInProcess: {
			script: 'trigger-inprocess.js',
			input: { runs: 3, durationMs: QUICK ? 1500 : 3000, warmupMs: 1000, concurrency: 16 },
			timeoutMs: 15 * MINUTE,
		},
		usage: {
			script: 'usage.js',
			input: { requests: 2000, tags: 500, days: 30, latencyMs: 50, runs: 3 },
			timeoutMs: 10 * MINUTE,
		},
		queue: {
			script: 'queue.js',
			input: {
				runs: 3,
				durationMs: QUICK ? 3000 : 6000,
				warmupMs: 2000,
				concurrency: 16,
				layouts: [
					{ webhookProcesses: 1, workers: 1 },
					{ webhookProcesses: 2, workers: 2 },
					// What the README recommends for high callback volumes (see "Callback Trigger").
					{ webhookProcesses: 2, workers: 2, env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' } },
				],
			},
			timeoutMs: 30 * MINUTE,
		},
		triggerN8n: {
			script: 'trigger-n8n.js',
			input: { runs: 3, durationMs: QUICK ? 3000 : 6000, warmupMs: 2000, concurrency: 16 },
			timeoutMs: 30 * MINUTE,
		},
	};
}

/** @param {string} file */
function readVersion(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8')).version;
	} catch {
		return 'unknown';
	}
}

/** @param {string[]} args */
function git(args) {
	try {
		return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	} catch {
		return 'unknown';
	}
}

/**
 * @param {{ node24: string, n8nModules: string }} paths
 */
function environment({ node24, n8nModules }) {
	const cpus = os.cpus();
	return {
		date: new Date().toISOString(),
		commit: git(['rev-parse', '--short', 'HEAD']),
		uncommittedChanges: git(['status', '--porcelain']).split('\n').filter(Boolean).length,
		cpu: `${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`,
		memoryGiB: os.totalmem() / 1024 ** 3,
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		node: process.version,
		node24: execFileSync(node24, ['--version'], { encoding: 'utf8' }).trim(),
		n8n: readVersion(path.join(n8nModules, 'n8n', 'package.json')),
		n8nNodesBase: readVersion(path.join(n8nModules, 'n8n-nodes-base', 'package.json')),
		n8nCoreInProcess: readVersion(path.join(REPO_ROOT, 'node_modules', 'n8n-core', 'package.json')),
		n8nWorkflowInProcess: readVersion(path.join(REPO_ROOT, 'node_modules', 'n8n-workflow', 'package.json')),
		deepgramSdk: readVersion(path.join(REPO_ROOT, 'node_modules', '@deepgram', 'sdk', 'package.json')),
		loadAverageAtStart: os.loadavg(),
		quick: QUICK,
	};
}

/** `node bench/run.js --render`: RESULTS.md again from bench/results.json (after editing the report code). */
function renderOnly() {
	const report = JSON.parse(fs.readFileSync(path.join(__dirname, 'results.json'), 'utf8'));
	fs.writeFileSync(path.join(__dirname, 'RESULTS.md'), renderReport(report));
}

/**
 * A partial run's scenarios into bench/results.json, each noted as re-measured (date, commit,
 * load), then RESULTS.md again.
 * @param {string} file
 */
function mergeInto(file) {
	const target = path.join(__dirname, 'results.json');
	const report = JSON.parse(fs.readFileSync(target, 'utf8'));
	const partial = JSON.parse(fs.readFileSync(file, 'utf8'));
	const env = partial.environment;
	for (const [scenario, result] of Object.entries(partial.results)) {
		report.results[scenario] = result;
		report.remeasured = (report.remeasured ?? []).filter((/** @type {{ scenario: string }} */ x) => x.scenario !== scenario);
		report.remeasured.push({ scenario, date: env.date, commit: env.commit, loadAverageAtStart: env.loadAverageAtStart, loadAverageAtEnd: env.loadAverageAtEnd, note: `\`npm run bench -- ${scenario}\`` });
	}
	fs.writeFileSync(target, `${JSON.stringify(report, null, '\t')}\n`);
	renderOnly();
}

async function main() {
	if (process.argv.includes('--render')) {
		renderOnly();
		return;
	}
	const merge = process.argv.indexOf('--merge');
	if (merge !== -1) {
		mergeInto(process.argv[merge + 1]);
		return;
	}
	assertBuilt();
	const { node24, n8nBin } = ensureN8n();
	const n8nModules = path.resolve(n8nBin, '..', '..', '..');
	const env = environment({ node24, n8nModules });
	const started = Date.now();
	/** @type {Record<string, unknown>} */
	const results = {};
	/** @type {Record<string, string>} */
	const failures = {};
	const all = scenarios(n8nModules);
	for (const [name, scenario] of Object.entries(all)) {
		if (ONLY ? !ONLY.includes(name) : ON_REQUEST.includes(name)) continue;
		const t0 = Date.now();
		process.stderr.write(`==> ${name}\n`);
		try {
			results[name] = await runChild(path.join(__dirname, 'scenarios', scenario.script), scenario.input, {
				timeoutMs: scenario.timeoutMs,
			});
			process.stderr.write(`    done in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
		} catch (error) {
			failures[name] = String(/** @type {Error} */ (error)?.message ?? error).slice(0, 3000);
			process.stderr.write(`    FAILED: ${failures[name]}\n`);
		}
	}
	const report = {
		environment: { ...env, loadAverageAtEnd: os.loadavg(), totalSeconds: (Date.now() - started) / 1000 },
		results,
		failures,
	};
	const partial = QUICK || ONLY !== undefined;
	const outDir = partial ? path.join(REPO_ROOT, '.tmp', 'bench') : __dirname;
	fs.mkdirSync(outDir, { recursive: true });
	fs.writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(report, null, '\t')}\n`);
	fs.writeFileSync(path.join(outDir, 'RESULTS.md'), renderReport(report));
	process.stderr.write(`\nWrote ${path.relative(REPO_ROOT, path.join(outDir, 'RESULTS.md'))}\n`);
	if (Object.keys(failures).length > 0) process.exitCode = 1;
}

main().catch((error) => {
	process.stderr.write(`${error?.stack ?? error}\n`);
	process.exitCode = 1;
});
