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
		/** @param {Omit<import('../../test/emulator/types').EmulatorOptions, 'concurrencyLimit'> & { concurrencyLimit?: number | null }} o  null: no limit */
		configure: (o) => service.call('configure', o),
		reset: () => service.call('reset'),
		/** @returns {Promise<{ listen: number, byStatus: Record<string, number>, served: number }>} */
		stats: () => service.call('stats'),
		stop: () => service.stop(),
	};
}

async function main() {
	const { startEmulator } = require(path.join(__dirname, '..', '..', 'test', 'emulator'));
	/** @type {import('../../test/emulator').Emulator} */
	const emu = await startEmulator(childInput());
	serve(
		{
			// IPC drops undefined values: null means "no concurrency limit" here.
			configure: (o) => emu.configure(o.concurrencyLimit === null ? { ...o, concurrencyLimit: undefined } : o),
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
				return { listen, byStatus, served: emu.served.filter((r) => r.code === 200).length };
			},
		},
		{ baseUrl: emu.baseUrl },
		() => emu.stop(),
	);
}

if (require.main === module) main();

module.exports = { startEmulatorService };
