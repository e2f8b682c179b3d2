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
	if (status >= 500) return 'Deepgram failed on its side. Try again later or enable Retry On Fail.';
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

/** Network errors before anything was sent: Deepgram cannot have received the request. */
const NEVER_SENT = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'];

const MAYBE_ACCEPTED =
	'Deepgram may have received and processed (and billed) the request, so it was not sent again. With a callback URL, Deepgram may still call back (a Deepgram Callback Trigger starts its workflow once per job). Check Deepgram Usage by Tag → Requests with Tag before sending it again.';

/** What a network error means for the user: never reached, or reached and maybe processed. */
export function networkFailure(
	code: string | undefined,
	method: string,
	baseUrl: string,
	answeredStatus?: number,
): { message: string; description: string } {
	const suffix = code ? ` (${code})` : '';
	if (answeredStatus !== undefined) {
		return {
			message: `Deepgram's answer (${answeredStatus}) from ${baseUrl} was cut off before its end${suffix}`,
			description:
				method === 'GET'
					? 'The answer did not arrive whole. Check the network between n8n and Deepgram (a proxy closing connections), then run the node again.'
					: MAYBE_ACCEPTED,
		};
	}
	if (NEVER_SENT.includes(code ?? '')) {
		return {
			message: `Could not reach Deepgram at ${baseUrl}${suffix}`,
			description:
				'Check the API Endpoint in the Deepgram API credential and the network between n8n and Deepgram.',
		};
	}
	return {
		message: `The connection to Deepgram at ${baseUrl} broke before its answer${suffix}`,
		description:
			method === 'GET'
				? 'Deepgram was reached but its answer did not arrive. Check the network between n8n and Deepgram (a proxy or firewall closing connections), then run the node again.'
				: MAYBE_ACCEPTED,
	};
}

/** How much of an unexpected answer a message quotes. */
const PREVIEW_LENGTH = 120;

/**
 * The first characters of an answer, as text for a message. Secrets are masked in the whole text
 * before it is cut, so a secret spanning the cut cannot leave its first part behind.
 */
function preview(body: unknown, secrets: readonly string[]): { text: string; bytes: number } {
	const whole = Buffer.isBuffer(body)
		? body.toString('utf8')
		: typeof body === 'string'
			? body
			: (JSON.stringify(body) ?? String(body));
	const text = redactSecrets(whole, secrets);
	return {
		text: text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH)}…` : text,
		bytes: Buffer.byteLength(whole),
	};
}

/**
 * A 2xx that is not what Deepgram documents: what came (status, content type, first bytes), whether
 * it looks cut off, and whether the job may have been accepted anyway.
 */
export function invalidAnswerError(
	node: INode,
	answer: { status: number; contentType: string | undefined; body: unknown },
	expected: { what: string; mayHaveBeenAccepted?: boolean },
	options: { itemIndex?: number; secrets?: readonly string[] } = {},
): NodeApiError {
	const secrets = options.secrets ?? [];
	const { text, bytes } = preview(answer.body, secrets);
	const json = /json/i.test(answer.contentType ?? '');
	// n8n parses a JSON answer; one that arrives as text despite a JSON type did not parse whole.
	const cutOff = json && typeof answer.body === 'string';
	const what = cutOff
		? `Deepgram's answer (${answer.status}, ${answer.contentType}) was cut off or is not valid JSON`
		: `Deepgram answered ${answer.status} but not with a ${expected.what}`;
	const message = redactSecrets(
		`${what}: ${answer.contentType ?? 'no content type'}, ${bytes} bytes, starting ${JSON.stringify(text)}`,
		secrets,
	);
	return new NodeApiError(
		node,
		{ status: answer.status, code: null, message, request_id: null },
		{
			message,
			description: expected.mayHaveBeenAccepted
				? `The answer may come from a proxy or gateway in front of Deepgram. ${MAYBE_ACCEPTED}`
				: 'The answer may come from a proxy or gateway in front of Deepgram: check the API Endpoint in the Deepgram API credential and run the node again.',
			httpCode: String(answer.status),
			itemIndex: options.itemIndex,
		},
	);
}
