// @ts-check
'use strict';
/**
 * Runs one of the project's install scripts (test/n8n/install.sh, test/queue/install.sh,
 * test/e2e/ui/install-chromium.sh): progress goes to stderr as it happens, and the script's
 * `KEY=value` lines on stdout say where what it installed lives.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

/**
 * @template {string} K
 * @param {string} script the script's path
 * @param {readonly K[]} keys the KEY=value lines it must print
 * @returns {Record<K, string>}
 */
function runInstallScript(script, keys) {
	const name = path.relative(path.join(__dirname, '..', '..'), script);
	const result = spawnSync('bash', [script], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`${name} failed (exit ${result.status ?? result.signal})`);
	const values = /** @type {Record<K, string>} */ ({});
	for (const key of keys) {
		const value = new RegExp(`^${key}=(.+)$`, 'm').exec(result.stdout)?.[1];
		if (!value) throw new Error(`${name} printed no ${key}= line:\n${result.stdout}`);
		values[key] = value;
	}
	return values;
}

module.exports = { runInstallScript };
