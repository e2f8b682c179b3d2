// @ts-check
'use strict';
/**
 * Large files: peak RSS growth while one node uploads a generated WAV of each size from n8n's
 * filesystem binary mode, ours vs the HTTP Request node, each run in its own process
 * (large-file.child.js) with its own binary-data folder, the emulator in another.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

const { runChild, runMain } = require('../lib/children');
const { startEmulatorService } = require('../lib/emulator-host');
const { summary } = require('../lib/stats');
const { writeWavFile } = require('../../test/emulator/wav');

const MiB = 1024 * 1024;
const CHILD = path.join(__dirname, 'large-file.child.js');

/**
 * @param {{ n8nModules: string, sizesMiB: number[], runs: number }} input
 */
async function main({ n8nModules, sizesMiB, runs }) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-bench-large-'));
	const emu = await startEmulatorService({ latencyMs: 0 });
	try {
		const results = [];
		for (const sizeMiB of sizesMiB) {
			const file = path.join(dir, `${sizeMiB}MiB.wav`);
			await writeWavFile(file, { bytes: sizeMiB * MiB });
			for (const contender of ['ours', 'httpRequestNode']) {
				const runsOut = [];
				for (let run = 0; run < runs; run++) {
					await emu.reset();
					const userFolder = fs.mkdtempSync(path.join(dir, 'n8n-'));
					try {
						runsOut.push(
							await runChild(CHILD, { file, baseUrl: emu.baseUrl, contender, n8nModules }, {
								timeoutMs: 10 * 60_000,
								execArgv: ['--expose-gc'],
								env: {
									...process.env,
									N8N_USER_FOLDER: userFolder,
									N8N_BINARY_DATA_STORAGE_PATH: path.join(userFolder, 'binaryData'),
								},
							}),
						);
					} finally {
						fs.rmSync(userFolder, { recursive: true, force: true });
					}
				}
				results.push({
					sizeMiB,
					contender,
					growthMiB: summary(runsOut.map((r) => r.growth / MiB)),
					baselineMiB: summary(runsOut.map((r) => r.baseline / MiB)),
					wallMs: summary(runsOut.map((r) => r.wallMs)),
					delivered: summary(runsOut.map((r) => r.delivered)),
					hwmReset: runsOut.every((r) => r.hwmReset),
					errors: [...new Set(runsOut.map((r) => r.error).filter(Boolean))],
				});
				process.stderr.write(`large ${sizeMiB} MiB ${contender}: ${JSON.stringify(results.at(-1)?.growthMiB)}\n`);
			}
			fs.rmSync(file, { force: true });
		}
		return { runs, results };
	} finally {
		await emu.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

runMain(main);
