// @ts-check
'use strict';
/**
 * One large upload in a fresh process (so nothing else blurs its memory): stores the WAV as n8n
 * filesystem binary data, then runs one node on it in n8n's engine and reports the peak RSS
 * growth over the RSS just before the run, from VmHWM (reset first) and 10 ms RSS samples.
 */
const fs = require('fs');
const { performance } = require('perf_hooks');

const { runMain } = require('../lib/children');
const engine = require('../lib/engine');

/** @param {'VmRSS' | 'VmHWM'} field  kB in /proc/self/status, as bytes */
function statusBytes(field) {
	const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync('/proc/self/status', 'utf8'));
	return match ? Number(match[1]) * 1024 : NaN;
}

/** Resets VmHWM to the current RSS (Linux >= 4.0); false where the kernel does not allow it. */
function resetPeak() {
	try {
		fs.writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

/** @param {number} ms */
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {{ file: string, baseUrl: string, contender: 'ours' | 'httpRequestNode', n8nModules: string }} input
 */
async function main({ file, baseUrl, contender, n8nModules }) {
	if (contender === 'httpRequestNode') engine.registerHttpRequestNode(n8nModules);
	const binary = await engine.storedBinary(file);
	const [node, credentials] =
		contender === 'ours'
			? [engine.transcribeNode(), engine.deepgramCredentials(baseUrl)]
			: [engine.httpRequestNode(baseUrl), engine.httpRequestCredentials];

	// Settle what storing left behind, so the baseline is the process at rest.
	for (let i = 0; i < 3; i++) {
		global.gc?.();
		await pause(50);
	}
	const baseline = statusBytes('VmRSS');
	const hwmReset = resetPeak();
	let sampled = baseline;
	const sampler = setInterval(() => {
		sampled = Math.max(sampled, process.memoryUsage.rss());
	}, 10);

	const started = performance.now();
	const { output, error } = await engine.runOne(node, [{ json: {}, binary: { data: binary } }], credentials);
	const wallMs = performance.now() - started;
	clearInterval(sampler);
	const peak = Math.max(sampled, hwmReset ? statusBytes('VmHWM') : 0);
	return {
		contender,
		fileBytes: binary.bytes ?? fs.statSync(file).size,
		baseline,
		peak,
		growth: peak - baseline,
		hwmReset,
		wallMs,
		delivered: output.filter((item) => engine.hasTranscript(item)).length,
		error: error ? String(/** @type {Error} */ (error).message).slice(0, 300) : undefined,
	};
}

runMain(main);
