// @ts-check
'use strict';
/** CPU time of a process group from /proc, to tell when a server has finished its backlog. */
const fs = require('fs');

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/**
 * CPU seconds (user + system) used so far by every process in the group led by `pgid`.
 * @param {number} pgid
 */
function groupCpuSeconds(pgid) {
	let ticks = 0;
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let stat;
		try {
			stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue;
		}
		// Fields after the command name (which may hold spaces) start at "state".
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (Number(fields[2]) !== pgid) continue;
		ticks += Number(fields[11]) + Number(fields[12]);
	}
	return ticks / TICKS_PER_SECOND;
}

/** @param {number} ms */
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the group uses less than `threshold` of one core over `windowMs`, twice in a row
 * (bounded by `timeoutMs`); resolves with the time waited in ms.
 * @param {number} pgid
 * @param {{ windowMs?: number, threshold?: number, timeoutMs?: number }} [options]
 */
async function waitIdle(pgid, { windowMs = 500, threshold = 0.1, timeoutMs = 300_000 } = {}) {
	const started = Date.now();
	let quiet = 0;
	let before = groupCpuSeconds(pgid);
	while (Date.now() - started < timeoutMs) {
		await pause(windowMs);
		const now = groupCpuSeconds(pgid);
		quiet = (now - before) / (windowMs / 1000) < threshold ? quiet + 1 : 0;
		before = now;
		if (quiet >= 2) return Date.now() - started - 2 * windowMs;
	}
	throw new Error(`process group ${pgid} still busy after ${timeoutMs} ms`);
}

module.exports = { groupCpuSeconds, waitIdle };
