// @ts-check
'use strict';
/**
 * A large upload on a worker: a published workflow (Webhook → Read File → Deepgram Transcribe,
 * Return Transcript) reads a generated WAV and sends it to the emulator. In queue mode the file
 * goes through n8n's binary data in PostgreSQL (database mode); in regular mode (one n8n) through
 * filesystem binary data. Measured: the peak RSS growth of the process that runs the execution (the
 * worker's process group in queue mode, n8n's in regular mode), sampled every 100 ms from /proc,
 * over its idle baseline; and whether the upload arrived whole.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

const { runMain } = require('../lib/children');
const { startEmulatorService } = require('../lib/emulator-host');
const { packPackage, startN8n } = require('../../test/n8n/server');
const { freePort } = require('../../test/n8n/ports');
const { startQueueMain } = require('../../test/queue/stack');
const { writeWavFile } = require('../../test/emulator/wav');

const MiB = 1024 * 1024;

/** Resident memory of every process in the group led by `pgid`, in bytes. */
function groupRss(/** @type {number} */ pgid) {
	let bytes = 0;
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) !== pgid) continue;
			bytes += Number(fields[21]) * 4096;
		} catch {
			/* gone */
		}
	}
	return bytes;
}

/** @param {string} dir @param {string} baseUrl */
function credentialAndWorkflow(dir, baseUrl) {
	return {
		credential: { id: 'dgBenchLargeCrd', name: 'Deepgram (bench large)', type: 'deepgramApi', data: { apiKey: 'dg-key-1', baseUrl: 'custom', customBaseUrl: baseUrl } },
		workflow: {
			id: 'dgBenchLargeUpload',
			name: 'Bench: large upload',
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				{ id: 'c0000000-0000-4000-8000-000000000001', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: 'c0000000-0000-4000-8000-0000000000a1', parameters: { httpMethod: 'POST', path: 'bench-large', responseMode: 'lastNode', options: {} } },
				{ id: 'c0000000-0000-4000-8000-000000000002', name: 'Read', type: 'n8n-nodes-base.readWriteFile', typeVersion: 1.1, position: [200, 0], parameters: { fileSelector: `={{ $json.body.file }}`, options: {} } },
				{ id: 'c0000000-0000-4000-8000-000000000003', name: 'Transcribe', type: 'n8n-nodes-deepgram-callback.deepgramTranscribe', typeVersion: 1, position: [400, 0], parameters: { audioSource: 'binary', binaryPropertyName: 'data', output: 'simplified' }, credentials: { deepgramApi: { id: 'dgBenchLargeCrd', name: 'Deepgram (bench large)' } } },
			],
			connections: { Webhook: { main: [[{ node: 'Read', type: 'main', index: 0 }]] }, Read: { main: [[{ node: 'Transcribe', type: 'main', index: 0 }]] } },
			pinData: {},
		},
		env: { N8N_RESTRICT_FILE_ACCESS_TO: dir, N8N_LOG_LEVEL: 'warn', N8N_PAYLOAD_SIZE_MAX: '64' },
	};
}

/**
 * Runs the workflow once for `file` while sampling the RSS of group `pgid`.
 * @param {string} url @param {string} file @param {number} pgid
 */
async function measure(url, file, pgid) {
	const baseline = groupRss(pgid);
	let peak = baseline;
	const timer = setInterval(() => (peak = Math.max(peak, groupRss(pgid))), 100);
	const started = Date.now();
	let status = 0;
	let answer = '';
	try {
		const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ file }), signal: AbortSignal.timeout(15 * 60_000) });
		status = res.status;
		answer = (await res.text()).slice(0, 300);
	} catch (error) {
		answer = String(/** @type {Error} */ (error).message);
	} finally {
		clearInterval(timer);
	}
	return { baselineMiB: baseline / MiB, growthMiB: (peak - baseline) / MiB, wallMs: Date.now() - started, status, answer };
}

/** @param {{ sizesMiB: number[] }} input */
async function main({ sizesMiB }) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-bench-qlarge-'));
	const emu = await startEmulatorService({ latencyMs: 0 });
	const tarball = packPackage();
	const { credential, workflow, env } = credentialAndWorkflow(dir, emu.baseUrl);
	/** @type {Array<Record<string, unknown>>} */
	const results = [];
	try {
		for (const mode of ['queue', 'regular']) {
			/** @type {{ main: any, runnerPid: () => number, url: string, stop: () => Promise<void> }} */
			let n8n;
			if (mode === 'queue') {
				const queue = await startQueueMain({ tarball, balancerPort: await freePort(), webhookProcesses: 1, workers: 1, env });
				queue.main.importCredentials([credential]);
				queue.main.importWorkflow([workflow]);
				await queue.main.setupOwner();
				await queue.main.publishWorkflow(workflow.id);
				const tier = await queue.startTier();
				const worker = /** @type {import('../../test/queue/stack').QueueProcess} */ (tier.find((p) => p.role === 'worker'));
				n8n = { main: queue.main, runnerPid: () => worker.instance.pid, url: `${queue.webhookBase}webhook/bench-large`, stop: () => queue.stop() };
			} else {
				const single = await startN8n({ tarball, env });
				single.importCredentials([credential]);
				single.importWorkflow([workflow]);
				await single.setupOwner();
				await single.publishWorkflow(workflow.id);
				n8n = { main: single, runnerPid: () => single.pid, url: `${single.baseUrl}/webhook/bench-large`, stop: () => single.stop() };
			}
			try {
				await new Promise((resolve) => setTimeout(resolve, 3000));
				for (const sizeMiB of sizesMiB) {
					const file = path.join(dir, `${sizeMiB}MiB.wav`);
					if (!fs.existsSync(file)) await writeWavFile(file, { bytes: sizeMiB * MiB });
					await emu.reset();
					const run = await measure(n8n.url, file, n8n.runnerPid());
					const stats = await emu.stats();
					results.push({ mode, sizeMiB, ...run, delivered: stats.served });
					process.stderr.write(`queue large ${mode} ${sizeMiB} MiB: ${JSON.stringify(results.at(-1))}\n`);
				}
			} finally {
				await n8n.stop();
			}
		}
		return { results };
	} finally {
		await emu.stop();
		fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

runMain(main);
