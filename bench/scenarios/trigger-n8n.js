// @ts-check
'use strict';
/**
 * Callback Trigger in a real n8n 2.41.1 (test/n8n/server.js; the package installed from its
 * tarball the community way) against n8n's Webhook node with Header Auth on `dg-token`, the
 * hand-wired alternative, in the same instance and run. A load client in its own process sends
 * ~3 KB callbacks, 16 at a time; every accepted one starts an execution (saved as n8n saves
 * executions by default). Forged requests carry wrong values for every checked field.
 */
const fs = require('fs');
const path = require('path');

const { runMain } = require('../lib/children');
const { loadFromChild } = require('../lib/load-client');
const { callbackBody, basicAuthorization } = require('../lib/callbacks');
const { groupCpuSeconds, waitIdle } = require('../lib/procstat');
const { summary } = require('../lib/stats');
const { packPackage, startN8n } = require('../../test/n8n/server');

const USER = 'deepgram';
const PASSWORD = 'bench-password';
const SECRET = 'bench-callback-secret';
const KEY_ID = 'key-id-1';
const WEBHOOK_NODE_VERSION = 2.1;

const CREDENTIALS = [
	{
		id: 'dgBenchSecureCrd',
		name: 'Deepgram (bench: Basic Auth + secret)',
		type: 'deepgramApi',
		data: { apiKey: 'dg-key-1', baseUrl: 'custom', customBaseUrl: 'http://127.0.0.1:9', callbackUser: USER, callbackPassword: PASSWORD, callbackSecret: SECRET },
	},
	{
		id: 'dgBenchTokenCrd',
		name: 'Deepgram (bench: dg-token)',
		type: 'deepgramApi',
		data: { apiKey: 'dg-key-1', baseUrl: 'custom', customBaseUrl: 'http://127.0.0.1:9', apiKeyId: KEY_ID },
	},
	{ id: 'dgBenchHeaderCrd', name: 'dg-token header', type: 'httpHeaderAuth', data: { name: 'dg-token', value: KEY_ID } },
];

/**
 * @param {string} id
 * @param {string} name
 * @param {Record<string, unknown>} node
 */
function workflow(id, name, node) {
	return { id, name, active: false, settings: { executionOrder: 'v1' }, nodes: [{ position: [0, 0], ...node }], connections: {}, pinData: {} };
}

/**
 * @typedef {{ workflow: ReturnType<typeof workflow>, path: string, valid: { headers: Record<string, string>, extra: Record<string, string> }, forged: { headers: Record<string, string>, extra: Record<string, string> } }} Contender
 */

/**
 * A workflow of one Callback Trigger with its own webhook id.
 * @param {string} id
 * @param {string} label
 * @param {number} n  distinguishes node and webhook ids
 * @param {{ checkDgToken: boolean, credential: { id: string, name: string } }} setup
 */
function triggerWorkflow(id, label, n, { checkDgToken, credential }) {
	return workflow(id, `Bench: Callback Trigger (${label})`, {
		id: `b0000000-0000-4000-8000-00000000000${n}`,
		name: 'Deepgram Callback Trigger',
		type: 'n8n-nodes-deepgram-callback.deepgramCallbackTrigger',
		// The default for new nodes: at version 1, n8n 2.41 evaluates a legacy expression per request.
		typeVersion: 1.1,
		webhookId: `b0000000-0000-4000-8000-0000000000a${n}`,
		parameters: { verification: 'credential', checkDgToken, simplify: true, options: {} },
		credentials: { deepgramApi: { id: credential.id, name: credential.name } },
	});
}

/** @type {Record<string, Contender>} */
const CONTENDERS = {
	oursBasicAuthAndSecret: {
		workflow: triggerWorkflow('dgBenchTriggerSecure', 'Basic Auth + secret', 1, { checkDgToken: false, credential: CREDENTIALS[0] }),
		path: 'webhook/b0000000-0000-4000-8000-0000000000a1/webhook',
		valid: { headers: { Authorization: basicAuthorization(USER, PASSWORD) }, extra: { callback_secret: SECRET } },
		forged: { headers: { Authorization: basicAuthorization(USER, 'guessed') }, extra: { callback_secret: 'guessed' } },
	},
	oursDgToken: {
		workflow: triggerWorkflow('dgBenchTriggerToken', 'dg-token', 2, { checkDgToken: true, credential: CREDENTIALS[1] }),
		path: 'webhook/b0000000-0000-4000-8000-0000000000a2/webhook',
		valid: { headers: { 'dg-token': KEY_ID }, extra: {} },
		forged: { headers: { 'dg-token': 'guessed' }, extra: {} },
	},
	webhookNodeHeaderAuth: {
		workflow: workflow('dgBenchWebhookNode', 'Bench: Webhook node (Header Auth on dg-token)', {
			id: 'b0000000-0000-4000-8000-000000000003',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: WEBHOOK_NODE_VERSION,
			webhookId: 'b0000000-0000-4000-8000-0000000000a3',
			parameters: { httpMethod: 'POST', path: 'bench-dg-token', authentication: 'headerAuth', responseMode: 'onReceived', options: {} },
			credentials: { httpHeaderAuth: { id: CREDENTIALS[2].id, name: CREDENTIALS[2].name } },
		}),
		path: 'webhook/bench-dg-token',
		valid: { headers: { 'dg-token': KEY_ID }, extra: {} },
		forged: { headers: { 'dg-token': 'guessed' }, extra: {} },
	},
};

/** @param {number} ms */
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls until n8n has registered the production webhook (a forged request is then rejected
 * rather than answered 404).
 * @param {string} url
 */
async function waitForWebhook(url) {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).catch(() => undefined);
		if (res && res.status !== 404) return;
		if (Date.now() > deadline) throw new Error(`${url} was not registered within 60 s (last status ${res?.status})`);
		await pause(250);
	}
}

/**
 * @param {{ runs: number, durationMs: number, warmupMs: number, concurrency: number }} input
 */
async function main({ runs, durationMs, warmupMs, concurrency }) {
	const { n8n, stop } = await startBenchN8n();
	try {

		/** @type {Record<string, { accepted: number[], sustained: number[], cpuValid: number[], cpuForged: number[], acceptedP50: number[], rejected: number[], rejectedP50: number[], notes: Set<string>, sample: Set<string> }>} */
		const collected = {};
		for (let run = -1; run < runs; run++) {
			const measuring = run >= 0;
			for (const [name, contender] of Object.entries(CONTENDERS)) {
				const entry = (collected[name] ??= { accepted: [], sustained: [], cpuValid: [], cpuForged: [], acceptedP50: [], rejected: [], rejectedP50: [], notes: new Set(), sample: new Set() });
				const base = { url: `${n8n.baseUrl}/${contender.path}`, concurrency, durationMs: measuring ? durationMs : warmupMs, maxRequests: 1_000_000 };
				await waitIdle(n8n.pid);
				const cpuBeforeValid = groupCpuSeconds(n8n.pid);
				const valid = await loadFromChild({
					...base,
					headers: { 'Content-Type': 'application/json', ...contender.valid.headers },
					body: callbackBody({ extra: contender.valid.extra }),
					expect: [200],
				});
				// Executions started by accepted callbacks may still be running after the last answer.
				const drainMs = await waitIdle(n8n.pid);
				const cpuBeforeForged = groupCpuSeconds(n8n.pid);
				const forged = await loadFromChild({
					...base,
					headers: { 'Content-Type': 'application/json', ...contender.forged.headers },
					body: callbackBody({ extra: contender.forged.extra }),
					expect: [401, 403],
				});
				const cpuAfterForged = groupCpuSeconds(n8n.pid);
				if (!measuring) continue;
				entry.cpuValid.push(((cpuBeforeForged - cpuBeforeValid) * 1000) / Math.max(1, valid.sent));
				entry.cpuForged.push(((cpuAfterForged - cpuBeforeForged) * 1000) / Math.max(1, forged.sent));
				entry.sustained.push((valid.expected / (valid.elapsedMs + drainMs)) * 1000);
				entry.accepted.push(valid.perSecond);
				entry.acceptedP50.push(valid.latencyMs.p50);
				entry.rejected.push(forged.perSecond);
				entry.rejectedP50.push(forged.latencyMs.p50);
				if (valid.sampleAnswer) entry.sample.add(`valid → ${valid.sampleAnswer}`);
				if (forged.sampleAnswer) entry.sample.add(`forged → ${forged.sampleAnswer}`);
				if (valid.expected !== valid.sent) entry.notes.add(`valid: sent ${valid.sent}, answered ${JSON.stringify(valid.byStatus)}, errors ${valid.errors}`);
				if (forged.expected !== forged.sent) entry.notes.add(`forged: sent ${forged.sent}, answered ${JSON.stringify(forged.byStatus)}, errors ${forged.errors}`);
				process.stderr.write(`trigger n8n ${name} run ${run + 1}: ${valid.perSecond.toFixed(1)}/s accepted (${entry.sustained.at(-1)?.toFixed(1)}/s with the backlog), ${forged.perSecond.toFixed(1)}/s rejected\n`);
			}
		}
		return {
			runs,
			durationMs,
			concurrency,
			n8nVersion: '2.41.1',
			variants: Object.fromEntries(
				Object.entries(collected).map(([name, e]) => [
					name,
					{
						acceptedPerSecond: summary(e.accepted),
						sustainedPerSecond: summary(e.sustained),
						acceptedP50Ms: summary(e.acceptedP50),
						rejectedPerSecond: summary(e.rejected),
						cpuMsPerAccepted: summary(e.cpuValid),
						cpuMsPerRejected: summary(e.cpuForged),
						rejectedP50Ms: summary(e.rejectedP50),
						notes: [...e.notes],
						sampleAnswers: [...e.sample].slice(0, 2).map((s) => s.slice(0, 160)),
					},
				]),
			),
		};
	} finally {
		await stop();
	}
}

/**
 * n8n with the package, the credentials and the three receivers published and registered.
 * @param {Record<string, string>} [env]  extra environment for n8n (e.g. NODE_OPTIONS to profile it)
 */
async function startBenchN8n(env) {
	const tarball = packPackage();
	const stopAll = async () => {
		await n8n?.stop();
		fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
	};
	/** @type {Awaited<ReturnType<typeof startN8n>> | undefined} */
	let n8n;
	try {
		n8n = await startN8n({ tarball, env });
		n8n.importCredentials(CREDENTIALS);
		n8n.importWorkflow(Object.values(CONTENDERS).map((c) => c.workflow));
		await n8n.setupOwner();
		for (const contender of Object.values(CONTENDERS)) await n8n.publishWorkflow(contender.workflow.id);
		for (const contender of Object.values(CONTENDERS)) await waitForWebhook(`${n8n.baseUrl}/${contender.path}`);
		return { n8n, stop: stopAll };
	} catch (error) {
		await stopAll();
		throw error;
	}
}

if (require.main === module) runMain(main);

module.exports = { CONTENDERS, CREDENTIALS, startBenchN8n };
