const MASK = '***';

/**
 * Replaces every secret (and its URL-encoded form, as it appears in a query string or a
 * callback URL) in a text, so no message, output or log line carries one.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
	let result = text;
	for (const secret of secrets) {
		if (!secret) continue;
		for (const form of new Set([secret, encodeURIComponent(secret)])) {
			result = result.split(form).join(MASK);
		}
	}
	return result;
}
