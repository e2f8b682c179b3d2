// @ts-check
'use strict';
/**
 * The real parts n8n's queue mode needs, each started as our own process on a loopback port with
 * its data in a temp folder, and stopped by PID: Redis (Bull's queue), PostgreSQL (the database all
 * n8n processes share) and HAProxy (the load balancer on Deepgram's callback port). The binaries
 * come from Debian's packages (test/queue/install.sh installs them when missing).
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { HOST, freePort } = require('../n8n/ports');
const { killOnExit, sleep, stopGroup } = require('../n8n/process-group');
const { tail } = require('../n8n/log');
const { runInstallScript } = require('../n8n/install-script');

/** @returns {{ redisServer: string, haproxy: string, pgBin: string }} */
function ensureQueueParts() {
	const found = runInstallScript(path.join(__dirname, 'install.sh'), ['REDIS_SERVER', 'HAPROXY', 'PG_BIN']);
	return { redisServer: found.REDIS_SERVER, haproxy: found.HAPROXY, pgBin: found.PG_BIN };
}

/**
 * @typedef {object} Service
 * @property {string} name
 * @property {number} pid leads its own process group
 * @property {string} logPath
 * @property {() => string} log
 * @property {() => Promise<void>} stop
 */

/**
 * Spawns a long-running process in its own group, output to `logPath`, and waits for `ready`.
 * @param {{ name: string, command: string, args: string[], logPath: string, cwd?: string, env?: NodeJS.ProcessEnv, ready: () => Promise<boolean>, timeoutMs?: number, graceMs?: number }} o
 * @returns {Promise<Service>}
 */
async function startService(o) {
	const logFd = fs.openSync(o.logPath, 'a');
	const child = spawn(o.command, o.args, { cwd: o.cwd, env: o.env ?? process.env, detached: true, stdio: ['ignore', logFd, logFd] });
	fs.closeSync(logFd);
	if (child.pid === undefined) throw new Error(`could not start ${o.name} (${o.command})`);
	const pid = child.pid;
	const forget = killOnExit(pid);
	/** @type {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} */
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
	let exitInfo;
	exited.then((info) => (exitInfo = info));
	const log = () => (fs.existsSync(o.logPath) ? fs.readFileSync(o.logPath, 'utf8') : '');
	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		await stopGroup(child, { graceMs: o.graceMs ?? 10_000, exited });
		forget();
	};
	const deadline = Date.now() + (o.timeoutMs ?? 60_000);
	for (;;) {
		if (exitInfo) throw new Error(`${o.name} exited while starting (${JSON.stringify(exitInfo)}):\n${tail(log())}`);
		if (await o.ready().catch(() => false)) break;
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`${o.name} was not ready within ${o.timeoutMs ?? 60_000} ms:\n${tail(log())}`);
		}
		await sleep(200);
	}
	return { name: o.name, pid, logPath: o.logPath, log, stop };
}

/**
 * Sends one line over TCP and resolves with the first answer line (Redis's PING).
 * @param {number} port
 * @param {string} line
 */
function tcpAsk(port, line) {
	return new Promise((resolve, reject) => {
		const socket = net.connect(port, HOST, () => socket.write(`${line}\r\n`));
		socket.setTimeout(1000, () => socket.destroy(new Error('timeout')));
		socket.once('data', (data) => {
			resolve(data.toString('utf8').trim());
			socket.destroy();
		});
		socket.once('error', reject);
	});
}

/**
 * Redis without persistence, on a loopback port (`port`, or a free one).
 * @param {{ redisServer: string, dir: string, port?: number }} o
 */
async function startRedis({ redisServer, dir, port: wanted }) {
	const port = wanted ?? (await freePort());
	const service = await startService({
		name: 'redis',
		command: redisServer,
		args: ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--protected-mode', 'yes'],
		logPath: path.join(dir, 'redis.log'),
		ready: async () => (await tcpAsk(port, 'PING')) === '+PONG',
	});
	return { ...service, port };
}

/** initdb and postgres refuse to run as root: as root they run as the `postgres` user. */
function asPostgresUser(/** @type {string} */ command, /** @type {string[]} */ args) {
	return process.getuid?.() === 0 ? { command: 'runuser', args: ['-u', 'postgres', '--', command, ...args] } : { command, args };
}

/**
 * A throwaway PostgreSQL cluster (trust auth on loopback, fsync off: test data only) with an
 * `n8n` database.
 * @param {{ pgBin: string, dir: string }} o
 */
async function startPostgres({ pgBin, dir }) {
	const port = await freePort();
	const dataDir = path.join(dir, 'pgdata');
	const socketDir = path.join(dir, 'pgsocket');
	fs.mkdirSync(socketDir, { recursive: true });
	if (process.getuid?.() === 0) {
		// mkdtemp folders are 0700: the postgres user must reach its own folders inside.
		fs.chmodSync(dir, 0o755);
		spawnSync('chown', ['postgres', socketDir]);
		fs.mkdirSync(dataDir, { mode: 0o700 });
		spawnSync('chown', ['postgres', dataDir]);
	}
	const init = asPostgresUser(path.join(pgBin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
	const initResult = spawnSync(init.command, init.args, { encoding: 'utf8' });
	if (initResult.status !== 0) throw new Error(`initdb failed:\n${initResult.stdout}${initResult.stderr}`);
	const run = asPostgresUser(path.join(pgBin, 'postgres'), [
		'-D', dataDir, '-p', String(port), '-k', socketDir,
		'-c', `listen_addresses=${HOST}`, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
	]);
	const psql = (/** @type {string[]} */ args) =>
		spawnSync(path.join(pgBin, 'psql'), ['-h', HOST, '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', ...args], { encoding: 'utf8' });
	const service = await startService({
		name: 'postgres',
		command: run.command,
		args: run.args,
		logPath: path.join(dir, 'postgres.log'),
		ready: async () => spawnSync(path.join(pgBin, 'pg_isready'), ['-h', HOST, '-p', String(port)]).status === 0,
	});
	const created = psql(['-c', 'CREATE DATABASE n8n']);
	if (created.status !== 0) {
		await service.stop();
		throw new Error(`CREATE DATABASE failed:\n${created.stderr}`);
	}
	return {
		...service,
		port,
		/** pg_dump of the n8n database, as text (for secret scans). */
		dump: () => {
			const result = spawnSync(path.join(pgBin, 'pg_dump'), ['-h', HOST, '-p', String(port), '-U', 'postgres', 'n8n'], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
			if (result.status !== 0) throw new Error(`pg_dump failed: ${result.stderr}`);
			return result.stdout;
		},
		/** @param {string} sql */
		query: (sql) => {
			const result = psql(['-d', 'n8n', '-At', '-c', sql]);
			if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
			return result.stdout.trim();
		},
	};
}

/**
 * HAProxy on `port`: `/webhook/` to the webhook processes by a consistent hash of the `dg_job`
 * query parameter (every delivery of one Deepgram job, and a second job of one retried submission,
 * to the same process; round robin for requests without it), `/webhook-waiting/` round robin over
 * them, everything else to main. Servers are health-checked on /healthz/readiness every 500 ms
 * (down after 2 failed checks, up after 1), so a webhook process that is restarting (it answers 404
 * for published webhooks until it is ready) gets no traffic; a request to a server that refuses the
 * connection is redispatched to another. `setWebhookState` drains a process before a planned stop.
 * @param {{ haproxy: string, dir: string, port: number, main: number, webhooks: number[] }} o
 */
async function startBalancer({ haproxy, dir, port, main, webhooks }) {
	const servers = (/** @type {string} */ prefix) =>
		webhooks.map((p, i) => `  server ${prefix}${i + 1} ${HOST}:${p} check inter 500 fall 2 rise 1`).join('\n');
	const socketPath = path.join(dir, 'haproxy.sock');
	const config = `global
  maxconn 2000
  stats socket ${socketPath} mode 600 level admin

defaults
  mode http
  timeout connect 2s
  timeout client 120s
  timeout server 120s
  retries 2
  option redispatch
  option httpchk GET /healthz/readiness
  http-check expect status 200
  # Without it a check times out after 'inter' (500 ms): a busy but healthy n8n would be taken out.
  timeout check 3s

frontend deepgram_callbacks
  bind ${HOST}:${port}
  acl webhook path_beg /webhook/
  acl waiting path_beg /webhook-waiting/
  use_backend webhooks_by_job if webhook
  use_backend webhooks if waiting
  default_backend main

backend webhooks_by_job
  balance url_param dg_job
  hash-type consistent
${servers('wh')}

backend webhooks
  balance roundrobin
${servers('wr')}

backend main
  server main ${HOST}:${main} check inter 1000
`;
	const configPath = path.join(dir, 'haproxy.cfg');
	fs.writeFileSync(configPath, config);
	const check = spawnSync(haproxy, ['-c', '-f', configPath], { encoding: 'utf8' });
	if (check.status !== 0) throw new Error(`haproxy config invalid:\n${check.stdout}${check.stderr}`);
	const service = await startService({
		name: 'haproxy',
		command: haproxy,
		args: ['-f', configPath, '-db'],
		logPath: path.join(dir, 'haproxy.log'),
		ready: () =>
			new Promise((resolve) => {
				const socket = net.connect(port, HOST, () => {
					socket.destroy();
					resolve(true);
				});
				socket.once('error', () => resolve(false));
			}),
	});
	/**
	 * Takes webhook process `index` (0-based) out of rotation (`drain`: no new requests, those in
	 * flight finish) or back (`ready`: the health check decides again), through HAProxy's runtime API.
	 * @param {number} index
	 * @param {'drain' | 'ready'} state
	 */
	const setWebhookState = async (index, state) => {
		for (const name of [`webhooks_by_job/wh${index + 1}`, `webhooks/wr${index + 1}`]) {
			const answer = await new Promise((resolve, reject) => {
				const socket = net.connect(socketPath, () => socket.end(`set server ${name} state ${state}\n`));
				let text = '';
				socket.on('data', (chunk) => (text += chunk));
				socket.on('end', () => resolve(text.trim()));
				socket.on('error', reject);
			});
			if (answer) throw new Error(`haproxy: set server ${name} state ${state}: ${answer}`);
		}
	};
	return { ...service, port, configPath, setWebhookState };
}

/** A temp folder for the stack's data, readable by the postgres user. */
function stackDir() {
	return fs.mkdtempSync(path.join(os.tmpdir(), 'dg-queue-'));
}

module.exports = { ensureQueueParts, startRedis, startPostgres, startBalancer, startService, stackDir };
