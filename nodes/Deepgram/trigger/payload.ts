import { createHash } from 'crypto';

import { echoedExtra } from '../shared/callbackSecurity';
import { IDEMPOTENCY_KEY } from '../shared/constants';
import type { CallbackPayload } from '../shared/payload';

/**
 * What a redelivery repeats. A pre-recorded job is delivered once per request_id, and a job
 * Deepgram accepted twice for one submission (a retried 5xx) shares the submission's idempotency
 * key; a stream sends many messages under one request_id, so each message counts by its content.
 */
export function deliveryKey(payload: CallbackPayload): string | undefined {
	if (payload.kind !== 'streaming') {
		const submission = echoedExtra(payload.body, IDEMPOTENCY_KEY);
		return submission ? `${IDEMPOTENCY_KEY}:${submission}` : payload.requestId;
	}
	const digest = createHash('sha256')
		.update(JSON.stringify(payload.body))
		.digest('hex')
		.slice(0, 32);
	return `${payload.requestId ?? payload.type}#${digest}`;
}
