/** The shared WAV helpers: valid PCM16 headers, deterministic content, streamed files. */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { makeWav, makeWavStream, parseWavHeader, wavDuration, writeWavFile } from '../../emulator/wav';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

test('makeWav writes a valid PCM16 header', () => {
	const wav = makeWav({ seconds: 1.5, sampleRate: 8000, channels: 2 });
	expect(wav.length).toBe(44 + 1.5 * 8000 * 4);
	expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
	expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
	expect(wav.toString('ascii', 8, 16)).toBe('WAVEfmt ');
	expect(wav.readUInt16LE(20)).toBe(1);
	expect(parseWavHeader(wav)).toEqual({ channels: 2, sampleRate: 8000, byteRate: 32000, bitsPerSample: 16, dataOffset: 44, dataBytes: 48000 });
	expect(wavDuration(wav)).toBe(1.5);
});

test('content is deterministic and not silence', () => {
	const a = makeWav({ seconds: 2 });
	expect(sha(a)).toBe(sha(makeWav({ seconds: 2 })));
	expect(a.readInt16LE(44 + 2 * 5)).not.toBe(0);
	expect(sha(makeWav({ seconds: 2, sampleRate: 8000 }))).not.toBe(sha(a));
});

test('makeWavStream yields the same bytes as makeWav', async () => {
	const chunks: Buffer[] = [];
	for await (const c of makeWavStream({ seconds: 40 })) chunks.push(c as Buffer);
	expect(sha(Buffer.concat(chunks))).toBe(sha(makeWav({ seconds: 40 })));
});

test('wavDuration: header-only buffers, streamed WAVs with unknown size, non-WAV', () => {
	const wav = makeWav({ seconds: 3 });
	expect(wavDuration(wav.subarray(0, 44))).toBe(3);
	const unknown = Buffer.from(wav);
	unknown.writeUInt32LE(0xffffffff, 40);
	expect(wavDuration(unknown.subarray(0, 44), unknown.length)).toBe(3);
	expect(wavDuration(wav.subarray(0, 44), 44 + 32000)).toBe(1); // truncated upload: what arrived
	expect(wavDuration(Buffer.from('ID3 not a wav at all'))).toBeUndefined();
});

test('writeWavFile streams `bytes` or `seconds` to disk', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wav-'));
	try {
		const f1 = path.join(dir, 'a.wav');
		expect(await writeWavFile(f1, { bytes: 3 * 1024 * 1024 })).toBe(3 * 1024 * 1024);
		expect(fs.statSync(f1).size).toBe(3 * 1024 * 1024);
		const head = Buffer.alloc(44);
		const fd = fs.openSync(f1, 'r');
		fs.readSync(fd, head, 0, 44, 0);
		fs.closeSync(fd);
		expect(wavDuration(head)).toBe((3 * 1024 * 1024 - 44) / 32000);
		const f2 = path.join(dir, 'b.wav');
		await writeWavFile(f2, { seconds: 5 });
		expect(sha(fs.readFileSync(f2))).toBe(sha(makeWav({ seconds: 5 })));
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});
