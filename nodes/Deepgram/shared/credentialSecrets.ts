import type { DeepgramCredentials } from './types';

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
