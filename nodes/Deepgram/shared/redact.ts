import { CALLBACK_ROUTING_PARAM } from './constants';

const MASK = '***';

/** n8n's resume token: the query parameter of `$execution.resumeUrl` that lets anyone resume it. */
const RESUME_TOKEN_PARAM = 'signature';

const percentEncoded = (text: string) => encodeURIComponent(text);
const formEncoded = (text: string) => new URLSearchParams({ s: text }).toString().slice(2);
function userinfoEncoded(text: string): string {
	const url = new URL('http://host/');
	url.password = text;
	return url.password;
}
const jsonEscaped = (text: string) => JSON.stringify(text).slice(1, -1);

/**
 * Every form a secret travels in: as is; URL-encoded the three ways a query, a form and a URL's
 * user info encode it; those encoded once more (a Basic Auth password inside the `callback=`
 * parameter is encoded twice); each of these JSON-escaped; and base64 (an Authorization header
 * carries `user:password` that way).
 */
export function secretForms(secret: string): string[] {
	const once = [percentEncoded, formEncoded, userinfoEncoded].map((encode) => encode(secret));
	const twice = once.flatMap((form) => [percentEncoded(form), formEncoded(form)]);
	const text = [secret, ...once, ...twice];
	const forms = [
		...text,
		...text.map(jsonEscaped),
		Buffer.from(secret).toString('base64'),
		Buffer.from(secret).toString('base64url'),
	];
	return [...new Set(forms)].filter((form) => form !== '');
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces every secret, of any length and in every form it travels in, so no message, output or
 * log line carries one. Longer forms are matched first and in one pass, so a short secret inside
 * a longer one (or inside a mask already written) cannot leave part of the longer one behind.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
	const forms = [...new Set(secrets.filter((secret) => secret !== '').flatMap(secretForms))];
	if (forms.length === 0) return text;
	forms.sort((a, b) => b.length - a.length);
	return text.replace(new RegExp(forms.map(escapeRegExp).join('|'), 'g'), MASK);
}

/**
 * A URL as a node may show it: without user info (Basic Auth), n8n's resume token, or the routing
 * key the Transcribe node adds (so it reads as the user entered it). Text that is not a URL gives
 * null: it cannot be checked, so it is not shown.
 */
export function shownUrl(url: string | null | undefined): string | null {
	if (!url || !URL.canParse(url)) return null;
	const parsed = new URL(url);
	parsed.username = '';
	parsed.password = '';
	for (const param of [RESUME_TOKEN_PARAM, CALLBACK_ROUTING_PARAM]) {
		if (parsed.searchParams.has(param)) parsed.searchParams.delete(param);
	}
	return parsed.href;
}
