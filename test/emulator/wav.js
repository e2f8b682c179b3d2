// @ts-check
'use strict';
/**
 * PCM16 WAV helpers shared by the emulator (duration from a header) and tests (deterministic
 * audio, large files streamed to disk in constant memory).
 */
const fs = require('fs');
const { Readable } = require('stream');

const HEADER_BYTES = 44;
// One chunk of a 440 Hz tone; 440 whole cycles per second at 16 kHz, so whole seconds repeat
// seamlessly and the content depends only on the sample position.
const TONE_HZ = 440;
const AMPLITUDE = 3000;

/**
 * @param {{ dataBytes: number, sampleRate: number, channels: number }} p
 * @returns {Buffer}
 */
function wavHeader({ dataBytes, sampleRate, channels }) {
	const blockAlign = channels * 2;
	const h = Buffer.alloc(HEADER_BYTES);
	h.write('RIFF', 0, 'ascii');
	// A >4 GiB file cannot state its size; 0xFFFFFFFF is the usual "unknown" marker.
	h.writeUInt32LE(Math.min(36 + dataBytes, 0xffffffff), 4);
	h.write('WAVE', 8, 'ascii');
	h.write('fmt ', 12, 'ascii');
	h.writeUInt32LE(16, 16);
	h.writeUInt16LE(1, 20); // PCM
	h.writeUInt16LE(channels, 22);
	h.writeUInt32LE(sampleRate, 24);
	h.writeUInt32LE(sampleRate * blockAlign, 28);
	h.writeUInt16LE(blockAlign, 32);
	h.writeUInt16LE(16, 34);
	h.write('data', 36, 'ascii');
	h.writeUInt32LE(Math.min(dataBytes, 0xffffffff), 40);
	return h;
}

/**
 * Samples [fromFrame, fromFrame + frames) of the tone, every channel the same.
 * @param {number} fromFrame
 * @param {number} frames
 * @param {number} sampleRate
 * @param {number} channels
 */
function pcm(fromFrame, frames, sampleRate, channels) {
	const buf = Buffer.alloc(frames * channels * 2);
	for (let i = 0; i < frames; i++) {
		const n = (fromFrame + i) % sampleRate;
		const s = Math.round(AMPLITUDE * Math.sin((2 * Math.PI * TONE_HZ * n) / sampleRate));
		for (let c = 0; c < channels; c++) buf.writeInt16LE(s, (i * channels + c) * 2);
	}
	return buf;
}

/**
 * Sizes of a WAV given either its total size in bytes or its length in seconds.
 * @param {{ bytes?: number, seconds?: number, sampleRate?: number, channels?: number }} o
 */
function plan(o) {
	const sampleRate = o.sampleRate ?? 16000;
	const channels = o.channels ?? 1;
	const blockAlign = channels * 2;
	let dataBytes;
	if (o.bytes !== undefined) {
		if (o.bytes < HEADER_BYTES) throw new RangeError(`a WAV needs at least ${HEADER_BYTES} bytes`);
		// Rounded down to whole frames; with mono PCM16 and an even `bytes` the file is exactly `bytes`.
		dataBytes = Math.floor((o.bytes - HEADER_BYTES) / blockAlign) * blockAlign;
	} else if (o.seconds !== undefined) {
		dataBytes = Math.round(o.seconds * sampleRate) * blockAlign;
	} else {
		throw new TypeError('give bytes or seconds');
	}
	return { sampleRate, channels, blockAlign, dataBytes, totalBytes: HEADER_BYTES + dataBytes };
}

/**
 * A valid PCM16 WAV in memory, deterministic content.
 * @param {{ seconds: number, sampleRate?: number, channels?: number }} o
 * @returns {Buffer}
 */
function makeWav(o) {
	const p = plan(o);
	return Buffer.concat([wavHeader(p), pcm(0, p.dataBytes / p.blockAlign, p.sampleRate, p.channels)]);
}

/**
 * The same bytes as makeWav, produced lazily (for uploads and files of any size).
 * @param {{ bytes?: number, seconds?: number, sampleRate?: number, channels?: number }} o
 * @returns {Readable}
 */
function makeWavStream(o) {
	const p = plan(o);
	const chunkFrames = p.sampleRate * 16; // 16 s of audio per chunk (512 KB mono)
	// Every chunk starts on a whole second, so one precomputed chunk serves them all.
	const chunk = pcm(0, chunkFrames, p.sampleRate, p.channels);
	let remaining = p.dataBytes;
	let headerSent = false;
	return new Readable({
		highWaterMark: chunk.length,
		read() {
			if (!headerSent) {
				headerSent = true;
				this.push(wavHeader(p));
			}
			if (remaining === 0) {
				this.push(null);
				return;
			}
			const n = Math.min(remaining, chunk.length);
			remaining -= n;
			this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
		},
	});
}

/**
 * Streams a WAV to disk in constant memory. Resolves with its size in bytes.
 * @param {string} path
 * @param {{ bytes?: number, seconds?: number, sampleRate?: number, channels?: number }} o
 * @returns {Promise<number>}
 */
function writeWavFile(path, o) {
	const { totalBytes } = plan(o);
	return new Promise((resolve, reject) => {
		const out = fs.createWriteStream(path);
		const src = makeWavStream(o);
		src.on('error', reject);
		out.on('error', reject);
		out.on('finish', () => resolve(totalBytes));
		src.pipe(out);
	});
}

/**
 * @typedef {object} WavInfo
 * @property {number} channels
 * @property {number} sampleRate
 * @property {number} byteRate
 * @property {number} bitsPerSample
 * @property {number} dataOffset  where the samples start
 * @property {number} dataBytes   as the header states it (0xFFFFFFFF or 0 when unknown)
 */

/**
 * Reads the RIFF header (walking the chunks up to `data`). Undefined when not a WAV.
 * @param {Buffer} head
 * @returns {WavInfo | undefined}
 */
function parseWavHeader(head) {
	if (head.length < 12 || head.toString('ascii', 0, 4) !== 'RIFF' || head.toString('ascii', 8, 12) !== 'WAVE') return undefined;
	let off = 12;
	/** @type {Omit<WavInfo, 'dataOffset' | 'dataBytes'> | undefined} */
	let fmt;
	while (off + 8 <= head.length) {
		const id = head.toString('ascii', off, off + 4);
		const size = head.readUInt32LE(off + 4);
		if (id === 'fmt ' && off + 24 <= head.length) {
			fmt = {
				channels: head.readUInt16LE(off + 10),
				sampleRate: head.readUInt32LE(off + 12),
				byteRate: head.readUInt32LE(off + 16),
				bitsPerSample: head.readUInt16LE(off + 22),
			};
		} else if (id === 'data') {
			if (!fmt || fmt.byteRate === 0) return undefined;
			return { ...fmt, dataOffset: off + 8, dataBytes: size };
		}
		off += 8 + size + (size % 2); // chunks are word aligned
	}
	return undefined;
}

/**
 * Seconds of audio in a WAV: data size / byte rate. `totalBytes` (the whole upload's size) caps
 * the stated data size and replaces it when the header says 0 or 0xFFFFFFFF (streamed WAVs).
 * @param {Buffer} head  at least the header
 * @param {number} [totalBytes]
 * @returns {number | undefined}
 */
function wavDuration(head, totalBytes) {
	const info = parseWavHeader(head);
	if (!info) return undefined;
	let data = info.dataBytes;
	if (totalBytes !== undefined) {
		const actual = Math.max(0, totalBytes - info.dataOffset);
		if (data === 0 || data === 0xffffffff || data > actual) data = actual;
	}
	return data / info.byteRate;
}

module.exports = { makeWav, makeWavStream, writeWavFile, wavDuration, parseWavHeader, wavHeader };
