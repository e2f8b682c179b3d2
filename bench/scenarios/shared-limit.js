// @ts-check
'use strict';
/**
 * Long batches and shared keys at Deepgram's concurrency limit, in n8n's engine (for causes, not
 * what users get): one execution of `longItems` URL items, and `together` executions of
 * `sharedItems` items started at once on one API key, against the emulator (its own process)
 * refusing beyond `limit` concurrent requests with latency `latencyMs`. Per execution: wall
 * time ÷ the floor (all items of the run through the limit: items × latency ÷ limit), items
 * lost, 429s.
 */
const { performance } = require('perf_hooks');

const { runMain } = require('../lib/children');
const { startEmulatorService } = require('../lib/emulator-host');
const { summary } = require('../lib/stats');
const engine = require('../lib/engine');

const AUDIO_URL = 'https://media.example.com/bench.wav';

/**
 * @param {{ latencyMs: number, limit: number, longItems: number, sharedItems: number, together: number, runs: number }} input
 */
async function main(input) {
	const { latencyMs, limit, runs } = input;
	const { makeWav } = require('../../test/emulator/wav');
	const emu = await startEmulatorService({ latencyMs });
	const urlAudioBase64 = { [AUDIO_URL]: makeWav({ seconds: 1 }).toString('base64') };
	try {
		const node = engine.transcribeNode({ audioSource: 'url', audioUrl: AUDIO_URL });
		const credentials = engine.deepgramCredentials(emu.baseUrl);
		const items = (/** @type {number} */ count) => Array.from({ length: count }, (_, i) => ({ json: { i } }));
		const cases = [
			{ name: 'long', executions: 1, items: input.longItems },
			{ name: 'shared', executions: input.together, items: input.sharedItems },
		];
		const results = [];
		for (const c of cases) {
			const floorMs = (c.executions * c.items * latencyMs) / limit;
			/** @type {Array<{ ratios: number[], lost: number, rateLimited: number }>} */
			const runsOut = [];
			for (let run = 0; run < runs; run++) {
				await emu.reset();
				await emu.configure({ latencyMs, concurrencyLimit: limit, retryAfterSeconds: 1, urlAudioBase64 });
				const started = performance.now();
				const outcomes = await Promise.all(
					Array.from({ length: c.executions }, async () => {
						const { output } = await engine.runOne(node, items(c.items), credentials);
						return { wallMs: performance.now() - started, delivered: output.filter((item) => engine.hasTranscript(item)).length };
					}),
				);
				const stats = await emu.stats();
				runsOut.push({
					ratios: outcomes.map((o) => o.wallMs / floorMs),
					lost: c.executions * c.items - outcomes.reduce((sum, o) => sum + o.delivered, 0),
					rateLimited: stats.byStatus['429'] ?? 0,
				});
			}
			results.push({
				...c,
				floorMs,
				firstRatio: summary(runsOut.map((r) => Math.min(...r.ratios))),
				lastRatio: summary(runsOut.map((r) => Math.max(...r.ratios))),
				lost: summary(runsOut.map((r) => r.lost)),
				rateLimited: summary(runsOut.map((r) => r.rateLimited)),
			});
			process.stderr.write(`sharedLimit ${c.name}: ${JSON.stringify(results.at(-1))}\n`);
		}
		return { latencyMs, limit, runs, results };
	} finally {
		await emu.stop();
	}
}

runMain(main);
