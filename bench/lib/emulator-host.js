// @ts-check
'use strict';
/**
 * The Deepgram emulator in its own process, so that neither its CPU time nor its memory counts
 * against what is measured. Started with startEmulatorService(); stats() says what it answered.
 */
const path = require('path');
const { serve, childInput, startService } = require('./children');

/**
 * @param {import('../../test/emulator/types').EmulatorOptions} [options]
 */
async function startEmulatorService(options = {}) {
	const service = await startService(__filename, options);
	return {
		baseUrl: /** @type {string} */ (service.info.baseUrl),
		pid: service.pid,
		/** @param {Omit<import('../../test/emulator/types').EmulatorOptions, 'concurrencyLimit'> & { concurrencyLimit?: number | null, urlAudioBase64?: Record<string, string> }} o  null: no limit */
		configure: (o) => service.call('configure', o),
		reset: () => service.call('reset'),
		/** @returns {Promise<{ listen: number, byStatus: Record<string, number>, served: number, management: number, maxManagementInFlight: number }>} */
		stats: () => service.call('stats'),
		/**
		 * Sends a test/emulator/tagged-load.js plan through the emulator's /v1/listen, each request
		 * at its planned time, from inside the emulator's process (its clock is set there).
		 * @param {{ apiKey: string, plan: import('../../test/emulator/tagged-load').PlannedRequest[] }} o
		 */
		sendTaggedLoad: (o) => service.call('sendTaggedLoad', o),
		/** Empties the request log (the served records stay). */
		clearLog: () => service.call('clearLog'),
		stop: () => service.stop(),
	};
}

async function main() {
	const { startEmulator } = require(path.join(__dirname, '..', '..', 'test', 'emulator'));
	const { sendTaggedLoad } = require(path.join(__dirname, '..', '..', 'test', 'emulator', 'tagged-load'));
	/** @type {Date | undefined} a planned request's time while a tagged load is sent */
	let now;
	/** @type {import('../../test/emulator').Emulator} */
	const emu = await startEmulator({ ...childInput(), now: () => now ?? new Date() });
	serve(
		{
			// IPC drops undefined values: null means "no concurrency limit" here; IPC carries no
			// Buffers either: `urlAudioBase64` is `urlAudio` with its files in base64.
			configure: ({ urlAudioBase64, ...o }) =>
				emu.configure({
					...o,
					...(o.concurrencyLimit === null ? { concurrencyLimit: undefined } : {}),
					...(urlAudioBase64 ? { urlAudio: Object.fromEntries(Object.entries(urlAudioBase64).map(([url, data]) => [url, Buffer.from(String(data), 'base64')])) } : {}),
				}),
			reset: () => emu.reset(),
			stats: () => {
				/** @type {Record<string, number>} */
				const byStatus = {};
				let listen = 0;
				for (const entry of emu.requests) {
					if (entry.path !== '/v1/listen') continue;
					listen++;
					const key = String(entry.status ?? 'none');
					byStatus[key] = (byStatus[key] ?? 0) + 1;
				}
				const management = emu.requests.filter((entry) => entry.managementInFlight !== undefined);
				return {
					listen,
					byStatus,
					served: emu.served.filter((r) => r.code === 200).length,
					management: management.length,
					maxManagementInFlight: Math.max(0, ...management.map((entry) => entry.managementInFlight ?? 0)),
				};
			},
			sendTaggedLoad: (/** @type {any} */ o) =>
				sendTaggedLoad(emu.baseUrl, o.apiKey, o.plan, (/** @type {Date | undefined} */ at) => {
					now = at;
				}),
			clearLog: () => {
				emu.requests.length = 0;
			},
		},
		{ baseUrl: emu.baseUrl },
		() => emu.stop(),
	);
}

if (require.main === module) main();

module.exports = { startEmulatorService };
