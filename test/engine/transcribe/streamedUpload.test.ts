/**
 * A large WAV (200 MiB, generated here, never committed) kept by n8n as filesystem binary data is
 * streamed to Deepgram: the emulator receives every byte, and the process running the node grows
 * by a small fraction of the file. The node runs in a child process (streamedUpload.child.js) so
 * that its memory is measured apart from Jest and the emulator.
 */
import { spawn } from 'child_process';
import { createHash } from 'crypto';
import { createReadStream, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { startEmulator, type Emulator } from './helpers';

const { writeWavFile } = require('../../emulator/wav') as typeof import('../../emulator/wav');

const SIZE = 200 * 1024 * 1024 + 44;
const MB = 1024 * 1024;

interface ChildReport {
	baseline: number;
	storePeak: number;
	uploadPeak: number;
	binaryBytes: number;
	error?: string;
	output: Array<Record<string, unknown>>;
	crash?: string;
}

async function sha256Of(path: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
	return hash.digest('hex');
}

function runChild(
	file: string,
	baseUrl: string,
	dir: string,
): Promise<{ code: number | null; report: ChildReport; stderr: string }> {
	const child = spawn(
		process.execPath,
		[join(__dirname, 'streamedUpload.child.js'), file, baseUrl],
		{
			env: {
				...process.env,
				N8N_USER_FOLDER: join(dir, 'n8n'),
				N8N_BINARY_DATA_STORAGE_PATH: join(dir, 'binaryData'),
			},
		},
	);
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	return new Promise((resolve) => {
		child.on('close', (code) => {
			const line = stdout.trim().split('\n').at(-1) ?? '{}';
			resolve({ code, report: JSON.parse(line) as ChildReport, stderr });
		});
	});
}

let emu: Emulator;
let dir: string;
let file: string;
let expectedSha256: string;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'dg-large-upload-'));
	file = join(dir, 'large.wav');
	expect(await writeWavFile(file, { bytes: SIZE })).toBe(SIZE);
	expectedSha256 = await sha256Of(file);
	emu = await startEmulator();
}, 120_000);

afterAll(async () => {
	await emu?.stop();
	rmSync(dir, { recursive: true, force: true });
});

it('streams a 200 MiB binary from disk with the right bytes, without loading it into memory', async () => {
	const { code, report, stderr } = await runChild(file, emu.baseUrl, dir);
	expect({ code, crash: report.crash, error: report.error, stderr: stderr.trim() }).toEqual({
		code: 0,
		crash: undefined,
		error: undefined,
		stderr: '',
	});

	const upload = emu.requests.find((request) => request.bodyBytes === SIZE);
	expect(upload).toBeDefined();
	expect(upload?.bodySha256).toBe(expectedSha256);
	expect(upload?.headers['content-length']).toBe(String(SIZE));
	expect(upload?.headers['transfer-encoding']).toBeUndefined();
	expect(upload?.headers['content-type']).toBe('audio/wav');
	expect(report.binaryBytes).toBe(SIZE);
	expect(report.output).toEqual([
		expect.objectContaining({ duration: 6553.6, transcript: 'hello from the deepgram emulator' }),
	]);

	const growth = report.uploadPeak - report.baseline;
	console.info(
		`RSS: baseline ${(report.baseline / MB).toFixed(1)} MB, peak while storing ${(report.storePeak / MB).toFixed(1)} MB, ` +
			`peak while uploading ${(report.uploadPeak / MB).toFixed(1)} MB: growth ${(growth / MB).toFixed(1)} MB for a ${(SIZE / MB).toFixed(1)} MB file`,
	);
	expect(growth).toBeLessThan(SIZE / 4);
}, 180_000);
