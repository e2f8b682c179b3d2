import { createHash, timingSafeEqual } from 'crypto';

import {
	callbackChecks,
	echoedExtra,
	type CallbackChecks,
	type CallbackSecurity,
} from './callbackSecurity';
import { CALLBACK_SECRET_KEY, DG_TOKEN_HEADER } from './constants';
import {
	classifyPayload,
	jsonObjectBody,
	SECRETLESS_STREAMING_FIELDS,
	type CallbackPayload,
} from './callbackPayload';
import type { DeepgramCredentials } from './types';

/** A call to a callback URL, as n8n hands it to a webhook. */
export interface CallbackRequest {
	headers: Record<string, string | string[] | undefined>;
	/** Header names and values as received: Node keeps only the first of repeated Authorization headers. */
	rawHeaders?: readonly string[];
	body: unknown;
}

/** What a receiver verifies a call with: the node's choice and the shared credential. */
export interface VerificationSetup {
	/** The trigger's "None (Insecure)": every well-formed payload passes. */
	unverified?: boolean;
	credentials?: DeepgramCredentials;
	checkDgToken: boolean;
	/** The API key identifier looked up from the key, when the credential names none. */
	lookedUpKeyId?: string;
	/** Refuse streaming messages (400) with this reason; unset, they are verified like the rest. */
	refuseStreaming?: string;
}

export type CallbackVerification =
	| { ok: true; payload: CallbackPayload }
	| {
			ok: false;
			/** 400 not a Deepgram payload, 401 verification data missing, 403 wrong (or nothing to check with). */
			status: 400 | 401 | 403;
			/** For the log only: it names the check, so it never goes back to the caller. */
			reason: string;
			requestId?: string;
			/** Basic Auth is configured: a 401 carries its challenge. */
			basicAuth: boolean;
	  };

type Check = { ok: true } | { ok: false; status: 401 | 403; reason: string };
const PASS: Check = { ok: true };
const missing = (reason: string): Check => ({ ok: false, status: 401, reason });
const wrong = (reason: string): Check => ({ ok: false, status: 403, reason });

/** Constant-time string comparison; hashing first hides the length too. */
export function safeEqual(actual: string, expected: string): boolean {
	const a = createHash('sha256').update(actual).digest();
	const b = createHash('sha256').update(expected).digest();
	return timingSafeEqual(a, b);
}

function headerValues(request: CallbackRequest, name: string): string[] {
	if (request.rawHeaders) {
		const values: string[] = [];
		for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
			if (request.rawHeaders[i].toLowerCase() === name) values.push(request.rawHeaders[i + 1]);
		}
		return values;
	}
	const value = request.headers[name];
	if (value === undefined) return [];
	return Array.isArray(value) ? value : [value];
}

const BASIC_AUTH = /^Basic +([A-Za-z0-9+/]+={0,2})$/i;

/** Exactly one `Authorization: Basic <canonical base64 of user:password>`; anything else fails. */
function checkBasicAuth(request: CallbackRequest, expected: CallbackSecurity['basicAuth']): Check {
	if (!expected) return wrong('Basic Auth is not configured in the credential');
	const values = headerValues(request, 'authorization');
	if (values.length === 0) return missing('missing Basic Authorization header');
	if (values.length > 1) return wrong('more than one Authorization header');
	const match = BASIC_AUTH.exec(values[0].trim());
	if (!match) return wrong('the Authorization header is not Basic with base64 user:password');
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	// Node's decoder skips what it cannot read; only a value that encodes back to itself is base64.
	if (Buffer.from(decoded, 'utf8').toString('base64') !== match[1] || !decoded.includes(':')) {
		return wrong('the Authorization header is not Basic with base64 user:password');
	}
	return safeEqual(decoded, `${expected.user}:${expected.password}`)
		? PASS
		: wrong('wrong Basic Auth user or password');
}

function checkDgToken(request: CallbackRequest, apiKeyId: string | undefined): Check {
	if (!apiKeyId) return wrong('the API key identifier for dg-token is unknown');
	const values = headerValues(request, DG_TOKEN_HEADER);
	if (values.length === 0 || values[0].trim() === '')
		return missing(`missing ${DG_TOKEN_HEADER} header`);
	if (values.length > 1) return wrong(`more than one ${DG_TOKEN_HEADER} header`);
	return safeEqual(values[0].trim(), apiKeyId) ? PASS : wrong(`wrong ${DG_TOKEN_HEADER}`);
}

function checkSecret(body: unknown, secret: string | undefined): Check {
	if (!secret) return wrong('no callback secret is configured in the credential');
	const given = echoedExtra(body, CALLBACK_SECRET_KEY);
	if (given === undefined) return missing('missing metadata.extra.callback_secret');
	return safeEqual(given, secret) ? PASS : wrong('wrong callback secret');
}

/** A wrong value outranks a missing one: 401 only when nothing was wrong. */
function firstFailure(checks: Check[]): Check {
	const failures = checks.filter((check): check is Exclude<Check, { ok: true }> => !check.ok);
	return failures.find((check) => check.status === 403) ?? failures[0] ?? PASS;
}

/**
 * Whether this payload could carry `metadata.extra` or fields of its sender's choosing, and so
 * must echo the callback secret: results, streaming Results and Metadata messages, and a streaming
 * message of a secretless type with any field Deepgram does not put there. Only Deepgram's error
 * callbacks and its bare UtteranceEnd and SpeechStarted messages pass without it.
 */
function heldToSecret(payload: CallbackPayload): boolean {
	if (payload.kind !== 'streaming') return payload.kind === 'prerecorded';
	const fields = SECRETLESS_STREAMING_FIELDS[payload.type];
	return !fields || Object.keys(payload.body).some((field) => !fields.includes(field));
}

/** A request id for the log, when the body has a plausible one (never arbitrary text). */
function loggableRequestId(body: unknown): string | undefined {
	const object = body as { request_id?: unknown; metadata?: { request_id?: unknown } } | undefined;
	const id = object?.metadata?.request_id ?? object?.request_id;
	return typeof id === 'string' && /^[\w.:-]{1,100}$/.test(id) ? id : undefined;
}

const CONFIGURATION_REASONS = {
	apiKeyId:
		'the API key identifier for the dg-token check is unknown: set API Key ID in the Deepgram API credential (the Callback Trigger also looks it up when its workflow is published)',
	callbackSecurity:
		'the Deepgram API credential sets no callback security: set a Callback Secret or a Basic Auth user and password there',
} as const;

/**
 * The one verification of a call to a callback URL, shared by the Callback Trigger and Wait for
 * Callback. Header checks (Basic Auth, dg-token) come first; then the body must be a Deepgram
 * payload (streaming messages only where the receiver takes them); a payload that could carry
 * `metadata.extra` (see heldToSecret) must also echo the callback secret. Error callbacks and bare
 * UtteranceEnd and SpeechStarted messages carry no extra, so they pass on the header checks alone,
 * and with a callback secret as the only method they cannot be verified.
 * Pure; never throws.
 */
export function verifyCallbackRequest(
	setup: VerificationSetup,
	request: CallbackRequest,
): CallbackVerification {
	const checks: CallbackChecks = setup.unverified
		? { ok: true, methods: [], security: {} }
		: setup.credentials
			? callbackChecks(setup.credentials, setup)
			: { ok: false, missing: 'callbackSecurity' };
	const basicAuth = checks.ok && checks.methods.includes('basicAuth');
	const refuse = (status: 400 | 401 | 403, reason: string): CallbackVerification => ({
		ok: false,
		status,
		reason,
		basicAuth,
		requestId: loggableRequestId(request.body),
	});
	if (!checks.ok) return refuse(403, CONFIGURATION_REASONS[checks.missing]);

	const parsed = jsonObjectBody(request.body);
	if (!parsed.ok) return refuse(400, parsed.reason);

	const { methods, security } = checks;
	const headerChecks: Check[] = [];
	if (methods.includes('basicAuth')) headerChecks.push(checkBasicAuth(request, security.basicAuth));
	if (methods.includes('dgToken')) headerChecks.push(checkDgToken(request, security.apiKeyId));
	const headers = firstFailure(headerChecks);
	if (!headers.ok) return refuse(headers.status, headers.reason);

	const payload = classifyPayload(parsed.body);
	if (payload.kind === 'invalid') return refuse(400, payload.reason);
	if (payload.kind === 'streaming' && setup.refuseStreaming !== undefined) {
		return refuse(400, setup.refuseStreaming);
	}

	if (methods.includes('callbackSecret')) {
		if (heldToSecret(payload)) {
			const secret = checkSecret(parsed.body, security.secret);
			if (!secret.ok) return refuse(secret.status, secret.reason);
		} else if (headerChecks.length === 0) {
			const what =
				payload.kind === 'streaming'
					? `streaming ${payload.type} message`
					: 'Deepgram error callback';
			return refuse(
				401,
				`a ${what} carries no metadata.extra, so a callback secret alone cannot verify it: add a Basic Auth user and password to the Deepgram API credential`,
			);
		}
	}
	return { ok: true, payload };
}
