// @ts-check
'use strict';
/** Model names -> the metadata Deepgram reports (model uuid, name, version, arch), deterministic. */
const { createHash } = require('crypto');

/**
 * A stable uuid-formatted id derived from a seed (same seed, same id).
 * @param {string} seed
 */
function uuidFrom(seed) {
	const h = createHash('sha256').update(seed).digest('hex');
	const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// Versions are illustrative [I]; nova-3's is the one in the real response of deepgram-api.md §4.
/** @type {Record<string, string>} */
const VERSIONS = {
	'nova-3': '2024-12-20.0',
	'nova-2': '2024-01-09.29447',
	nova: '2024-01-18.26916',
	enhanced: '2022-05-18.0',
	base: '2021-03-17.0',
	whisper: '2023-09-18.0',
};
// The real uuid of general-nova-3 (deepgram-api.md §4), so captured fixtures line up.
/** @type {Record<string, string>} */
const KNOWN_IDS = { 'general-nova-3': '3b3aabe4-608a-46ac-9585-7960a25daf1a' };

/** Model uuids of the analysis services, as metadata.*_info reports them. */
const SERVICE_MODEL_IDS = {
	summary: '67875a7f-c9c4-48a0-aa55-5bdb8a91c34a',
	topics: uuidFrom('service:topics'),
	intents: uuidFrom('service:intents'),
	sentiment: uuidFrom('service:sentiment'),
};

/**
 * `nova-3` -> general-nova-3, `nova-2-meeting` -> meeting-nova-2, `base` -> general-base,
 * `whisper-large` -> whisper-large; anything else (custom models) is its own name and arch.
 * @param {string} model  the `model` query value
 * @param {string} language
 * @returns {import('./types').ModelInfo}
 */
function resolveModel(model, language) {
	const arch = Object.keys(VERSIONS).find((a) => model === a || model.startsWith(`${a}-`));
	let name = model;
	if (arch && arch !== 'whisper') name = `${model.slice(arch.length + 1) || 'general'}-${arch}`;
	const version = (arch && VERSIONS[arch]) || '1.0';
	return {
		model_id: KNOWN_IDS[name] ?? uuidFrom(`model:${name}:${version}`),
		name,
		version,
		arch: arch ?? model,
		language,
	};
}

module.exports = { resolveModel, uuidFrom, SERVICE_MODEL_IDS };
