// @ts-check
'use strict';
/**
 * Batches in a real n8n 2.41.1 (test/n8n/server.js; the package installed from its tarball the
 * community way): a published Webhook splits a list into N items (binary: each reads a 1-second
 * WAV through Read/Write File into filesystem binary data; URL: each carries an audio URL), then
 * our Transcribe node or n8n's HTTP Request node sends every item to the emulator, which answers
 * after `latencyMs` and, with a limit, 429 (Retry-After 1 s) beyond `limit` concurrent requests.
 * The Webhook answers when the execution ends. The two contenders run alternately (a pair), so
 * a change of machine load hits both.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { performance } = require('perf_hooks');

const { runMain } = require('../lib/children');
const { startEmulatorService } = require('../lib/emulator-host');
const { summary } = require('../lib/stats');
const { createApiKey, packPackage, startN8n } = require('../../test/n8n/server');
const { writeWavFile } = require('../../test/emulator/wav');
const { QUERY, API_KEY, HTTP_REQUEST_VERSION } = require('../lib/engine');

const AUDIO_URL = 'https://media.example.com/one-second.wav';
const DG_CREDENTIAL = { id: 'dgBenchBatchCrd', name: 'Deepgram (bench batch)' };
const HEADER_CREDENTIAL = { id: 'dgBenchBatchHdr', name: 'Deepgram header (bench batch)' };

/** @typedef {'binary' | 'url'} Audio */
/** @typedef {'ours' | 'httpRequestNode'} Contender */

/**
 * @param {Contender} contender
 * @param {Audio} audio
 * @param {string} listenUrl  the emulator's /v1/listen, for the HTTP Request node
 * @param {Record<string, unknown>} [ourParameters]  e.g. requestOptions
 */
function contenderNode(contender, audio, listenUrl, ourParameters = {}) {
	const common = { id: 'd0000000-0000-4000-8000-000000000003', position: [400, 0] };
	if (contender === 'ours') {
		return {
			...common,
			name: 'Deepgram Transcribe',
			type: 'n8n-nodes-deepgram-callback.deepgramTranscribe',
			typeVersion: 1,
			parameters: audio === 'url' ? { audioSource: 'url', audioUrl: '={{ $json.url }}', ...ourParameters } : { ...ourParameters },
			credentials: { deepgramApi: DG_CREDENTIAL },
		};
	}
	return {
		...common,
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: HTTP_REQUEST_VERSION,
		parameters: {
			method: 'POST',
			url: listenUrl,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendQuery: true,
			queryParameters: { parameters: QUERY.map(([name, value]) => ({ name, value })) },
			sendBody: true,
			...(audio === 'url'
				? { contentType: 'json', bodyParameters: { parameters: [{ name: 'url', value: '={{ $json.url }}' }] } }
				: { contentType: 'binaryData', inputDataFieldName: 'data' }),
			options: {},
		},
		credentials: { httpHeaderAuth: HEADER_CREDENTIAL },
	};
}

/**
 * Webhook → Split Out (body.items) → [Read/Write File] → contender.
 * @param {string} key  workflow id suffix and webhook path
 * @param {ReturnType<typeof contenderNode>} node
 * @param {Audio} audio
 * @param {number} n  distinguishes webhook ids
 */
function batchWorkflow(key, node, audio, n) {
	const nodes = [
		{ id: 'd0000000-0000-4000-8000-000000000001', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: `d0000000-0000-4000-8000-0000000000a${n}`, parameters: { httpMethod: 'POST', path: `bench-batch-${key}`, responseMode: 'lastNode', responseData: 'noData', options: {} } },
		{ id: 'd0000000-0000-4000-8000-000000000002', name: 'Split', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [200, 0], parameters: { fieldToSplitOut: 'body.items', options: {} } },
		...(audio === 'binary' ? [{ id: 'd0000000-0000-4000-8000-000000000004', name: 'Read', type: 'n8n-nodes-base.readWriteFile', typeVersion: 1.1, position: [300, 0], parameters: { fileSelector: '={{ $json.file }}', options: {} } }] : []),
		node,
	];
	const chain = nodes.map((x) => x.name);
	const connections = Object.fromEntries(chain.slice(0, -1).map((name, i) => [name, { main: [[{ node: chain[i + 1], type: 'main', index: 0 }]] }]));
	return { id: `dgBenchBatch${n}`, name: `Bench batch: ${key}`, active: false, settings: { executionOrder: 'v1' }, nodes, connections, pinData: {} };
}

/** @param {number} ms */
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The contender node's own time in the newest execution of `workflowId` (n8n's `executionTime`,
 * from its public API), once an execution newer than `afterId` is saved.
 * @param {string} baseUrl @param {string} apiKey @param {string} workflowId @param {string} nodeName @param {number} afterId
 */
async function nodeTime(baseUrl, apiKey, workflowId, nodeName, afterId) {
	for (let i = 0; i < 100; i++) {
		const res = await fetch(`${baseUrl}/api/v1/executions?workflowId=${workflowId}&limit=1&includeData=true`, { headers: { 'X-N8N-API-KEY': apiKey } });
		const [execution] = (/** @type {{ data?: any[] }} */ (await res.json())).data ?? [];
		if (execution && Number(execution.id) > afterId && execution.finished !== undefined) {
			const task = execution.data?.resultData?.runData?.[nodeName]?.[0];
			return { id: Number(execution.id), ms: typeof task?.executionTime === 'number' ? task.executionTime : NaN };
		}
		await pause(100);
	}
	throw new Error(`no execution of ${workflowId} after ${afterId} was saved within 10 s`);
}

/**
 * One execution over `items` items: wall time of the webhook call, and what the emulator saw.
 * @param {string} url
 * @param {unknown[]} items
 * @param {Awaited<ReturnType<typeof startEmulatorService>>} emu
 */
async function runOnce(url, items, emu) {
	await emu.reset();
	const started = performance.now();
	const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items }), signal: AbortSignal.timeout(10 * 60_000) });
	const answer = (await res.text()).slice(0, 200);
	const wallMs = performance.now() - started;
	const stats = await emu.stats();
	// Without Continue On Fail, an execution that ended well has a transcript on every item.
	const ok = res.status === 200;
	return {
		wallMs,
		status: res.status,
		lost: ok ? Math.max(0, items.length - stats.served) : items.length,
		paidLost: ok ? 0 : stats.served,
		rateLimited: stats.byStatus['429'] ?? 0,
		answer: ok ? undefined : answer,
	};
}

/**
 * @param {{ latencyMs: number, limit: number, pairs: number, cases: Array<{ audio: Audio, items: number, limit: boolean, maxConcurrent?: number[] }>, maxConcurrentVariants?: number[], env?: Record<string, string> }} input
 *   `maxConcurrentVariants`: ours also published with these Max Concurrent values; a case's
 *   `maxConcurrent` picks which of them it runs besides the two contenders.
 */
async function main({ latencyMs, limit, pairs, cases, maxConcurrentVariants = [], env = {} }) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-bench-batch-n8n-'));
	const emu = await startEmulatorService({ latencyMs });
	const wav = path.join(dir, 'one-second.wav');
	await writeWavFile(wav, { seconds: 1 });
	const tarball = packPackage();
	const listen = `${emu.baseUrl}/v1/listen`;
	/** @type {Array<{ key: string, contender: string, audio: Audio, workflow: ReturnType<typeof batchWorkflow> }>} */
	const variants = [];
	for (const audio of /** @type {Audio[]} */ (['binary', 'url'])) {
		variants.push({ key: `ours-${audio}`, contender: 'ours', audio, workflow: batchWorkflow(`ours-${audio}`, contenderNode('ours', audio, listen), audio, variants.length) });
		variants.push({ key: `http-${audio}`, contender: 'httpRequestNode', audio, workflow: batchWorkflow(`http-${audio}`, contenderNode('httpRequestNode', audio, listen), audio, variants.length) });
		for (const max of maxConcurrentVariants) {
			const key = `ours-max${max}-${audio}`;
			variants.push({ key, contender: `ours (Max Concurrent ${max})`, audio, workflow: batchWorkflow(key, contenderNode('ours', audio, listen, { requestOptions: { maxConcurrent: max } }), audio, variants.length) });
		}
	}
	const n8n = await startN8n({
		tarball,
		env: { N8N_RESTRICT_FILE_ACCESS_TO: dir, N8N_LOG_LEVEL: 'warn', N8N_PAYLOAD_SIZE_MAX: '64', ...env },
	});
	try {
		n8n.importCredentials([
			{ ...DG_CREDENTIAL, type: 'deepgramApi', data: { apiKey: API_KEY, baseUrl: 'custom', customBaseUrl: emu.baseUrl } },
			{ ...HEADER_CREDENTIAL, type: 'httpHeaderAuth', data: { name: 'Authorization', value: `Token ${API_KEY}` } },
		]);
		n8n.importWorkflow(variants.map((v) => v.workflow));
		const owner = await n8n.setupOwner();
		const apiKey = await createApiKey(n8n.baseUrl, owner.cookie, 'bench');
		for (const v of variants) await n8n.publishWorkflow(v.workflow.id);
		let lastExecution = 0;
		/** A run of variant `v`, with the contender node's own time. */
		const measure = async (/** @type {typeof variants[number]} */ v, /** @type {unknown[]} */ items) => {
			const run = await runOnce(urlOf(v.key), items, emu);
			const node = await nodeTime(n8n.baseUrl, apiKey, v.workflow.id, v.workflow.nodes[v.workflow.nodes.length - 1].name, lastExecution);
			lastExecution = node.id;
			return { ...run, nodeMs: node.ms };
		};
		const urlOf = (/** @type {string} */ key) => `${n8n.baseUrl}/webhook/bench-batch-${key}`;
		for (const v of variants) {
			for (let i = 0; ; i++) {
				const res = await fetch(urlOf(v.key), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"items":[]}' }).catch(() => undefined);
				if (res && res.status !== 404) break;
				if (i > 240) throw new Error(`${urlOf(v.key)} was not registered within 60 s`);
				await pause(250);
			}
		}
		// One small warm-up run of each variant (n8n loads and compiles the nodes on first use).
		await emu.configure({ latencyMs, concurrencyLimit: null, retryAfterSeconds: 1, urlAudioBase64: { [AUDIO_URL]: fs.readFileSync(wav).toString('base64') } });
		for (const v of variants) await measure(v, Array.from({ length: 10 }, () => (v.audio === 'url' ? { url: AUDIO_URL } : { file: wav })));
		const results = [];
		for (const c of cases) {
			const items = Array.from({ length: c.items }, () => (c.audio === 'url' ? { url: AUDIO_URL } : { file: wav }));
			await emu.configure({ latencyMs, concurrencyLimit: c.limit ? limit : null, retryAfterSeconds: 1, urlAudioBase64: { [AUDIO_URL]: fs.readFileSync(wav).toString('base64') } });
			const extra = (c.maxConcurrent ?? []).map((max) => `ours-max${max}-${c.audio}`);
			const inCase = variants.filter((v) => v.audio === c.audio && (!v.key.includes('-max') || extra.includes(v.key)));
			/** @type {Record<string, Array<Awaited<ReturnType<typeof runOnce>> & { nodeMs: number }>>} */
			const runs = Object.fromEntries(inCase.map((v) => [v.key, []]));
			const loadAtStart = os.loadavg();
			// Pairs: every variant of the case in turn, the order alternating.
			for (let pair = 0; pair < pairs; pair++) {
				const order = pair % 2 === 0 ? inCase : [...inCase].reverse();
				for (const v of order) {
					runs[v.key].push(await measure(v, items));
					await pause(500);
				}
			}
			const floorMs = c.limit ? Math.ceil(c.items / limit) * latencyMs : latencyMs;
			const ours = runs[`ours-${c.audio}`];
			const http = runs[`http-${c.audio}`];
			const ratios = ours.map((run, i) => run.wallMs / http[i].wallMs);
			const nodeRatios = ours.map((run, i) => run.nodeMs / http[i].nodeMs);
			results.push({
				...c,
				limit: c.limit ? limit : null,
				floorMs,
				loadAverageAtStart: loadAtStart,
				loadAverageAtEnd: os.loadavg(),
				oursToHttpRequestNode: summary(ratios),
				oursToHttpRequestNodeNodeTime: summary(nodeRatios),
				variants: Object.fromEntries(
					inCase.map((v) => {
						const r = runs[v.key];
						return [
							v.key,
							{
								contender: v.contender,
								wallMs: summary(r.map((x) => x.wallMs)),
								toFloor: summary(r.map((x) => x.wallMs / floorMs)),
								nodeMs: summary(r.map((x) => x.nodeMs)),
								nodeToFloor: summary(r.map((x) => x.nodeMs / floorMs)),
								lostMax: Math.max(...r.map((x) => x.lost)),
								paidLostMax: Math.max(...r.map((x) => x.paidLost)),
								rateLimited: summary(r.map((x) => x.rateLimited)),
								statuses: [...new Set(r.map((x) => x.status))],
								answers: [...new Set(r.map((x) => x.answer).filter(Boolean))].slice(0, 2),
							},
						];
					}),
				),
			});
			process.stderr.write(`batch n8n ${c.audio} items=${c.items} limit=${c.limit ? limit : 'none'}: ${Object.entries(results.at(-1)?.variants ?? {}).map(([k, v]) => `${k} ${v.wallMs.median.toFixed(0)} ms (node ${v.nodeMs.median.toFixed(0)}) lost ${v.lostMax}`).join(', ')}; ours/http median ${summary(ratios).median.toFixed(2)} (load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')})\n`);
		}
		return { latencyMs, limit, pairs, n8nVersion: '2.41.1', results };
	} finally {
		await n8n.stop();
		await emu.stop();
		fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

runMain(main);
