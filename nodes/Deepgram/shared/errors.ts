import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { redactSecrets } from './redact';

/** Deepgram's error, whichever of its body shapes it came in. */
export interface DeepgramErrorInfo {
	status: number;
	code?: string;
	message: string;
	details?: string;
	requestId?: string;
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

function parseBody(body: unknown): unknown {
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}

/**
 * Reads the legacy `{err_code, err_msg, request_id}`, the modern
 * `{category, message, details, request_id}`, the 503 `{error_code, …}` and plain-text bodies.
 */
export function parseDeepgramError(status: number, rawBody: unknown): DeepgramErrorInfo {
	const body = parseBody(rawBody);
	if (body && typeof body === 'object' && !Array.isArray(body)) {
		const data = body as Record<string, unknown>;
		return {
			status,
			code: text(data.err_code) ?? text(data.category) ?? text(data.error_code),
			message:
				text(data.err_msg) ??
				text(data.message) ??
				text(data.error) ??
				`Deepgram answered ${status}`,
			details: text(data.details),
			requestId: text(data.request_id),
		};
	}
	return {
		status,
		message: text(body)?.trim() || `Deepgram answered ${status}`,
	};
}

/** What the user can do about it, by status. */
export function deepgramErrorHint(info: DeepgramErrorInfo): string {
	const { status } = info;
	if (status === 400)
		return 'Deepgram refused the request parameters or the audio: check the field named in the message, and that the audio is a supported format.';
	if (status === 401)
		return 'Check the API key in the Deepgram API credential; create a new key in the Deepgram console if it was deleted or expired.';
	if (status === 402)
		return 'The Deepgram project has run out of credits: add credits or a payment method in the Deepgram console. Not retried.';
	if (status === 403)
		return 'The key works but lacks permission: use a key with the scope named in the message (for usage, usage:read; for billing, billing:read), or a model the project can access.';
	if (status === 404) return 'Check the project ID or request ID: it does not exist for this key.';
	if (status === 413)
		return 'The audio is larger than Deepgram accepts (2 GB for pre-recorded audio): split it or send a URL.';
	if (status === 422)
		return 'Deepgram could not read the whole upload: send the audio as a URL instead, or retry.';
	if (status === 429)
		return 'Deepgram limits concurrent requests per project: lower the node’s concurrency, or retry later.';
	if (status === 504)
		return 'Deepgram stopped processing after its maximum time (10 minutes for Nova): use a callback for long audio.';
	if (status >= 500)
		return 'Deepgram failed on its side; the request was retried. Try again later or enable Retry On Fail.';
	return 'See Deepgram’s message above.';
}

/**
 * The NodeApiError for a Deepgram error answer: Deepgram's message (and code and request_id)
 * as the message, an actionable hint as the description. Secrets are scrubbed from both.
 */
export function deepgramApiError(
	node: INode,
	info: DeepgramErrorInfo,
	options: { itemIndex?: number; secrets?: readonly string[] } = {},
): NodeApiError {
	const secrets = options.secrets ?? [];
	const code = info.code ? ` [${info.code}]` : '';
	const requestId = info.requestId ? ` (request_id ${info.requestId})` : '';
	const details = info.details ? ` ${info.details}` : '';
	const message = redactSecrets(
		`Deepgram ${info.status}${code}: ${info.message}${details}${requestId}`,
		secrets,
	);
	const response: JsonObject = {
		status: info.status,
		code: info.code ?? null,
		message: redactSecrets(info.message, secrets),
		request_id: info.requestId ?? null,
	};
	return new NodeApiError(node, response, {
		message,
		description: deepgramErrorHint(info),
		httpCode: String(info.status),
		itemIndex: options.itemIndex,
	});
}
