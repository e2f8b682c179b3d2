/**
 * The CLI process, and a 300 MB streamed upload into it: the emulator must hash it in constant
 * memory (its peak RSS may not grow by anything near the body size).
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { makeWavStream } from '../../emulator/wav';
import { call } from './helpers';

const CLI = path.join(__dirname, '../../emulator/cli.js');
const MB = 1024 * 1024;

interface Started {
	child: ChildProcess;
	info: { baseUrl: string; keys: Array<{ key: string; id: string; projectId: string; tags: string[] }>; pid: number };
}

function startCli(args: string[]): Promise<Started> {
	const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
	return new Promise((resolve, reject) => {
		let out = '';
		let err = '';
		child.stdout?.on('data', (c: Buffer) => {
			out += c.toString();
			const nl = out.indexOf('\n');
			if (nl !== -1) resolve({ child, info: JSON.parse(out.slice(0, nl)) });
		});
		child.stderr?.on('data', (c: Buffer) => { err += c.toString(); });
		child.on('exit', (code) => reject(new Error(`cli exited ${code}: ${err}`)));
	});
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
	return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** Resident set of a process in KiB: current (VmRSS) and peak (VmHWM). */
function rssKiB(pid: number): { now: number; peak: number } {
	const status = `/proc/${pid}/status`;
	if (fs.existsSync(status)) {
		const text = fs.readFileSync(status, 'utf8');
		const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1]);
		return { now: field('VmRSS'), peak: field('VmHWM') };
	}
	// No procfs (macOS): ps has no peak, so sample the current size.
	const kb = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)]).toString().trim());
	return { now: kb, peak: kb };
}

test('cli prints one JSON line and stops on SIGTERM and SIGINT', async () => {
	const { child, info } = await startCli(['--key', 'k-one', '--key=k-two', '--key-tag', 'team', '--latency-ms', '0', '--record-shape', 'spec']);
	expect(info.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	expect(info.pid).toBe(child.pid);
	expect(info.keys.map((k) => [k.key, k.id, k.projectId, k.tags])).toEqual([
		['k-one', 'key-id-1', 'proj-1', ['team']],
		['k-two', 'key-id-2', 'proj-1', ['team']],
	]);
	const token = await call(info.baseUrl, '/v1/auth/token', { key: 'k-two' });
	expect(token.body.api_key_id).toBe('key-id-2');
	const done = exited(child);
	child.kill('SIGTERM');
	expect(await done).toEqual({ code: 0, signal: null });

	const second = await startCli([]);
	expect(second.info.keys.map((k) => k.key)).toEqual(['dg-key-1']);
	const done2 = exited(second.child);
	second.child.kill('SIGINT');
	expect(await done2).toEqual({ code: 0, signal: null });
});

test('cli rejects an unknown option', async () => {
	await expect(startCli(['--nope'])).rejects.toThrow(/unknown option --nope/);
});

test('a 300 MB chunked upload is hashed in constant memory', async () => {
	const { child, info } = await startCli(['--port', '0']);
	try {
		// Warm up the request path so the baseline includes its code and buffers.
		await call(info.baseUrl, '/v1/listen', { body: makeWavStream({ seconds: 1 }), headers: { 'content-type': 'audio/wav' } });
		const before = rssKiB(info.pid);
		const bytes = 300 * MB;
		const hash = createHash('sha256');
		const src = makeWavStream({ bytes });
		src.on('data', (c: Buffer) => hash.update(c));
		const r = await call(info.baseUrl, '/v1/listen?tag=huge', { body: src, headers: { 'content-type': 'audio/wav' } });
		expect(r.status).toBe(200);
		expect(r.body.metadata.sha256).toBe(hash.digest('hex'));
		expect(r.body.metadata.duration).toBe((bytes - 44) / 32000);
		const after = rssKiB(info.pid);
		// Loose bound: the body is 300 MB; keeping it (or a fraction of it) would show here.
		expect(after.peak - before.now).toBeLessThan(100 * 1024);
	} finally {
		const done = exited(child);
		child.kill('SIGTERM');
		await done;
	}
}, 120_000);

test('a 100 MB content-length upload of non-WAV bytes: duration = bytes / 32000', async () => {
	const { child, info } = await startCli([]);
	try {
		const bytes = 100 * MB;
		const chunk = Buffer.alloc(MB, 0x5a);
		const expected = createHash('sha256');
		for (let i = 0; i < 100; i++) expected.update(chunk);
		const { Readable } = await import('stream');
		let sent = 0;
		const src = new Readable({
			read() {
				if (sent >= bytes) return void this.push(null);
				sent += chunk.length;
				this.push(chunk);
			},
		});
		const r = await call(info.baseUrl, '/v1/listen', { body: src, headers: { 'content-type': 'audio/mpeg', 'content-length': String(bytes) } });
		expect(r.status).toBe(200);
		expect(r.body.metadata.sha256).toBe(expected.digest('hex'));
		expect(r.body.metadata.duration).toBe(3276.8);
	} finally {
		const done = exited(child);
		child.kill('SIGTERM');
		await done;
	}
}, 60_000);
