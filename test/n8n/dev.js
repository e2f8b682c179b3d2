// @ts-check
'use strict';
/**
 * `npm run dev` (after test/dev-deps.sh and `npm run build`): a real n8n 2.41.1 with this package
 * installed as a community package, in a user folder that persists across runs (.tmp/dev-n8n),
 * talking to the local Deepgram emulator — or to the real Deepgram when DEEPGRAM_API_KEY is set.
 * Node 24 and n8n are installed on first use (test/n8n/install.sh, cached outside the clone).
 *
 * Sets up: the owner account, a `deepgramApi` credential (fixed id, so re-runs update it instead of
 * adding another) with callback security (a fresh secret and Basic Auth password per run), and every
 * test/workflows/*.json; the ones marked `"active": true` (the callback receiver) are published.
 * The emulator answers test/fixtures/sample.wav with its real transcript, and n8n may read that
 * folder. Ctrl-C stops everything it started.
 *
 * Environment:
 *   DEEPGRAM_API_KEY   use the real Deepgram (no emulator)
 *   N8N_WEBHOOK_URL    public base URL for callbacks (a tunnel); `WEBHOOK_URL` is accepted too.
 *                      Without it, n8n's own local URL is used (fine for the emulator).
 *   N8N_DEV_PORT       preferred n8n port (default 8080, one of the ports Deepgram calls back to;
 *                      a free one when taken, and then callbacks need N8N_WEBHOOK_URL)
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { ensureN8n, startN8n, packPackage, REPO_ROOT } = require('./server');
const { startQueueMain } = require('../queue/stack');
const { preferredOrFreePort } = require('./ports');
const { EXAMPLE_CREDENTIAL, FIXTURES_DIR, readWorkflows, sampleTranscripts } = require('./workflows');

const USER_FOLDER = path.join(REPO_ROOT, '.tmp', 'dev-n8n');
/** `npm run dev:queue`: the same, on n8n's queue mode (PostgreSQL, Redis, webhook processes, workers, HAProxy). */
const QUEUE = process.argv.includes('--queue');
/** Deepgram calls back only on 80, 443, 8080 and 8443. */
const CALLBACK_PORTS = [80, 443, 8080, 8443];

/** Fixed credential ids: importing again updates the same credential. The example workflows name the emulator one. */
const EMULATOR_CREDENTIAL_ID = EXAMPLE_CREDENTIAL.id;
const REAL_CREDENTIAL_ID = 'dgDevDeepgramCrd';

/** Callback security for the dev credential, new each run (the Trigger reads it at each delivery). */
function callbackSecurity() {
	return {
		callbackSecret: crypto.randomBytes(18).toString('base64url'),
		callbackUser: 'deepgram',
		callbackPassword: crypto.randomBytes(18).toString('base64url'),
	};
}

/** The emulator's key for dev (any string works; the emulator accepts exactly the keys it is given). */
const EMULATOR_KEY = { key: 'dev-emulator-key', id: 'dev-key-id', projectId: 'dev-project', tags: ['n8n-dev'], scopes: ['member', 'usage:read'] };

/** @returns {{ startEmulator: (options: Record<string, unknown>) => Promise<{ baseUrl: string, stop: () => Promise<void> | void }> }} */
function loadEmulator() {
	const emulatorDir = path.join(__dirname, '..', 'emulator');
	try {
		return require(emulatorDir);
	} catch (error) {
		const code = /** @type {NodeJS.ErrnoException} */ (error).code;
		if (code === 'MODULE_NOT_FOUND' && String(error.message).includes(emulatorDir)) {
			console.error(
				`The Deepgram emulator (test/emulator/index.js exporting startEmulator) is not there yet.\n` +
					`Set DEEPGRAM_API_KEY to develop against the real Deepgram instead.`,
			);
			process.exit(1);
		}
		throw error;
	}
}

async function main() {
	/** @type {Array<{ name: string, stop: () => Promise<void> | void }>} */
	const started = [];
	let stopping = false;
	/** @param {number} code */
	const shutdown = async (code) => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping...');
		for (const { name, stop } of started.reverse()) {
			try {
				await stop();
				console.log(`  stopped ${name}`);
			} catch (error) {
				console.error(`  could not stop ${name}: ${error.message}`);
				code = 1;
			}
		}
		process.exit(code);
	};
	process.on('SIGINT', () => void shutdown(0));
	process.on('SIGTERM', () => void shutdown(0));

	const realKey = process.env.DEEPGRAM_API_KEY;
	const emulatorModule = realKey ? undefined : loadEmulator();
	/** @type {string | undefined} */
	let tarball;
	try {
		// Installed once into a cache outside the clone (test/n8n/install.sh prints its progress), so
		// that `npm run dev` works as the first command in a fresh clone.
		console.log('Checking Node 24 and n8n 2.41.1 (installed on first use, about 4 minutes) ...');
		ensureN8n();
		tarball = packPackage();
		const port = await preferredOrFreePort(Number(process.env.N8N_DEV_PORT) || 8080);

		/** @type {{ id: string, name: string, type: string, data: Record<string, string> }} */
		let credential;
		let target;
		if (!emulatorModule) {
			credential = {
				id: REAL_CREDENTIAL_ID,
				name: 'Deepgram',
				type: 'deepgramApi',
				data: { apiKey: String(realKey), baseUrl: 'https://api.deepgram.com', ...callbackSecurity() },
			};
			target = 'the real Deepgram (https://api.deepgram.com)';
		} else {
			const emulator = await emulatorModule.startEmulator({
				port: await preferredOrFreePort(5680),
				keys: [EMULATOR_KEY],
				transcripts: sampleTranscripts(),
				// Deepgram calls back only on 80/443/8080/8443; let the emulator reach the dev n8n too.
				allowedCallbackPorts: [80, 443, 8080, 8443, port],
			});
			started.push({ name: `Deepgram emulator (${emulator.baseUrl})`, stop: () => emulator.stop() });
			credential = {
				id: EMULATOR_CREDENTIAL_ID,
				name: EXAMPLE_CREDENTIAL.name,
				type: 'deepgramApi',
				data: {
					apiKey: EMULATOR_KEY.key,
					baseUrl: 'custom',
					customBaseUrl: emulator.baseUrl,
					apiKeyId: EMULATOR_KEY.id,
					projectId: EMULATOR_KEY.projectId,
					...callbackSecurity(),
				},
			};
			target = `the Deepgram emulator at ${emulator.baseUrl} (key ${EMULATOR_KEY.key})`;
		}
		if (stopping) return;

		const webhookUrl = process.env.N8N_WEBHOOK_URL ?? process.env.WEBHOOK_URL;
		const t0 = Date.now();
		const n8nEnv = {
			...(webhookUrl ? { N8N_WEBHOOK_URL: webhookUrl } : {}),
			// n8n 2.x reads files only from these folders: the sample audio's, and n8n's default.
			N8N_RESTRICT_FILE_ACCESS_TO: `${FIXTURES_DIR};~/.n8n-files`,
		};
		/** @type {Awaited<ReturnType<typeof startQueueMain>> | undefined} */
		let queue;
		/** @type {Awaited<ReturnType<typeof startN8n>>} */
		let n8n;
		if (QUEUE) {
			// Queue mode: HAProxy takes the public port; main gets a port of its own.
			console.log('Starting PostgreSQL, Redis and n8n 2.41.1 main in queue mode ...');
			queue = await startQueueMain({ tarball, balancerPort: port, env: n8nEnv });
			const stack = queue;
			started.push({ name: 'n8n queue-mode stack (HAProxy, n8n processes, Redis, PostgreSQL)', stop: () => stack.stop() });
			n8n = queue.main;
		} else {
			console.log(`Starting n8n 2.41.1 in ${path.relative(process.cwd(), USER_FOLDER) || USER_FOLDER} ...`);
			n8n = await startN8n({ port, userFolder: USER_FOLDER, tarball, env: n8nEnv });
			const single = n8n;
			started.push({ name: `n8n (pid ${n8n.pid})`, stop: () => single.stop() });
		}
		n8n.exited.then(({ code, signal }) => {
			if (stopping) return;
			console.error(`n8n exited unexpectedly (code ${code}, signal ${signal}); log: ${n8n.logPath}`);
			void shutdown(1);
		});
		if (stopping) return;

		const owner = await n8n.setupOwner();
		n8n.importCredentials([credential]);
		const publicBase = webhookUrl ?? (queue ? queue.webhookBase : `${n8n.baseUrl}/`);
		const workflows = readWorkflows({
			credential: { id: credential.id, name: credential.name },
			webhookBaseUrl: publicBase,
		});
		if (workflows.length > 0) n8n.importWorkflow(workflows.map((w) => w.workflow));
		/** @type {string[]} */
		const publishErrors = [];
		for (const { workflow } of workflows.filter((w) => w.publish)) {
			try {
				await n8n.publishWorkflow(workflow.id);
			} catch (error) {
				publishErrors.push(`"${workflow.name}" was not published: ${error instanceof Error ? error.message : error}`);
			}
		}
		let tierLines = '';
		if (queue) {
			console.log('Starting 2 webhook processes, 2 workers and HAProxy ...');
			const tier = await queue.startTier();
			tierLines = [
				`  queue mode:  main ${n8n.baseUrl} (editor, REST API, publishing); HAProxy ${queue.webhookBase} (webhooks, by dg_job)`,
				...tier.map((/** @type {import('../queue/stack').QueueProcess} */ p) => `               ${p.name} on ${p.port}${p.readyPort ? ` (health ${p.readyPort})` : ''}, pid ${p.instance.pid}`),
				`               PostgreSQL ${queue.postgres.port}, Redis ${queue.redis.port}; logs and data in ${queue.dir}`,
			].join('\n') + '\n';
		}
		const loadErrors = n8n.loadErrors();
		const callbackWarning =
			webhookUrl || CALLBACK_PORTS.includes(port)
				? ''
				: `  NOTE:        n8n runs on ${port}, where Deepgram does not call back: for example 2, run it on 8080 or 8443\n` +
					`               (N8N_DEV_PORT; the port must be free) or set N8N_WEBHOOK_URL to a tunnel on 443.\n`;

		console.log(`
n8n is ready (${((Date.now() - t0) / 1000).toFixed(1)} s): ${n8n.baseUrl}
  login:       ${owner.email} / ${owner.password}${owner.created ? ' (owner created)' : ''}
  credential:  "${credential.name}" (deepgramApi, id ${credential.id}) -> ${target}
  workflows:   ${workflows.length ? workflows.map((w) => `"${w.workflow.name}"${w.publish ? ' (published)' : ''}`).join('\n               ') : 'none (no test/workflows/*.json)'}
  webhooks:    ${publicBase} (N8N_WEBHOOK_URL; older setups call it WEBHOOK_URL)
  log:         ${n8n.logPath}
${tierLines}${callbackWarning}${publishErrors.length ? `  ${publishErrors.join('\n  ')}\n` : ''}${loadErrors.length ? `  LOAD ERRORS:\n    ${loadErrors.join('\n    ')}\n` : ''}Ctrl-C stops n8n${realKey ? '' : ' and the emulator'}.`);
	} catch (error) {
		console.error(error instanceof Error ? error.message : error);
		await shutdown(1);
	} finally {
		if (tarball) fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
	}
}

void main();
