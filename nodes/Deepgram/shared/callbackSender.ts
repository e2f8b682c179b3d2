import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CallbackSecurity } from './callbackSecurity';
import { CALLBACK_SECRET_KEY, IDEMPOTENCY_KEY } from './constants';
import type { ExtraPair } from './types';

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
