// @ts-check
'use strict';
/**
 * Renders a served record in one of the two shapes the sources disagree on (deepgram-api.md §6):
 * 'sdk' (JS/Python/Go SDK types, default) or 'spec' (2026 OpenAPI).
 */

/**
 * `response` as the docs describe it: details when succeeded, only a message when failed, empty
 * while an async job has not finished.
 * @param {import('./types').ServedRecord} r
 */
function responseOf(r) {
	if (r.code === undefined) return {};
	if (r.code >= 400) return { code: r.code, completed: r.completed, message: r.message };
	return {
		code: r.code,
		completed: r.completed,
		details: {
			usd: r.usd,
			duration: r.duration,
			total_audio: r.duration * r.channels,
			channels: r.channels,
			streams: 1,
			models: r.models,
			method: r.method,
			tags: r.tags,
			features: r.features,
			config: r.config,
		},
	};
}

/**
 * @param {import('./types').ServedRecord} r
 * @param {'sdk' | 'spec'} shape
 * @returns {Record<string, unknown>}
 */
function renderRecord(r, shape) {
	const base = {
		request_id: r.request_id,
		project_uuid: r.project_uuid,
		created: r.created,
		path: r.path,
		api_key_id: r.api_key_id,
		response: responseOf(r),
	};
	if (shape === 'spec') {
		/** @type {Record<string, unknown>} */
		const rec = { ...base, code: r.code ?? null, deployment: r.deployment };
		if (r.callbackUrl) rec.callback = r.callbackUrl;
		return rec;
	}
	return { ...base, callback: r.callback ? { ...r.callback } : null };
}

module.exports = { renderRecord };
