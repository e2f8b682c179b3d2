import { createHash, timingSafeEqual } from 'crypto';
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CALLBACK_SECRET_KEY, DG_TOKEN_HEADER } from './constants';
import type { DeepgramCredentials, ExtraPair } from './types';

/**
 * How a callback round trip is secured, read once from the shared credential: the Transcribe
 * node adds it to each request, the Callback Trigger checks it on each delivery.
 */
export interface CallbackSecurity {
	secret?: string;
	basicAuth?: { user: string; password: string };
	apiKeyId?: string;
}

export function callbackSecurityFrom(credentials: DeepgramCredentials): CallbackSecurity {
	const security: CallbackSecurity = {};
	if (credentials.callbackSecret) security.secret = credentials.callbackSecret;
	if (credentials.callbackUser || credentials.callbackPassword) {
		security.basicAuth = {
			user: credentials.callbackUser ?? '',
			password: credentials.callbackPassword ?? '',
		};
	}
	if (credentials.apiKeyId) security.apiKeyId = credentials.apiKeyId.trim();
	return security;
}

/**
 * Every value from the credential that must never show up in an output, error or log, however
 * short, plus Basic Auth's `user:password` (whose base64 form an Authorization header carries).
 */
export function credentialSecrets(credentials: DeepgramCredentials): string[] {
	const { apiKey, callbackSecret, callbackPassword, callbackUser } = credentials;
	const basicAuth = callbackPassword ? `${callbackUser ?? ''}:${callbackPassword}` : undefined;
	return [apiKey, callbackSecret, callbackPassword, basicAuth].filter(
		(value): value is string => typeof value === 'string' && value !== '',
	);
}

/** The callback URL Deepgram is given: Basic Auth user info embedded when configured. */
export function securedCallbackUrl(url: URL, security: CallbackSecurity): string {
	const secured = new URL(url.href);
	if (security.basicAuth) {
		secured.username = encodeURIComponent(security.basicAuth.user);
		secured.password = encodeURIComponent(security.basicAuth.password);
	}
	return secured.href;
}

/** The same URL as shown to users: without any user info. */
export function publicCallbackUrl(url: string | URL): string {
	const parsed = new URL(typeof url === 'string' ? url : url.href);
	parsed.username = '';
	parsed.password = '';
	return parsed.href;
}

/**
 * The extra pairs sent to Deepgram: the user's, then the credential's secret. The secret's key
 * is reserved so a user value can never replace (or reveal) it.
 */
export function extraWithSecret(
	node: INode,
	pairs: readonly ExtraPair[],
	security: CallbackSecurity,
): ExtraPair[] {
	if (pairs.some(({ key }) => key === CALLBACK_SECRET_KEY)) {
		throw new NodeOperationError(
			node,
			`Extra Metadata: the key "${CALLBACK_SECRET_KEY}" is reserved: set the Callback Secret in the Deepgram API credential instead`,
			{ description: 'Check the "Extra Metadata" field.' },
		);
	}
	return security.secret
		? [...pairs, { key: CALLBACK_SECRET_KEY, value: security.secret }]
		: [...pairs];
}

// ---- Verification (pure; never throws) ----

export type VerificationMethod = 'basicAuth' | 'callbackSecret' | 'dgToken';

export interface CallbackRequest {
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

export type Verdict =
	| { ok: true }
	| {
			ok: false;
			status: 401 | 403;
			method: VerificationMethod;
			reason: string;
	  };

/** Constant-time string comparison; hashing first hides the length too. */
export function safeEqual(actual: string, expected: string): boolean {
	const a = createHash('sha256').update(actual).digest();
	const b = createHash('sha256').update(expected).digest();
	return timingSafeEqual(a, b);
}

function header(request: CallbackRequest, name: string): string | undefined {
	const value = request.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

function basicAuthCredentials(headerValue: string | undefined): string | undefined {
	const match = /^Basic\s+(.+)$/i.exec(headerValue ?? '');
	if (!match) return undefined;
	return Buffer.from(match[1].trim(), 'base64').toString('utf8');
}

/** `metadata.extra.callback_secret` of a Deepgram result, if any. */
export function echoedSecret(body: unknown): string | undefined {
	const extra = (body as { metadata?: { extra?: Record<string, unknown> } } | undefined)?.metadata
		?.extra;
	const value = extra?.[CALLBACK_SECRET_KEY];
	return typeof value === 'string' ? value : undefined;
}

function checkOne(
	method: VerificationMethod,
	request: CallbackRequest,
	security: CallbackSecurity,
): Verdict {
	const fail = (status: 401 | 403, reason: string): Verdict => ({
		ok: false,
		status,
		method,
		reason,
	});
	if (method === 'basicAuth') {
		if (!security.basicAuth) return fail(403, 'Basic Auth is not configured in the credential');
		const given = basicAuthCredentials(header(request, 'authorization'));
		if (given === undefined) return fail(401, 'missing Basic Authorization header');
		const expected = `${security.basicAuth.user}:${security.basicAuth.password}`;
		return safeEqual(given, expected)
			? { ok: true }
			: fail(403, 'wrong Basic Auth user or password');
	}
	if (method === 'callbackSecret') {
		if (!security.secret) return fail(403, 'no callback secret is configured in the credential');
		const given = echoedSecret(request.body);
		if (given === undefined) return fail(401, 'missing metadata.extra.callback_secret');
		return safeEqual(given, security.secret) ? { ok: true } : fail(403, 'wrong callback secret');
	}
	if (!security.apiKeyId) return fail(403, 'the API key identifier for dg-token is unknown');
	const given = header(request, DG_TOKEN_HEADER);
	if (given === undefined || given === '') return fail(401, `missing ${DG_TOKEN_HEADER} header`);
	return safeEqual(given.trim(), security.apiKeyId)
		? { ok: true }
		: fail(403, `wrong ${DG_TOKEN_HEADER}`);
}

/**
 * Every listed method must pass. A missing value answers 401, a wrong one 403; with both kinds
 * of failure, 401 wins only when nothing was wrong. An empty list passes (the user chose None).
 */
export function verifyCallback(
	request: CallbackRequest,
	methods: readonly VerificationMethod[],
	security: CallbackSecurity,
): Verdict {
	let missing: Verdict | undefined;
	for (const method of methods) {
		const verdict = checkOne(method, request, security);
		if (verdict.ok) continue;
		if (verdict.status === 403) return verdict;
		missing ??= verdict;
	}
	return missing ?? { ok: true };
}

/** The checks a callback must pass, or what is missing to check it at all. */
export type CallbackChecks =
	| { ok: true; methods: VerificationMethod[]; security: CallbackSecurity }
	| { ok: false; missing: 'callbackSecurity' | 'apiKeyId' };

/**
 * Every method the credential configures must pass, plus dg-token when asked for (with the
 * credential's API Key ID, else one looked up from the key). A credential that sets no callback
 * security gives nothing to check: callers fail closed.
 */
export function callbackChecks(
	credentials: DeepgramCredentials,
	options: { checkDgToken: boolean; lookedUpKeyId?: string },
): CallbackChecks {
	const security = callbackSecurityFrom(credentials);
	const methods: VerificationMethod[] = [];
	if (security.basicAuth) methods.push('basicAuth');
	if (security.secret) methods.push('callbackSecret');
	if (options.checkDgToken) {
		security.apiKeyId ??= options.lookedUpKeyId;
		if (!security.apiKeyId) return { ok: false, missing: 'apiKeyId' };
		methods.push('dgToken');
	}
	if (methods.length === 0) return { ok: false, missing: 'callbackSecurity' };
	return { ok: true, methods, security };
}

/** A copy of a Deepgram result without the echoed callback secret. */
export function withoutCallbackSecret<T>(body: T): T {
	const metadata = (body as { metadata?: { extra?: Record<string, unknown> } } | undefined)
		?.metadata;
	if (!metadata?.extra || !(CALLBACK_SECRET_KEY in metadata.extra)) return body;
	const extra = { ...metadata.extra };
	delete extra[CALLBACK_SECRET_KEY];
	return { ...body, metadata: { ...metadata, extra } } as T;
}
