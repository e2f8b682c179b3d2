// @ts-check
'use strict';
/**
 * Batches: N items (a 1-second WAV each, filesystem binary data) through one node in n8n's
 * engine, against the emulator answering after `latencyMs`, with no concurrency limit and with
 * Deepgram's 429 beyond `limit` concurrent requests (Retry-After 1 s). Ours at its defaults vs
 * the HTTP Request node at its defaults. Per run: wall time, items without a transcript in the
 * node's output ("lost"), transcripts Deepgram produced that never reached the output, 429s.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { performance } = require('perf_hooks');

const { runMain } = require('../lib/children');
const { startEmulatorService } = require('../lib/emulator-host');
const { summary } = require('../lib/stats');
const engine = require('../lib/engine');
const { writeWavFile } = require('../../test/emulator/wav');

/**
 * @typedef {{ name: string, node: () => any, credentials: () => any }} Contender
 * @typedef {{ contender: string, limit: number | null, items: number }} Case
 */

/**
 * @param {{ n8nModules: string, latencyMs: number, limit: number, noLimitCounts: number[], limitCounts: number[], runs: number, extraContenders?: Array<{ name: string, parameters: Record<string, unknown> }> }} input
 */
async function main(input) {
	const { n8nModules, latencyMs, limit, runs } = input;
	engine.registerHttpRequestNode(n8nModules);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-bench-batch-'));
	const emu = await startEmulatorService({ latencyMs });
	try {
		const file = path.join(dir, 'one-second.wav');
		await writeWavFile(file, { seconds: 1 });
		const binary = await engine.storedBinary(file);
		const credentials = engine.deepgramCredentials(emu.baseUrl);
		/** @type {Contender[]} */
		const contenders = [
			{ name: 'ours', node: () => engine.transcribeNode(), credentials: () => credentials },
			{ name: 'httpRequestNode', node: () => engine.httpRequestNode(emu.baseUrl), credentials: () => engine.httpRequestCredentials },
			...(input.extraContenders ?? []).map((extra) => ({
				name: extra.name,
				node: () => engine.transcribeNode(extra.parameters),
				credentials: () => credentials,
			})),
		];
		/** @type {Case[]} */
		const cases = [];
		for (const contender of contenders) {
			for (const items of input.noLimitCounts) cases.push({ contender: contender.name, limit: null, items });
			for (const items of input.limitCounts) cases.push({ contender: contender.name, limit, items });
		}

		const results = [];
		for (const c of cases) {
			const contender = /** @type {Contender} */ (contenders.find((x) => x.name === c.contender));
			const runsOut = [];
			for (let run = 0; run < runs; run++) {
				await emu.reset();
				await emu.configure({ latencyMs, concurrencyLimit: c.limit, retryAfterSeconds: 1 });
				const input = Array.from({ length: c.items }, (_, i) => ({ json: { i }, binary: { data: binary } }));
				const started = performance.now();
				const { output, error } = await engine.runOne(contender.node(), input, contender.credentials());
				const wallMs = performance.now() - started;
				const delivered = output.filter((item) => engine.hasTranscript(item)).length;
				const stats = await emu.stats();
				runsOut.push({
					wallMs,
					delivered,
					lost: c.items - delivered,
					paidLost: Math.max(0, stats.served - delivered),
					rateLimited: stats.byStatus['429'] ?? 0,
					requests: stats.listen,
					error: error ? String(/** @type {Error} */ (error).message).slice(0, 300) : undefined,
				});
			}
			const floorMs = c.limit ? Math.ceil(c.items / c.limit) * latencyMs : latencyMs;
			results.push({
				...c,
				floorMs,
				wallMs: summary(runsOut.map((r) => r.wallMs)),
				lost: summary(runsOut.map((r) => r.lost)),
				paidLost: summary(runsOut.map((r) => r.paidLost)),
				rateLimited: summary(runsOut.map((r) => r.rateLimited)),
				requests: summary(runsOut.map((r) => r.requests)),
				errors: [...new Set(runsOut.map((r) => r.error).filter(Boolean))],
			});
			process.stderr.write(`batch ${c.contender} limit=${c.limit ?? 'none'} items=${c.items}: ${JSON.stringify(results.at(-1)?.wallMs)}\n`);
		}
		return { latencyMs, limit, runs, results };
	} finally {
		await emu.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

runMain(main);
