// @ts-check
'use strict';
/**
 * Drives a real n8n 2.41.1 (Node 24, installed by install.sh into a cache outside the clone) with
 * this package installed as a community package. Used by the e2e tests and `npm run dev`.
 *
 *   const { ensureN8n, packPackage, startN8n } = require('./server');
 *   const n8n = await startN8n({ tarball: packPackage() });
 *   const session = await n8n.setupOwner();
 *   ...
 *   await n8n.stop();
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { HOST, freePort } = require('./ports');
const { stopGroup, killOnExit, spawnCollect, sleep } = require('./process-group');
const { tail, loadErrors } = require('./log');
const { packPackage, installPackage, assertBuilt, REPO_ROOT } = require('./package-install');
const rest = require('./rest');
const { runInstallScript } = require('./install-script');

/** Fixed so a reused user folder (whose `.n8n/config` stores the key) always starts. */
const ENCRYPTION_KEY = 'n8n-nodes-deepgram-callback-local-test-key';

/** @type {{ node24: string, n8nBin: string } | undefined} */
let installed;

/**
 * Installs Node 24 and n8n 2.41.1 once (test/n8n/install.sh; progress on stderr), returns their paths.
 * @returns {{ node24: string, n8nBin: string }}
 */
function ensureN8n() {
	if (installed) return installed;
	const found = runInstallScript(path.join(__dirname, 'install.sh'), ['NODE24', 'N8N_BIN']);
	installed = { node24: found.NODE24, n8nBin: found.N8N_BIN };
	return installed;
}

/**
 * The environment n8n runs with: the caller's, less inherited n8n/database settings, plus ours.
 * @param {{ node24: string, userFolder: string, port: number, brokerPort: number, baseUrl: string, env?: Record<string, string | undefined> }} o
 * @returns {NodeJS.ProcessEnv}
 */
function n8nEnv({ node24, userFolder, port, brokerPort, baseUrl, env = {} }) {
	/** @type {NodeJS.ProcessEnv} */
	const base = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!/^(N8N_|DB_|WEBHOOK_URL$|GENERIC_TIMEZONE$|NODE_OPTIONS$)/.test(key)) base[key] = value;
	}
	/** @type {NodeJS.ProcessEnv} */
	const merged = {
		...base,
		PATH: `${path.dirname(node24)}${path.delimiter}${process.env.PATH ?? ''}`,
		// As in n8n's Docker image; also keeps Jest's NODE_ENV=test (which turns off n8n's push server) out.
		NODE_ENV: 'production',
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: HOST,
		N8N_HOST: HOST,
		N8N_PROTOCOL: 'http',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: HOST,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_WEBHOOK_URL: `${baseUrl}/`,
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		...env,
	};
	for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
	return merged;
}

/**
 * @typedef {object} N8nInstance
 * @property {string} baseUrl e.g. http://127.0.0.1:41234 (no trailing slash)
 * @property {number} port
 * @property {string} userFolder N8N_USER_FOLDER (n8n keeps its data in `<userFolder>/.n8n`)
 * @property {number} pid the n8n process; it leads its own process group
 * @property {string} logPath
 * @property {NodeJS.ProcessEnv} env what n8n and `cli()` run with
 * @property {() => string} log the log so far
 * @property {() => string[]} loadErrors node/credential load errors in the log so far
 * @property {(args: string[], options?: { env?: Record<string, string> }) => string} cli runs `n8n <args>` with the same environment (plus `env`); returns stdout
 * @property {(args: string[], options?: { env?: Record<string, string> }) => Promise<string>} cliAsync like `cli`, without blocking this process (use it when this process serves something n8n calls, e.g. an in-process emulator)
 * @property {(workflowId: string) => Promise<CliRun>} execute `n8n execute --id=<id> --rawOutput` (the workflow's Manual Trigger starts it), run without blocking; its run data
 * @property {(credentials: object[]) => string} importCredentials `n8n import:credentials` (plain `data`, stored encrypted; a fixed `id` upserts)
 * @property {(workflow: object | object[]) => string} importWorkflow `n8n import:workflow` (imported unpublished; a fixed `id` upserts)
 * @property {(owner?: rest.Owner) => Promise<rest.OwnerSession & { created: boolean }>} setupOwner owner setup, or login when the folder already has one; remembered as `session`
 * @property {rest.OwnerSession | undefined} session
 * @property {(id: string) => Promise<any>} publishWorkflow activates a workflow on the running instance via REST (sets up the owner if needed)
 * @property {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} exited settles when the n8n process exits
 * @property {() => Promise<void>} stop SIGTERM to the process group, SIGKILL after a grace period; waits for exit
 */

/**
 * Starts `n8n start` (Node 24) with this package installed as a community package, and waits
 * until /healthz/readiness answers.
 * @param {{
 *   port?: number,
 *   userFolder?: string,
 *   tarball?: string,
 *   env?: Record<string, string | undefined>,
 *   readyTimeoutMs?: number,
 *   stopGraceMs?: number,
 *   command?: 'start' | 'webhook' | 'worker',
 *   readyPort?: number,
 *   logName?: string,
 *   skipInstall?: boolean,
 * }} [options] Without `userFolder` a temp folder is used and removed on stop (kept when DG_N8N_KEEP=1).
 *   `command`: `n8n start` (default), or a queue-mode `webhook` or `worker` process; `readyPort`:
 *   where /healthz/readiness answers when that is not `port` (a worker's QUEUE_HEALTH_CHECK_PORT);
 *   `logName`: the log file in the user folder (several processes can share one folder).
 * @returns {Promise<N8nInstance>}
 */
async function startN8n(options = {}) {
	const { node24, n8nBin } = ensureN8n();
	const port = options.port ?? (await freePort());
	const brokerPort = await freePort();
	const baseUrl = `http://${HOST}:${port}`;
	const tempFolder = !options.userFolder;
	const userFolder = path.resolve(options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'dg-n8n-')));
	fs.mkdirSync(userFolder, { recursive: true });
	if (options.tarball && !options.skipInstall) installPackage(options.tarball, userFolder);
	const command = options.command ?? 'start';

	const env = n8nEnv({ node24, userFolder, port, brokerPort, baseUrl, env: options.env });
	const logPath = path.join(userFolder, options.logName ?? 'n8n.log');
	const logFd = fs.openSync(logPath, 'a');
	fs.writeSync(logFd, `\n===== n8n ${command} ${new Date().toISOString()} on ${baseUrl} =====\n`);
	const child = spawn(node24, [n8nBin, command], {
		cwd: userFolder,
		env,
		detached: true,
		stdio: ['ignore', logFd, logFd],
	});
	fs.closeSync(logFd);
	if (child.pid === undefined) throw new Error(`could not start ${node24} ${n8nBin}`);
	const pid = child.pid;
	const forget = killOnExit(pid);
	/** @type {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} */
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
	/** @type {{ code: number | null, signal: NodeJS.Signals | null } | undefined} */
	let exitInfo;
	exited.then((info) => (exitInfo = info));

	const log = () => {
		try {
			return fs.readFileSync(logPath, 'utf8');
		} catch {
			return '';
		}
	};

	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		await stopGroup(child, { graceMs: options.stopGraceMs ?? 15_000, exited });
		forget();
		if (tempFolder && process.env.DG_N8N_KEEP !== '1') fs.rmSync(userFolder, { recursive: true, force: true });
	};

	/**
	 * @param {string[]} args
	 * @param {{ env?: Record<string, string> }} [cliOptions]
	 */
	const cli = (args, cliOptions = {}) => {
		const result = spawnSync(node24, [n8nBin, ...args], {
			cwd: userFolder,
			env: { ...env, ...cliOptions.env },
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
			timeout: 180_000,
			killSignal: 'SIGKILL',
		});
		return checkedCliOutput(args, result.status ?? result.signal, result.stdout, result.stderr);
	};

	/**
	 * @param {string[]} args
	 * @param {{ env?: Record<string, string> }} [cliOptions]
	 */
	const cliAsync = async (args, cliOptions = {}) => {
		const result = await spawnCollect(node24, [n8nBin, ...args], { cwd: userFolder, env: { ...env, ...cliOptions.env }, timeoutMs: 180_000 });
		return checkedCliOutput(args, result.code ?? result.signal, result.stdout, result.stderr);
	};

	let importCount = 0;
	/**
	 * @param {string} command
	 * @param {unknown} data
	 */
	const importFile = (command, data) => {
		const file = path.join(userFolder, `.import-${process.pid}-${++importCount}.json`);
		fs.writeFileSync(file, JSON.stringify(data), { mode: 0o600 });
		try {
			return cli([command, `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	};

	/** @type {N8nInstance} */
	const instance = {
		baseUrl,
		port,
		userFolder,
		pid,
		logPath,
		env,
		exited,
		log,
		loadErrors: () => loadErrors(log()),
		cli,
		cliAsync,
		async execute(workflowId) {
			// `execute` starts its own task broker: it needs a port the server's broker does not hold.
			const brokerPort = String(await freePort());
			const started = Date.now();
			const stdout = await cliAsync(['execute', `--id=${workflowId}`, '--rawOutput'], { env: { N8N_RUNNERS_BROKER_PORT: brokerPort } });
			return { run: parseRunOutput(stdout), stdout, ms: Date.now() - started };
		},
		importCredentials: (credentials) => importFile('import:credentials', credentials),
		importWorkflow: (workflow) => importFile('import:workflow', workflow),
		session: undefined,
		async setupOwner(owner) {
			const session = await rest.ensureOwner(baseUrl, owner);
			instance.session = session;
			return session;
		},
		async publishWorkflow(id) {
			const session = instance.session ?? (await instance.setupOwner());
			return rest.publishWorkflow(baseUrl, session.cookie, id);
		},
		stop,
	};

	try {
		const readyUrl = options.readyPort ? `http://${HOST}:${options.readyPort}` : baseUrl;
		await waitReady(readyUrl, { timeoutMs: options.readyTimeoutMs ?? 180_000, exitedInfo: () => exitInfo, log });
	} catch (error) {
		await stop().catch(() => {});
		throw error;
	}
	return instance;
}

/**
 * The CLI's stdout, or an error with its tail when it failed (n8n's CLI sometimes exits 0 after
 * printing an error).
 * @param {string[]} args
 * @param {number | string | null} exit
 * @param {string} stdout
 * @param {string} stderr
 */
function checkedCliOutput(args, exit, stdout, stderr) {
	if (exit !== 0 || /An error occurred|Error updating database/.test(stdout)) {
		throw new Error(`n8n ${args.join(' ')} failed (exit ${exit}):\n${tail(stdout + stderr, 30)}`);
	}
	return stdout;
}

/**
 * @typedef {{ run: { data: { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: any, binary?: any }> | null> } }>>, error?: unknown } }, status?: string } & Record<string, any>, stdout: string, ms: number }} CliRun
 */

/**
 * The run data `n8n execute --rawOutput` prints: pretty JSON among the log lines on the same
 * stdout. At N8N_LOG_LEVEL=debug the logger wraps it: `<time> | info  | {` … `} {"file":…}`.
 * @param {string} stdout
 */
function parseRunOutput(stdout) {
	const lines = stdout.split('\n');
	const start = lines.findIndex((line) => /^(.* \| )?\{$/.test(line));
	const end = lines.findIndex((line, i) => i > start && line.startsWith('}'));
	if (start < 0 || end < 0) throw new Error(`n8n execute printed no run data:\n${tail(stdout, 30)}`);
	return JSON.parse(['{', ...lines.slice(start + 1, end), '}'].join('\n'));
}

/**
 * Polls /healthz/readiness (DB migrated and the server fully started) until it answers 200.
 * @param {string} baseUrl
 * @param {{ timeoutMs: number, exitedInfo: () => { code: number | null, signal: NodeJS.Signals | null } | undefined, log: () => string }} o
 */
async function waitReady(baseUrl, { timeoutMs, exitedInfo, log }) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const exit = exitedInfo();
		if (exit) {
			throw new Error(`n8n exited while starting (code ${exit.code}, signal ${exit.signal}). Log tail:\n${tail(log())}`);
		}
		try {
			const res = await fetch(`${baseUrl}/healthz/readiness`, { signal: AbortSignal.timeout(2_000) });
			if (res.status === 200) return;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) {
			throw new Error(`n8n did not become ready on ${baseUrl} within ${timeoutMs} ms. Log tail:\n${tail(log())}`);
		}
		await sleep(250);
	}
}

module.exports = {
	REPO_ROOT,
	ENCRYPTION_KEY,
	ensureN8n,
	assertBuilt,
	packPackage,
	installPackage,
	startN8n,
	loadErrors,
	setupOwner: rest.setupOwner,
	ensureOwner: rest.ensureOwner,
	login: rest.login,
	createApiKey: rest.createApiKey,
	listNodeTypes: rest.listNodeTypes,
	listCredentialTypes: rest.listCredentialTypes,
	DEFAULT_OWNER: rest.DEFAULT_OWNER,
};
