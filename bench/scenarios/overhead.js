// @ts-check
'use strict';
/**
 * Per-request overhead: one small file (test/fixtures/sample.wav), N sequential requests to the
 * emulator (latency 0, its own process), for each way of calling Deepgram:
 * raw HTTP (node:http, default keep-alive agent), @deepgram/sdk, our node in n8n's engine, the
 * HTTP Request node in n8n's engine; and a No Operation workflow for the engine's own cost.
 * The contenders take turns within each run, so drift hits them alike.
 */
const fs = require('fs');
const http = require('http');
const path = require('path');
const { performance } = require('perf_hooks');

const { runMain } = require('../lib/children');
const { startEmulatorService } = require('../lib/emulator-host');
const { distribution, summary } = require('../lib/stats');
const engine = require('../lib/engine');

const SAMPLE = path.join(__dirname, '..', '..', 'test', 'fixtures', 'sample.wav');

/**
 * @param {string} baseUrl
 * @param {Buffer} audio
 * @returns {Promise<unknown>}
 */
function rawRequest(baseUrl, audio) {
	const query = new URLSearchParams(engine.QUERY).toString();
	return new Promise((resolve, reject) => {
		const req = http.request(`${baseUrl}/v1/listen?${query}`, {
			method: 'POST',
			headers: { Authorization: `Token ${engine.API_KEY}`, 'Content-Type': 'audio/wav', 'Content-Length': audio.length },
		});
		req.once('error', reject);
		req.once('response', (res) => {
			/** @type {Buffer[]} */
			const chunks = [];
			res.on('data', (chunk) => chunks.push(chunk));
			res.once('end', () => {
				if (res.statusCode !== 200) reject(new Error(`raw HTTP got ${res.statusCode}`));
				else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
			});
		});
		req.end(audio);
	});
}

/** @param {any} json */
function rawHasTranscript(json) {
	return typeof json?.results?.channels?.[0]?.alternatives?.[0]?.transcript === 'string';
}

/**
 * @param {{ n8nModules: string, requests: number, warmup: number, runs: number }} input
 */
async function main({ n8nModules, requests, warmup, runs }) {
	engine.registerHttpRequestNode(n8nModules);
	const emu = await startEmulatorService({ latencyMs: 0 });
	try {
		const audio = fs.readFileSync(SAMPLE);
		const binary = await engine.storedBinary(SAMPLE);
		const item = () => [{ json: {}, binary: { data: binary } }];
		const { DeepgramClient } = require('@deepgram/sdk');
		const sdk = new DeepgramClient({ apiKey: engine.API_KEY, baseUrl: emu.baseUrl });
		const ours = engine.transcribeNode();
		const httpNode = engine.httpRequestNode(emu.baseUrl);
		const noOp = engine.noOpNode();
		const dgCredentials = engine.deepgramCredentials(emu.baseUrl);

		/** @param {{ output: import('n8n-workflow').INodeExecutionData[], error?: unknown }} result */
		const checkRun = (result) => {
			if (result.error || result.output.length !== 1 || !engine.hasTranscript(result.output[0])) {
				throw new Error(`no transcript: ${/** @type {Error} */ (result.error)?.message ?? JSON.stringify(result.output).slice(0, 300)}`);
			}
		};
		/** @type {Record<string, () => Promise<void>>} */
		const contenders = {
			raw: async () => {
				if (!rawHasTranscript(await rawRequest(emu.baseUrl, audio))) throw new Error('raw: no transcript');
			},
			sdk: async () => {
				const [model, language] = engine.QUERY.map(([, value]) => value);
				const response = await sdk.listen.v1.media.transcribeFile(audio, { model: /** @type {any} */ (model), language });
				if (!rawHasTranscript(response)) throw new Error('sdk: no transcript');
			},
			ours: async () => checkRun(await engine.runOne(ours, item(), dgCredentials)),
			httpRequestNode: async () => checkRun(await engine.runOne(httpNode, item(), engine.httpRequestCredentials)),
			engineNoOp: async () => {
				const result = await engine.runOne(noOp, item(), {});
				if (result.error || result.output.length !== 1) throw new Error('No Operation workflow failed');
			},
		};

		/** @type {Record<string, Array<{ p50: number, p95: number, mean: number }>>} */
		const perRun = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
		for (let run = 0; run < runs; run++) {
			// Rotate the order so no contender always goes first.
			const names = Object.keys(contenders);
			const order = [...names.slice(run % names.length), ...names.slice(0, run % names.length)];
			for (const name of order) {
				const once = contenders[name];
				for (let i = 0; i < warmup; i++) await once();
				/** @type {number[]} */
				const times = [];
				for (let i = 0; i < requests; i++) {
					const started = performance.now();
					await once();
					times.push(performance.now() - started);
				}
				perRun[name].push(distribution(times));
			}
		}
		const stats = await emu.stats();
		const result = Object.fromEntries(
			Object.entries(perRun).map(([name, list]) => [
				name,
				{
					p50: summary(list.map((d) => d.p50)),
					p95: summary(list.map((d) => d.p95)),
					ratioToRaw: summary(list.map((d, i) => d.p50 / perRun.raw[i].p50)),
				},
			]),
		);
		return { requests, warmup, runs, fileBytes: audio.length, emulator: stats, contenders: result };
	} finally {
		await emu.stop();
	}
}

runMain(main);
