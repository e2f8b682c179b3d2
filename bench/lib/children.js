// @ts-check
'use strict';
/**
 * Child processes of the benchmark. Each one leads its own process group and is stopped by its
 * PID (test/n8n/process-group.js); a parent that dies takes its children with it.
 *
 * - runChild: a one-shot script that prints its result as the last JSON line on stdout.
 * - startService: a long-running script that answers calls over IPC (see `serve`).
 */
const { fork } = require('child_process');
const { killOnExit, signalGroup, stopGroup } = require('../../test/n8n/process-group');

/**
 * @typedef {{ timeoutMs: number, env?: NodeJS.ProcessEnv, execArgv?: string[] }} ChildOptions
 */

/**
 * `node <script> <json input>` with an IPC channel, leading its own process group, killed if this
 * process exits first (until `forget()`).
 * @param {string} script
 * @param {unknown} input
 * @param {{ env?: NodeJS.ProcessEnv, execArgv: string[], output: 'pipe' | 'inherit' }} options
 */
function forkGroup(script, input, { env, execArgv, output }) {
	const child = fork(script, [JSON.stringify(input)], {
		detached: true,
		stdio: ['ignore', output, output, 'ipc'],
		env: env ?? process.env,
		execArgv,
	});
	const pid = /** @type {number} */ (child.pid);
	return { child, pid, forget: killOnExit(pid) };
}

/**
 * Runs `node <script> <json input>` and resolves with the last JSON line it printed.
 * @param {string} script
 * @param {unknown} input
 * @param {ChildOptions} options
 * @returns {Promise<any>}
 */
function runChild(script, input, { timeoutMs, env, execArgv = [] }) {
	return new Promise((resolve, reject) => {
		const { child, pid, forget } = forkGroup(script, input, { env, execArgv, output: 'pipe' });
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk) => (stdout += chunk));
		child.stderr?.on('data', (chunk) => (stderr = (stderr + chunk).slice(-20_000)));
		const timer = setTimeout(() => {
			stderr += `\n[killed after ${timeoutMs} ms]`;
			signalGroup(pid, 'SIGKILL');
		}, timeoutMs);
		child.once('error', reject);
		child.once('exit', (code, signal) => {
			clearTimeout(timer);
			signalGroup(pid, 'SIGKILL');
			forget();
			const last = stdout.trim().split('\n').filter((line) => line.startsWith('{')).pop();
			if (code === 0 && last) {
				resolve(JSON.parse(last));
				return;
			}
			reject(new Error(`${script} exited with ${code ?? signal}:\n${stderr.slice(-4000)}\n${stdout.slice(-2000)}`));
		});
	});
}

/**
 * @typedef {object} Service
 * @property {number} pid
 * @property {any} info   what the service sent when it was ready
 * @property {(command: string, args?: unknown) => Promise<any>} call
 * @property {() => Promise<void>} stop
 */

/**
 * Forks a service script and waits for its `ready` message.
 * @param {string} script
 * @param {unknown} input
 * @param {{ env?: NodeJS.ProcessEnv, readyTimeoutMs?: number, execArgv?: string[] }} [options]
 * @returns {Promise<Service>}
 */
function startService(script, input, { env, readyTimeoutMs = 60_000, execArgv = [] } = {}) {
	const { child, pid, forget } = forkGroup(script, input, { env, execArgv, output: 'inherit' });
	const exited = new Promise((resolve) => child.once('exit', resolve));
	/** @type {Map<number, { resolve: (v: any) => void, reject: (e: Error) => void }>} */
	const pending = new Map();
	let nextId = 0;
	child.on('message', (/** @type {any} */ message) => {
		const waiter = pending.get(message.id);
		if (!waiter) return;
		pending.delete(message.id);
		if (message.error) waiter.reject(new Error(message.error));
		else waiter.resolve(message.result);
	});
	exited.then(() => {
		for (const waiter of pending.values()) waiter.reject(new Error(`${script} exited`));
		pending.clear();
	});

	return new Promise((resolve, reject) => {
		const stop = async () => {
			await stopGroup(child, { graceMs: 5_000, exited });
			forget();
		};
		const timer = setTimeout(() => {
			stop().finally(() => reject(new Error(`${script} was not ready within ${readyTimeoutMs} ms`)));
		}, readyTimeoutMs);
		const onReady = (/** @type {any} */ message) => {
			if (!message || message.ready === undefined) return;
			clearTimeout(timer);
			child.off('message', onReady);
			resolve({
				pid,
				info: message.ready,
				call(command, args) {
					const id = ++nextId;
					return new Promise((res, rej) => {
						pending.set(id, { resolve: res, reject: rej });
						child.send({ id, command, args });
					});
				},
				stop,
			});
		};
		child.on('message', onReady);
		exited.then((code) => {
			clearTimeout(timer);
			reject(new Error(`${script} exited (${code}) before it was ready`));
		});
	});
}

/**
 * The service side: announces `ready` and answers calls with `handlers[command](args)`;
 * stops on SIGTERM or when the parent goes away.
 * @param {Record<string, (args: any) => unknown>} handlers
 * @param {unknown} ready
 * @param {() => Promise<void>} [onStop]
 */
function serve(handlers, ready, onStop = async () => {}) {
	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		onStop().finally(() => process.exit(0));
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
	process.on('disconnect', stop);
	process.on('message', async (/** @type {any} */ message) => {
		try {
			const handler = handlers[message.command];
			if (!handler) throw new Error(`unknown command ${message.command}`);
			process.send?.({ id: message.id, result: (await handler(message.args)) ?? null });
		} catch (error) {
			process.send?.({ id: message.id, error: String(/** @type {Error} */ (error)?.stack ?? error) });
		}
	});
	process.send?.({ ready });
}

/** The JSON input a child was started with. */
function childInput() {
	return JSON.parse(process.argv[2] ?? '{}');
}

/**
 * Runs a one-shot child's main and prints its result as one JSON line.
 * @param {(input: any) => Promise<unknown>} main
 */
function runMain(main) {
	main(childInput()).then(
		(result) => {
			process.stdout.write(`${JSON.stringify(result)}\n`);
			process.exit(0);
		},
		(error) => {
			process.stderr.write(`${error?.stack ?? error}\n`);
			process.exit(1);
		},
	);
}

module.exports = { runChild, startService, serve, childInput, runMain };
