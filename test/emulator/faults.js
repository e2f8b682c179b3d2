// @ts-check
'use strict';
/** Injected faults: the next `times` requests matching a path (and method) get a canned failure. */

/**
 * @param {import('./store').State} state
 * @param {import('./types').FaultSpec} spec
 */
function addFault(state, spec) {
	if (spec.status === undefined && !spec.drop && spec.delayMs === undefined && !spec.afterAccept) {
		throw new TypeError('a fault needs status, drop, delayMs or afterAccept');
	}
	state.faults.push({ ...spec, remaining: spec.times ?? 1 });
}

/**
 * @param {string | RegExp | undefined} pattern
 * @param {string} path
 */
function pathMatches(pattern, path) {
	if (pattern === undefined) return true;
	if (pattern instanceof RegExp) return pattern.test(path);
	if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
	return pattern === path;
}

/**
 * Consumes one use of the first fault matching this request, if any (first added, first used).
 * @param {import('./store').State} state
 * @param {string} method
 * @param {string} path
 */
function takeFault(state, method, path) {
	const i = state.faults.findIndex((f) => pathMatches(f.path, path) && (!f.method || f.method.toUpperCase() === method));
	if (i === -1) return undefined;
	const fault = state.faults[i];
	fault.remaining--;
	if (fault.remaining <= 0) state.faults.splice(i, 1);
	return fault;
}

module.exports = { addFault, takeFault };
