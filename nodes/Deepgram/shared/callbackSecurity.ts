import type { DeepgramCredentials } from './types';

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
