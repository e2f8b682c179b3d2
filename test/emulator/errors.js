// @ts-check
'use strict';
/** Deepgram's three error body shapes (deepgram-api.md §5) and a throwable carrying one. */
const { STATUS_CODES } = require('http');
const { randomUUID } = require('crypto');

/** An HTTP answer thrown by a handler; index.js sends it. */
class HttpError extends Error {
	/**
	 * @param {number} status
	 * @param {unknown} body  object -> JSON, string -> text/plain
	 * @param {Record<string, string>} [headers]
	 */
	constructor(status, body, headers = {}) {
		super(typeof body === 'string' ? body : JSON.stringify(body));
		this.status = status;
		this.body = body;
		this.headers = headers;
	}
}

/**
 * Legacy body used by /v1/listen: {err_code, err_msg, request_id}.
 * @param {string} errCode
 * @param {string} errMsg
 * @param {string | null} [requestId]  null leaves request_id out (PROJECT_NOT_FOUND)
 */
function legacy(errCode, errMsg, requestId = randomUUID()) {
	/** @type {Record<string, string>} */
	const body = { err_code: errCode, err_msg: errMsg };
	if (requestId !== null) body.request_id = requestId;
	return body;
}

/**
 * Modern body used by the management API and INVALID_JSON: {category, message, details, request_id}.
 * @param {string} category
 * @param {string} message
 * @param {string} details
 * @param {string} [requestId]
 */
function modern(category, message, details, requestId = randomUUID()) {
	return { category, message, details, request_id: requestId };
}

const MSG = {
	invalidAuth: 'Invalid credentials.',
	corrupt: 'Bad Request: failed to process audio: corrupt or unsupported data',
	badJson: 'Content-type was application/json, but we could not process the JSON payload.',
	tooMany: 'Too many requests. Please try again later',
	scope: 'Your account does not have the required scope to perform that action for this project.',
};

/**
 * Default body of an injected fault with this status (emu.fault without `body`).
 * @param {number} status
 * @param {string} requestId
 * @returns {Record<string, string>}
 */
function defaultFaultBody(status, requestId) {
	switch (status) {
		case 400: return legacy('Bad Request', MSG.corrupt, requestId);
		case 401: return legacy('INVALID_AUTH', MSG.invalidAuth, requestId);
		case 402: return legacy('ASR_PAYMENT_REQUIRED', 'Project does not have enough credits for an ASR request and does not have an overage agreement.', requestId);
		case 403: return legacy('INSUFFICIENT_PERMISSIONS', 'Project does not have access to the requested model.', requestId);
		case 413: return legacy('PAYLOAD_TOO_LARGE', 'Payload size exceeds limit of 2 GB.', requestId);
		case 422: return legacy('ASR_UNPROCESSABLE_ENTITY', 'Unable to read the entire client request.', requestId);
		case 429: return legacy('TOO_MANY_REQUESTS', MSG.tooMany, requestId);
		// The docs' 503 example spells the code field `error_code`; kept so clients parse defensively.
		case 503: return { error_code: 'Service Unavailable', err_msg: 'Please try again later', request_id: requestId };
		case 504: return legacy('GATEWAY_TIMEOUT', 'Maximum processing time exceeded.', requestId);
		default: {
			const text = STATUS_CODES[status] || 'Error';
			return legacy(status >= 500 ? 'INTERNAL_SERVER_ERROR' : text, `${text}.`, requestId);
		}
	}
}

module.exports = { HttpError, legacy, modern, MSG, defaultFaultBody };
