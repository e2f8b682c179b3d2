// @ts-check
'use strict';
/**
 * Child process of the streamed-upload test: stores a large WAV as n8n filesystem binary data,
 * runs Deepgram Transcribe on it in n8n's engine against the parent's emulator, and prints one
 * JSON line with its memory figures, so the parent's own memory does not blur them.
 * Usage: node streamedUpload.child.js <wav file> <emulator base URL>
 */
const fs = require('fs');
const ts = require('typescript');

// The harness is TypeScript; compile it on require, as ts-jest does in the parent.
/** @type {(module: NodeJS.Module, filename: string) => void} */
function compileTypeScript(module, filename) {
	const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
		compilerOptions: {
			module: ts.ModuleKind.CommonJS,
			target: ts.ScriptTarget.ES2022,
			esModuleInterop: true,
		},
		fileName: filename,
	});
	/** @type {{ _compile(code: string, file: string): void }} */ (
		/** @type {unknown} */ (module)
	)._compile(outputText, filename);
}
// Extensions are tried in insertion order: `.ts` goes before `.json`, so `X.node` resolves to
// X.node.ts rather than the codex X.node.json beside it, as under Jest.
/** @type {Partial<Record<string, (module: NodeJS.Module, filename: string) => void>>} */
const extensions = require.extensions;
const loadJson = extensions['.json'];
delete extensions['.json'];
extensions['.ts'] = compileTypeScript;
extensions['.json'] = loadJson;

/** @param {'VmRSS' | 'VmHWM'} field  kB in /proc/self/status, as bytes */
function statusBytes(field) {
	const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
		fs.readFileSync('/proc/self/status', 'utf8'),
	);
	return match ? Number(match[1]) * 1024 : NaN;
}

/** Resets VmHWM to the current RSS (Linux ≥ 4.0), so it measures only what follows. */
function resetPeak() {
	fs.writeFileSync('/proc/self/clear_refs', '5');
}

async function main() {
	const [file, baseUrl] = process.argv.slice(2);
	/** @type {typeof import('./helpers')} */
	const helpers = require('./helpers');
	const { runNode } = require('../../harness');
	const { makeWav } = require('../../emulator/wav');
	const transcribeStored = (/** @type {import('n8n-workflow').IBinaryData} */ binary) =>
		runNode(
			{ type: helpers.TYPE, name: helpers.NODE_NAME, parameters: {} },
			[{ json: {}, binary: { data: binary } }],
			{ deepgramApi: { apiKey: 'dg-key-1', baseUrl: 'custom', customBaseUrl: baseUrl } },
		);

	// A first small run loads every module the big one uses, so the baseline includes them.
	const warmUpFile = `${file}.warm-up.wav`;
	fs.writeFileSync(warmUpFile, makeWav({ seconds: 1 }));
	const warmUp = await transcribeStored(await helpers.storedBinary(warmUpFile));
	if (warmUp.error) throw warmUp.error;

	let sampled = 0;
	const sampler = setInterval(() => {
		sampled = Math.max(sampled, process.memoryUsage().rss);
	}, 10);
	sampler.unref();

	const baseline = statusBytes('VmRSS');
	resetPeak();
	const binary = await helpers.storedBinary(file);
	const storePeak = statusBytes('VmHWM');

	resetPeak();
	sampled = 0;
	const result = await transcribeStored(binary);
	const uploadPeak = Math.max(statusBytes('VmHWM'), sampled);
	clearInterval(sampler);

	process.stdout.write(
		`${JSON.stringify({
			baseline,
			storePeak,
			uploadPeak,
			binaryBytes: binary.bytes,
			error: result.error?.message,
			output: result.output.map((item) => item.json),
		})}\n`,
	);
}

main().catch((error) => {
	process.stdout.write(`${JSON.stringify({ crash: String(error?.stack ?? error) })}\n`);
	process.exitCode = 1;
});
