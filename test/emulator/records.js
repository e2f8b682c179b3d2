// @ts-check
'use strict';
/**
 * Renders a served record in one of the two shapes the sources disagree on (deepgram-api.md §6):
 * 'sdk' (JS/Python/Go SDK types, default) or 'spec' (2026 OpenAPI).
 */

/**
 * A served record: the request's identity from `ctx` (or `fields`), and nothing billed, processed
 * or called back yet unless `fields` says so.
 * @param {{ path: string, key: { id: string, projectId: string }, requestId: string, createdAt: Date, model: import('./types').ModelInfo }} who
 * @param {Pick<import('./types').ServedRecord, 'method' | 'endpoint' | 'tags' | 'language'> & Partial<import('./types').ServedRecord>} fields
 * @returns {import('./types').ServedRecord}
 */
function servedRecord(who, fields) {
	return {
		request_id: who.requestId,
		project_uuid: who.key.projectId,
		created: who.createdAt.toISOString(),
		createdMs: who.createdAt.getTime(),
		completed: undefined,
		path: who.path,
		api_key_id: who.key.id,
		code: undefined,
		message: undefined,
		deployment: 'hosted',
		duration: 0,
		channels: 0,
		usd: 0,
		ttsCharacters: 0,
		tokensIn: 0,
		tokensOut: 0,
		features: [],
		filterFeatures: [],
		models: [who.model.model_id],
		modelInfo: [who.model],
		config: {},
		callbackUrl: undefined,
		callback: null,
		result: undefined,
		...fields,
	};
}

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

module.exports = { renderRecord, servedRecord };
