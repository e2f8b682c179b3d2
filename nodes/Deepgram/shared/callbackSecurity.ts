import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CALLBACK_SECRET_KEY, IDEMPOTENCY_KEY } from './constants';
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
 * A Basic Auth user without a password is all there is to guess, so it is a secret too.
 */
export function credentialSecrets(credentials: DeepgramCredentials): string[] {
	const { apiKey, callbackSecret, callbackPassword, callbackUser } = credentials;
	const basicAuth =
		callbackUser || callbackPassword
			? `${callbackUser ?? ''}:${callbackPassword ?? ''}`
			: undefined;
	const loneUser = callbackPassword ? undefined : callbackUser;
	return [apiKey, callbackSecret, callbackPassword, loneUser, basicAuth].filter(
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

/** Extra keys the node sets itself; a user value could replace (or reveal) them. */
const RESERVED_EXTRA: Readonly<Record<string, string>> = {
	[CALLBACK_SECRET_KEY]: 'set the Callback Secret in the Deepgram API credential instead',
	[IDEMPOTENCY_KEY]: 'the node sets it to recognise a job Deepgram accepted twice',
};

/**
 * The extra pairs sent to Deepgram: the user's, then the submission's idempotency key and the
 * credential's secret (each only when given).
 */
export function extraWithSecret(
	node: INode,
	pairs: readonly ExtraPair[],
	security: CallbackSecurity,
	idempotencyKey?: string,
): ExtraPair[] {
	const reserved = pairs.find(({ key }) => Object.hasOwn(RESERVED_EXTRA, key));
	if (reserved) {
		throw new NodeOperationError(
			node,
			`Extra Metadata: the key "${reserved.key}" is reserved: ${RESERVED_EXTRA[reserved.key]}`,
			{ description: 'Check the "Extra Metadata" field.' },
		);
	}
	const extra = [...pairs];
	if (idempotencyKey) extra.push({ key: IDEMPOTENCY_KEY, value: idempotencyKey });
	if (security.secret) extra.push({ key: CALLBACK_SECRET_KEY, value: security.secret });
	return extra;
}

export type VerificationMethod = 'basicAuth' | 'callbackSecret' | 'dgToken';

/** A string value of a Deepgram result's `metadata.extra`, if any. */
export function echoedExtra(body: unknown, key: string): string | undefined {
	const extra = (body as { metadata?: { extra?: Record<string, unknown> } } | undefined)?.metadata
		?.extra;
	const value = extra?.[key];
	return typeof value === 'string' ? value : undefined;
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

/**
 * A copy of a Deepgram result without the extra pairs the node added itself (the callback secret,
 * the idempotency key), so `extra` shows exactly what the user set.
 */
export function withoutNodeExtra<T>(body: T): T {
	const metadata = (body as { metadata?: { extra?: Record<string, unknown> } } | undefined)
		?.metadata;
	if (
		!metadata?.extra ||
		!Object.keys(metadata.extra).some((key) => Object.hasOwn(RESERVED_EXTRA, key))
	) {
		return body;
	}
	const extra = { ...metadata.extra };
	for (const key of Object.keys(RESERVED_EXTRA)) delete extra[key];
	return { ...body, metadata: { ...metadata, extra } } as T;
}
