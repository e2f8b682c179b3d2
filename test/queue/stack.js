// @ts-check
'use strict';
/**
 * n8n in queue mode, as users who outgrow one n8n run it: PostgreSQL shared by every process, Redis
 * for Bull's queue, a main process (editor, REST API, publishing, webhook registration), `n8n
 * webhook` processes receiving webhooks behind HAProxy on Deepgram's callback port, and `n8n worker`
 * processes running the executions. Every n8n process has this package installed the community
 * way (one shared user folder) and one N8N_ENCRYPTION_KEY; binary data lives in the database.
 *
 *   const queue = await startQueueMain({ tarball });   // PostgreSQL, Redis, main
 *   ... import, publish through queue.main ...
 *   await queue.startTier();                            // webhook processes, workers, HAProxy
 *   await queue.stop();
 */
const fs = require('node:fs');
const path = require('node:path');

const { HOST, freePort } = require('../n8n/ports');
const { installPackage, startN8n } = require('../n8n/server');
const { sleep } = require('../n8n/process-group');
const { ensureQueueParts, startBalancer, startPostgres, startRedis, stackDir } = require('./services');

/**
 * @typedef {Awaited<ReturnType<typeof startN8n>>} N8nInstance
 * @typedef {{ role: 'main' | 'webhook' | 'worker', name: string, port: number, readyPort?: number, instance: N8nInstance }} QueueProcess
 */

/**
 * @param {{
 *   tarball: string,
 *   balancerPort?: number,
 *   webhookProcesses?: number,
 *   workers?: number,
 *   env?: Record<string, string | undefined>,
 * }} options `env` is added to every n8n process's environment.
 */
async function startQueueMain(options) {
	const parts = ensureQueueParts();
	const dir = stackDir();
	const userFolder = path.join(dir, 'n8n');
	fs.mkdirSync(userFolder);
	installPackage(options.tarball, userFolder);
	const balancerPort = options.balancerPort ?? 8080;
	const webhookBase = `http://${HOST}:${balancerPort}/`;

	/** @type {Array<{ stop: () => Promise<void> }>} */
	const services = [];
	/** @type {QueueProcess[]} */
	const processes = [];
	const stop = async () => {
		// n8n first (it holds connections to both), then the balancer and the data stores.
		await Promise.all(processes.splice(0).map((p) => p.instance.stop()));
		for (const service of services.splice(0).reverse()) await service.stop();
		if (process.env.DG_N8N_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
	};

	try {
		const [firstRedis, postgres] = await Promise.all([
			startRedis({ redisServer: parts.redisServer, dir }),
			startPostgres({ pgBin: parts.pgBin, dir }),
		]);
		let redis = firstRedis;
		services.push(redis, postgres);

		/** @type {Record<string, string | undefined>} */
		const env = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: HOST,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: HOST,
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
			// n8n's queue-mode default, said out loud: filesystem binary data is not shared by processes.
			N8N_DEFAULT_BINARY_DATA_MODE: 'database',
			N8N_WEBHOOK_URL: webhookBase,
			...options.env,
		};

		/**
		 * @param {QueueProcess['role']} role
		 * @param {number} index
		 */
		const startProcess = async (role, index) => {
			const port = await freePort();
			const readyPort = role === 'worker' ? await freePort() : undefined;
			const name = role === 'main' ? 'main' : `${role}-${index}`;
			const instance = await startN8n({
				command: role === 'main' ? 'start' : role,
				port,
				readyPort,
				userFolder,
				logName: `${name}.log`,
				skipInstall: true,
				env: {
					...env,
					...(readyPort ? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(readyPort) } : {}),
				},
				// A webhook process can wait 30 s at SIGTERM for executions it saw enqueued.
				stopGraceMs: 40_000,
			});
			/** @type {QueueProcess} */
			const started = { role, name, port, readyPort, instance };
			processes.push(started);
			return started;
		};

		const main = await startProcess('main', 0);
		/** @type {Awaited<ReturnType<typeof startBalancer>> | undefined} */
		let balancer;

		return {
			dir,
			userFolder,
			webhookBase,
			balancerPort,
			/** The running Redis (another one after restartRedis). */
			get redis() {
				return redis;
			},
			postgres,
			main: main.instance,
			processes,
			/** The webhook processes and workers, then HAProxy in front of them. */
			async startTier() {
				const tier = await Promise.all([
					...Array.from({ length: options.webhookProcesses ?? 2 }, (_, i) => startProcess('webhook', i + 1)),
					...Array.from({ length: options.workers ?? 2 }, (_, i) => startProcess('worker', i + 1)),
				]);
				balancer = await startBalancer({
					haproxy: parts.haproxy,
					dir,
					port: balancerPort,
					main: main.port,
					webhooks: tier.filter((p) => p.role === 'webhook').map((p) => p.port),
				});
				services.push(balancer);
				return tier;
			},
			/**
			 * Stops one process and starts it again on the same ports (Deepgram's retries must land
			 * meanwhile). Resolves once it is ready again; `whileDown` runs while it is stopped.
			 * @param {QueueProcess} target
			 * @param {() => Promise<void>} [whileDown]
			 * @param {{ drain?: boolean }} [how] drain: false stops a webhook process without taking it
			 *   out of the balancer first, as a crash would; only the health check protects callers then
			 */
			async restart(target, whileDown, how = {}) {
				if (target.role === 'main') throw new Error('restarting main is not supported here');
				// A webhook process leaves the balancer first, as in a rolling restart: requests sent to
				// it while it shuts down would get 500/502 (Deepgram retries them, but its last retry
				// would be lost).
				// webhook-N is HAProxy's server N (the tier's order, not the order processes became ready).
				const webhookIndex =
					target.role === 'webhook' && how.drain !== false ? Number(target.name.split('-')[1]) - 1 : -1;
				if (balancer && webhookIndex >= 0) {
					await balancer.setWebhookState(webhookIndex, 'drain');
					await sleep(1000);
				}
				await target.instance.stop();
				if (whileDown) await whileDown();
				target.instance = await startN8n({
					command: target.role,
					port: target.port,
					readyPort: target.readyPort,
					userFolder,
					logName: `${target.name}.log`,
					skipInstall: true,
					env: {
						...env,
						...(target.readyPort ? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(target.readyPort) } : {}),
					},
					stopGraceMs: 40_000,
				});
				// Back in rotation once HAProxy's health check sees it ready (it answers 404 until then).
				if (balancer && webhookIndex >= 0) await balancer.setWebhookState(webhookIndex, 'ready');
			},
			/**
			 * Stops Redis (no persistence: the queue is lost) and starts it again on the same port, as a
			 * crashed or restarted Redis; `whileDown` runs while it is stopped.
			 * @param {() => Promise<void>} [whileDown]
			 */
			async restartRedis(whileDown) {
				const old = services.indexOf(redis);
				await redis.stop();
				if (whileDown) await whileDown();
				redis = await startRedis({ redisServer: parts.redisServer, dir, port: redis.port });
				services[old] = redis;
			},
			/** Every n8n process's log, by process name. */
			logs() {
				return Object.fromEntries(
					fs
						.readdirSync(userFolder)
						.filter((file) => file.endsWith('.log'))
						.map((file) => [file.replace(/\.log$/, ''), fs.readFileSync(path.join(userFolder, file), 'utf8')]),
				);
			},
			stop,
		};
	} catch (error) {
		await stop().catch(() => {});
		throw error;
	}
}

/**
 * Waits until `url` answers something other than 404 on every given process (n8n answers 404 for a
 * webhook it has not found yet).
 * @param {string} webhookPath e.g. `webhook/<id>/webhook`
 * @param {number[]} ports
 * @param {{ timeoutMs?: number }} [o]
 */
async function waitForWebhook(webhookPath, ports, { timeoutMs = 60_000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (const port of ports) {
		for (;;) {
			const res = await fetch(`http://${HOST}:${port}/${webhookPath}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }).catch(() => undefined);
			if (res && res.status !== 404) break;
			if (Date.now() > deadline) throw new Error(`${webhookPath} still answers 404 on port ${port} after ${timeoutMs} ms`);
			await sleep(250);
		}
	}
}

module.exports = { startQueueMain, waitForWebhook };
