// @ts-check
'use strict';
/**
 * Reads a body in constant memory: hashes and counts every chunk as it arrives and keeps only
 * the first `keep` bytes (a WAV header, or a JSON document). Multi-GB uploads pass through.
 */
const { createHash } = require('crypto');

/**
 * @typedef {object} BodySummary
 * @property {number} bytes
 * @property {string} sha256
 * @property {Buffer} head       the first min(bytes, keep) bytes
 * @property {boolean} truncated true when bytes > keep
 * @property {boolean} aborted   the client went away before the end
 */

/**
 * @param {NodeJS.ReadableStream} stream
 * @param {number} keep
 * @returns {Promise<BodySummary>}
 */
function consumeBody(stream, keep) {
	return new Promise((resolve) => {
		const hash = createHash('sha256');
		/** @type {Buffer[]} */
		const kept = [];
		let keptBytes = 0;
		let bytes = 0;
		let done = false;
		/** @param {boolean} aborted */
		const finish = (aborted) => {
			if (done) return;
			done = true;
			resolve({ bytes, sha256: hash.digest('hex'), head: Buffer.concat(kept), truncated: bytes > keep, aborted });
		};
		stream.on('data', (/** @type {Buffer} */ chunk) => {
			bytes += chunk.length;
			hash.update(chunk);
			if (keptBytes < keep) {
				const part = chunk.subarray(0, keep - keptBytes);
				// Copy: the slice would otherwise pin the whole (possibly large) chunk.
				kept.push(Buffer.from(part));
				keptBytes += part.length;
			}
		});
		stream.on('end', () => finish(false));
		stream.on('error', () => finish(true));
		stream.on('close', () => finish(true));
	});
}

module.exports = { consumeBody };
