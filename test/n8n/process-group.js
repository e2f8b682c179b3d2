// @ts-check
'use strict';
/**
 * Stopping what we started, by PID only: every long-running child is spawned `detached`, so it
 * leads its own process group, and stopping it signals that group (n8n's task runner included).
 */

const { spawn } = require('node:child_process');

/**
 * Sends `signal` to the process group led by `pid`; false when the group no longer exists.
 * @param {number} pid
 * @param {NodeJS.Signals | 0} signal
 */
function signalGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
		return true;
	} catch (error) {
		if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ESRCH') return false;
		throw error;
	}
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Whether any process of the group led by `pid` is still alive.
 * @param {number} pid
 */
function groupAlive(pid) {
	return signalGroup(pid, 0);
}

/**
 * SIGTERM to the group, SIGKILL after `graceMs`, then waits until `exited` settles (the leader's
 * exit) and the group is gone.
 * @param {import('node:child_process').ChildProcess} child spawned with `detached: true`
 * @param {{ graceMs?: number, exited: Promise<unknown> }} options
 */
async function stopGroup(child, { graceMs = 15_000, exited }) {
	const pid = child.pid;
	if (pid === undefined) return;
	if (child.exitCode === null && child.signalCode === null) signalGroup(pid, 'SIGTERM');
	const killTimer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
	try {
		await exited;
	} finally {
		clearTimeout(killTimer);
	}
	// The leader is gone; anything it left in its group (a task runner) goes too.
	for (let i = 0; i < 50 && groupAlive(pid); i++) {
		signalGroup(pid, i < 10 ? 'SIGTERM' : 'SIGKILL');
		await sleep(100);
	}
}

/** @type {Set<number>} */
const live = new Set();
let exitHookInstalled = false;

/**
 * Remembers a group to SIGKILL if this Node process exits without stopping it (a crashed test,
 * an uncaught error). Returns a function that forgets it.
 * @param {number} pid
 */
function killOnExit(pid) {
	live.add(pid);
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		process.on('exit', () => {
			for (const p of live) signalGroup(p, 'SIGKILL');
		});
	}
	return () => live.delete(pid);
}

/**
 * Runs a command in its own process group and collects its output; on timeout the group is
 * killed (by its PID), as it is when this process exits first.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number }} options
 * @returns {Promise<{ code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string }>}
 */
function spawnCollect(command, args, { cwd, env, timeoutMs }) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
		if (child.pid === undefined) {
			reject(new Error(`could not start ${command}`));
			return;
		}
		const pid = child.pid;
		const forget = killOnExit(pid);
		/** @type {Buffer[]} */
		const out = [];
		/** @type {Buffer[]} */
		const err = [];
		child.stdout?.on('data', (chunk) => out.push(chunk));
		child.stderr?.on('data', (chunk) => err.push(chunk));
		const timer = setTimeout(() => {
			err.push(Buffer.from(`\n[killed after ${timeoutMs} ms]`));
			signalGroup(pid, 'SIGKILL');
		}, timeoutMs);
		child.once('error', reject);
		child.once('close', (code, signal) => {
			clearTimeout(timer);
			// The leader is gone; anything it left in its group (a task runner) goes too.
			signalGroup(pid, 'SIGKILL');
			forget();
			resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
		});
	});
}

module.exports = { signalGroup, groupAlive, stopGroup, killOnExit, spawnCollect, sleep };
