// @ts-check
'use strict';
/**
 * Callback Trigger in-process: the harness's startTriggerSession serves the trigger's webhook()
 * over real loopback HTTP through n8n-core's WebhookContext, in this process; a load client in
 * another process sends ~3 KB callbacks (16 at a time). Per verification method (and none):
 * verified callbacks per second (each starting an execution), and forged ones rejected per
 * second (every checked value wrong).
 */
const { runMain } = require('../lib/children');
const { loadFromChild } = require('../lib/load-client');
const { callbackBody, basicAuthorization } = require('../lib/callbacks');
const { summary } = require('../lib/stats');
const { harness, API_KEY } = require('../lib/engine');

const TRIGGER = 'n8n-nodes-deepgram-callback.deepgramCallbackTrigger';
const USER = 'deepgram';
const PASSWORD = 'bench-password';
const SECRET = 'bench-callback-secret';
const KEY_ID = 'key-id-1';

/**
 * @typedef {{ verification: 'credential' | 'none', checkDgToken: boolean, credential: Record<string, string>, valid: { headers: Record<string, string>, extra: Record<string, string> }, forged?: { headers: Record<string, string>, extra: Record<string, string> } }} Variant
 */

/** @type {Record<string, Variant>} */
const VARIANTS = {
	none: { verification: 'none', checkDgToken: false, credential: {}, valid: { headers: {}, extra: {} } },
	basicAuth: {
		verification: 'credential',
		checkDgToken: false,
		credential: { callbackUser: USER, callbackPassword: PASSWORD },
		valid: { headers: { Authorization: basicAuthorization(USER, PASSWORD) }, extra: {} },
		forged: { headers: { Authorization: basicAuthorization(USER, 'guessed') }, extra: {} },
	},
	callbackSecret: {
		verification: 'credential',
		checkDgToken: false,
		credential: { callbackSecret: SECRET },
		valid: { headers: {}, extra: { callback_secret: SECRET } },
		forged: { headers: {}, extra: { callback_secret: 'guessed' } },
	},
	dgToken: {
		verification: 'credential',
		checkDgToken: true,
		credential: { apiKeyId: KEY_ID },
		valid: { headers: { 'dg-token': KEY_ID }, extra: {} },
		forged: { headers: { 'dg-token': 'guessed' }, extra: {} },
	},
	allThree: {
		verification: 'credential',
		checkDgToken: true,
		credential: { callbackUser: USER, callbackPassword: PASSWORD, callbackSecret: SECRET, apiKeyId: KEY_ID },
		valid: { headers: { Authorization: basicAuthorization(USER, PASSWORD), 'dg-token': KEY_ID }, extra: { callback_secret: SECRET } },
		forged: { headers: { Authorization: basicAuthorization(USER, 'guessed'), 'dg-token': 'guessed' }, extra: { callback_secret: 'guessed' } },
	},
};

/**
 * @param {{ runs: number, durationMs: number, concurrency: number, warmupMs: number }} input
 */
async function main({ runs, durationMs, concurrency, warmupMs }) {
	/** @type {Record<string, { accepted: number[], started: number[], rejected: number[], acceptedP50: number[], rejectedP50: number[], notes: Set<string> }>} */
	const collected = {};
	// Run 0 warms the JIT up on every path (valid and forged) and is not counted.
	for (let run = -1; run < runs; run++) {
		const measuring = run >= 0;
		for (const [name, variant] of Object.entries(VARIANTS)) {
			const entry = (collected[name] ??= { accepted: [], started: [], rejected: [], acceptedP50: [], rejectedP50: [], notes: new Set() });
			const session = await harness.startTriggerSession({
				type: TRIGGER,
				parameters: { verification: variant.verification, checkDgToken: variant.checkDgToken, simplify: true, options: {} },
				credentials: { deepgramApi: { apiKey: API_KEY, baseUrl: 'custom', customBaseUrl: 'http://127.0.0.1:9', ...variant.credential } },
			});
			try {
				const base = { url: session.url, concurrency, durationMs: measuring ? durationMs : warmupMs, maxRequests: 1_000_000 };
				const valid = await loadFromChild({
					...base,
					headers: { 'Content-Type': 'application/json', ...variant.valid.headers },
					body: callbackBody({ extra: variant.valid.extra }),
					expect: [200],
				});
				const started = session.executions.length;
				session.executions.length = 0;
				if (measuring) {
					entry.accepted.push(valid.perSecond);
					entry.started.push((started / valid.elapsedMs) * 1000);
					entry.acceptedP50.push(valid.latencyMs.p50);
					if (valid.expected !== valid.sent || started !== valid.expected) {
						entry.notes.add(`valid: sent ${valid.sent}, answered ${JSON.stringify(valid.byStatus)}, started ${started}, errors ${valid.errors}`);
					}
				}
				if (variant.forged) {
					const forged = await loadFromChild({
						...base,
						headers: { 'Content-Type': 'application/json', ...variant.forged.headers },
						body: callbackBody({ extra: variant.forged.extra }),
						expect: [401, 403],
					});
					const startedByForged = session.executions.length;
					session.executions.length = 0;
					if (measuring) {
						entry.rejected.push(forged.perSecond);
						entry.rejectedP50.push(forged.latencyMs.p50);
						if (forged.expected !== forged.sent || startedByForged > 0) {
							entry.notes.add(`forged: sent ${forged.sent}, answered ${JSON.stringify(forged.byStatus)}, started ${startedByForged}`);
						}
					}
				}
			} finally {
				await session.stop();
			}
			if (measuring) process.stderr.write(`trigger in-process ${name} run ${run + 1}: ${entry.accepted.at(-1)?.toFixed(0)}/s accepted, ${entry.rejected.at(-1)?.toFixed(0) ?? '-'}/s rejected\n`);
		}
	}
	return {
		runs,
		durationMs,
		concurrency,
		bodyBytes: callbackBody({ extra: { callback_secret: SECRET } }).length,
		variants: Object.fromEntries(
			Object.entries(collected).map(([name, e]) => [
				name,
				{
					acceptedPerSecond: summary(e.accepted),
					startedPerSecond: summary(e.started),
					acceptedP50Ms: summary(e.acceptedP50),
					rejectedPerSecond: e.rejected.length ? summary(e.rejected) : null,
					rejectedP50Ms: e.rejectedP50.length ? summary(e.rejectedP50) : null,
					notes: [...e.notes],
				},
			]),
		),
	};
}

runMain(main);
