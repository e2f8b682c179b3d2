import { createHash } from 'crypto';

import type { CallbackPayload } from '../shared/payload';

/**
 * What a redelivery repeats. A pre-recorded job (result or error) is delivered once per
 * request_id; a stream sends many messages under one request_id, so each message counts by
 * its content.
 */
export function deliveryKey(payload: CallbackPayload): string | undefined {
	if (payload.kind !== 'streaming') return payload.requestId;
	const digest = createHash('sha256')
		.update(JSON.stringify(payload.body))
		.digest('hex')
		.slice(0, 32);
	return `${payload.requestId ?? payload.type}#${digest}`;
}
