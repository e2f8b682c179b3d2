import {
	ALLOWED_CALLBACK_PORTS,
	CALLBACK_METHODS,
	CALLBACK_SCHEMES,
	MAX_EXTRA_PAIR_LENGTH,
	MAX_TAG_LENGTH,
	N8N_DEFAULT_PORT,
	type CallbackMethod,
} from './constants';
import type { ExtraPair } from './types';
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** A value Deepgram would refuse (or silently mishandle), caught before any request. */
function invalid(node: INode, field: string, message: string): NodeOperationError {
	return new NodeOperationError(node, message, {
		description: `Check the "${field}" field.`,
	});
}

const allowedPortsText = `${ALLOWED_CALLBACK_PORTS.slice(0, -1).join(', ')} or ${ALLOWED_CALLBACK_PORTS.at(-1)}`;

function effectivePort(url: URL): number {
	if (url.port) return Number(url.port);
	return url.protocol === 'https:' ? 443 : 80;
}

/** Hides anything before an `@` in text that may hold `user:password@`. */
function maskUserInfo(text: string): string {
	return text.replace(/^((?:[a-z][a-z0-9+.-]*:)?\/\/)?[^/]*@/i, '$1***@');
}

/** Counts characters as people do (an emoji is one), not UTF-16 units. */
function characterCount(text: string): number {
	return [...text].length;
}

/**
 * Checks a pre-recorded callback URL against Deepgram's rules and returns it parsed.
 * User info (Basic Auth) is allowed: Deepgram sends it back as an Authorization header.
 */
export function checkCallbackUrl(node: INode, value: string, field = 'Callback URL'): URL {
	const text = value.trim();
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw invalid(
			node,
			field,
			`${field} "${maskUserInfo(text)}" is not a valid URL: use a full address such as https://n8n.example.com/webhook/…`,
		);
	}
	if (!CALLBACK_SCHEMES.includes(url.protocol)) {
		throw invalid(
			node,
			field,
			`${field} must use http or https, not "${url.protocol.replace(':', '')}": Deepgram posts pre-recorded results over HTTP(S)`,
		);
	}
	const port = effectivePort(url);
	if (!ALLOWED_CALLBACK_PORTS.includes(port)) {
		const n8nHint =
			port === N8N_DEFAULT_PORT
				? ` (n8n listens on ${N8N_DEFAULT_PORT} by default: put it behind a proxy on 443 or run it on 8080, and set N8N_WEBHOOK_URL — formerly WEBHOOK_URL — to that public address)`
				: '';
		throw invalid(
			node,
			field,
			`callback port ${port} is not allowed by Deepgram: use ${allowedPortsText}${n8nHint}`,
		);
	}
	if (url.hostname.includes('_')) {
		throw invalid(
			node,
			field,
			`${field} host "${url.hostname}" contains "_", which Deepgram cannot resolve ("Failed to resolve callback."): use a host name without underscores`,
		);
	}
	return url;
}

export function checkCallbackMethod(
	node: INode,
	value: string,
	field = 'Callback Method',
): CallbackMethod {
	const method = value.trim().toUpperCase();
	const match = CALLBACK_METHODS.find((allowed) => allowed === method);
	if (!match) {
		throw invalid(
			node,
			field,
			`${field} "${value}" is not supported by Deepgram: use ${CALLBACK_METHODS.join(' or ')}`,
		);
	}
	return match;
}

/** Tags are sent as repeated `tag=`; each must be non-empty and at most 128 characters. */
export function checkTags(node: INode, tags: readonly string[], field = 'Tags'): string[] {
	return tags.map((tag, index) => {
		if (tag.trim() === '') {
			throw invalid(
				node,
				field,
				`${field}: tag ${index + 1} is empty: remove it or give it a value`,
			);
		}
		const length = characterCount(tag);
		if (length > MAX_TAG_LENGTH) {
			throw invalid(
				node,
				field,
				`${field}: tag ${index + 1} is ${length} characters long; Deepgram allows at most ${MAX_TAG_LENGTH}: shorten it`,
			);
		}
		return tag;
	});
}

/**
 * Extra metadata is sent as repeated `extra=key:value` (at most 2048 characters each).
 * A repeated key keeps its last value, as Deepgram does, so it is sent once.
 */
export function checkExtra(
	node: INode,
	pairs: readonly ExtraPair[],
	field = 'Extra Metadata',
): ExtraPair[] {
	const byKey = new Map<string, string>();
	pairs.forEach(({ key, value }, index) => {
		if (key.trim() === '') {
			throw invalid(node, field, `${field}: pair ${index + 1} has an empty key: give it a name`);
		}
		if (key.includes(':')) {
			throw invalid(
				node,
				field,
				`${field}: key "${key}" contains ":", which Deepgram uses to split key from value: remove it from the key`,
			);
		}
		const length = characterCount(`${key}:${value}`);
		if (length > MAX_EXTRA_PAIR_LENGTH) {
			throw invalid(
				node,
				field,
				`${field}: "${key}" is ${length} characters as key:value; Deepgram allows at most ${MAX_EXTRA_PAIR_LENGTH}: shorten the value`,
			);
		}
		byKey.set(key, value);
	});
	return [...byKey].map(([key, value]) => ({ key, value }));
}
