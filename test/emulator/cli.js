#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Runs the emulator as a process (for n8n end-to-end tests and manual use):
 *   node test/emulator/cli.js [--port N] [--key K]... [--latency-ms N] [--config options.json] ...
 * Prints one JSON line {"baseUrl","keys","pid"} to stdout once listening; stops on SIGINT/SIGTERM.
 */
const fs = require('fs');
const { startEmulator } = require('./index');

const USAGE = `options:
  --port N                      default 0 (ephemeral); host is 127.0.0.1
  --key SECRET                  repeatable; ids key-id-1, key-id-2, … in project proj-1
  --project-id ID               project of the --key keys (default proj-1)
  --key-tag TAG                 repeatable; tags of the --key keys
  --latency-ms N
  --management-latency-ms N     each management call answers after N ms
  --concurrency-limit N
  --retry-after-seconds N
  --callback-delay-ms N
  --callback-retries N
  --callback-retry-delay-ms N
  --callback-timeout-ms N
  --allowed-callback-ports LIST comma-separated, or "any"
  --price-per-hour N
  --record-shape sdk|spec
  --default-transcript TEXT
  --config FILE                 JSON with any startEmulator option (flags override it)`;

/**
 * @param {string[]} argv
 * @returns {import('./types').EmulatorOptions}
 */
function parseArgs(argv) {
	/** @type {import('./types').EmulatorOptions} */
	let options = {};
	/** @type {string[]} */
	const keys = [];
	/** @type {string[]} */
	const keyTags = [];
	let projectId = 'proj-1';
	/** @type {Record<string, (v: string) => void>} */
	const num = {};
	/** @param {string} flag @param {(n: number) => void} set */
	const numeric = (flag, set) => {
		num[flag] = (v) => {
			const n = Number(v);
			if (!Number.isFinite(n)) throw new Error(`${flag} needs a number, got ${v}`);
			set(n);
		};
	};
	/** @type {Record<string, (v: string) => void>} */
	const flags = {
		'--key': (v) => keys.push(v),
		'--key-tag': (v) => keyTags.push(v),
		'--project-id': (v) => { projectId = v; },
		'--config': (v) => { options = { ...JSON.parse(fs.readFileSync(v, 'utf8')), ...options }; },
		'--allowed-callback-ports': (v) => { options.allowedCallbackPorts = v === 'any' ? null : v.split(',').map(Number); },
		'--record-shape': (v) => {
			if (v !== 'sdk' && v !== 'spec') throw new Error('--record-shape is sdk or spec');
			options.recordShape = v;
		},
		'--default-transcript': (v) => { options.defaultTranscript = v; },
	};
	numeric('--port', (n) => { options.port = n; });
	numeric('--latency-ms', (n) => { options.latencyMs = n; });
	numeric('--management-latency-ms', (n) => { options.managementLatencyMs = n; });
	numeric('--concurrency-limit', (n) => { options.concurrencyLimit = n; });
	numeric('--retry-after-seconds', (n) => { options.retryAfterSeconds = n; });
	numeric('--callback-delay-ms', (n) => { options.callbackDelayMs = n; });
	numeric('--callback-retries', (n) => { options.callbackRetries = n; });
	numeric('--callback-retry-delay-ms', (n) => { options.callbackRetryDelayMs = n; });
	numeric('--callback-timeout-ms', (n) => { options.callbackTimeoutMs = n; });
	numeric('--price-per-hour', (n) => { options.pricePerHour = n; });
	Object.assign(flags, num);

	for (let i = 0; i < argv.length; i++) {
		let flag = argv[i];
		let value;
		const eq = flag.indexOf('=');
		if (flag.startsWith('--') && eq !== -1) {
			value = flag.slice(eq + 1);
			flag = flag.slice(0, eq);
		}
		if (flag === '--help' || flag === '-h') {
			process.stdout.write(`${USAGE}\n`);
			process.exit(0);
		}
		const set = flags[flag];
		if (!set) throw new Error(`unknown option ${flag}\n${USAGE}`);
		if (value === undefined) {
			value = argv[++i];
			if (value === undefined) throw new Error(`${flag} needs a value`);
		}
		set(value);
	}
	if (keys.length) {
		options.keys = keys.map((key, i) => ({ key, id: `key-id-${i + 1}`, projectId, tags: keyTags, scopes: ['member', 'usage:read', 'billing:read'], email: 'dev@example.com' }));
	}
	return options;
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	// Handlers go in before the JSON line: a parent may signal as soon as it has read it.
	/** @type {import('./index').Emulator | undefined} */
	let emu;
	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		if (!emu) process.exit(0);
		else emu.stop().then(() => process.exit(0), () => process.exit(1));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	emu = await startEmulator(options);
	if (stopping) {
		await emu.stop();
		process.exit(0);
	}
	process.stdout.write(`${JSON.stringify({ baseUrl: emu.baseUrl, keys: emu.config.keys, pid: process.pid })}\n`);
}

main().catch((err) => {
	process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
	process.exit(2);
});
