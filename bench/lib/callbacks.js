// @ts-check
'use strict';
/**
 * What Deepgram sends to a callback URL, for the trigger benchmarks: a pre-recorded result of
 * about 3 KB whose request_id the load client makes unique per request, and the headers of
 * each verification method, right or forged.
 */
const { PLACEHOLDER } = require('./load-client');

const WORDS = 'hello from n8n this sample was transcribed by deepgram and delivered by callback'.split(' ');

/**
 * A listen result of about `targetBytes` (JSON text) with `extra` echoed in metadata.
 * @param {{ extra?: Record<string, string>, targetBytes?: number }} [options]
 */
function callbackBody({ extra = {}, targetBytes = 3000 } = {}) {
	/** @param {number} count */
	const build = (count) => {
		const words = Array.from({ length: count }, (_, i) => ({
			word: WORDS[i % WORDS.length],
			start: Number((i * 0.31).toFixed(2)),
			end: Number((i * 0.31 + 0.28).toFixed(2)),
			confidence: 0.98,
			punctuated_word: WORDS[i % WORDS.length],
		}));
		const transcript = words.map((w) => w.word).join(' ');
		return JSON.stringify({
			metadata: {
				transaction_key: 'deprecated',
				request_id: PLACEHOLDER,
				sha256: '8fbd9f3e03f24e9db0229dae61e6cb1687a6bbf1f0dc0ae81cad044157170199',
				created: '2026-11-26T03:48:00.000Z',
				duration: 5.865896,
				channels: 1,
				models: ['3b3aabe4-608a-46ac-9585-7960a25daf1a'],
				model_info: { '3b3aabe4-608a-46ac-9585-7960a25daf1a': { name: 'general-nova-3', version: '2024-12-20.0', arch: 'nova-3' } },
				extra,
			},
			results: { channels: [{ alternatives: [{ transcript, confidence: 0.97, words }] }] },
		});
	};
	let count = 1;
	while (count < 500 && build(count + 1).length <= targetBytes) count++;
	return build(count);
}

/** @param {string} user @param {string} password */
function basicAuthorization(user, password) {
	return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

module.exports = { callbackBody, basicAuthorization };
