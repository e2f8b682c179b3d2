import { createHash } from 'crypto';

import { echoedExtra } from '../shared/callbackSecurity';
import { IDEMPOTENCY_KEY } from '../shared/constants';
import type { CallbackPayload } from '../shared/callbackPayload';

/**
 * What a redelivery repeats; one key in common makes it a redelivery. A pre-recorded job is
 * delivered once per request_id, and a job Deepgram accepted twice for one submission (a retried
 * 5xx) shares the submission's idempotency key; a stream sends many messages under one request_id,
 * so each message counts by its content.
 */
export function deliveryKeys(payload: CallbackPayload): string[] {
	if (payload.kind !== 'streaming') {
		const submission = echoedExtra(payload.body, IDEMPOTENCY_KEY);
		const byRequest = payload.requestId ? [payload.requestId] : [];
		return submission ? [...byRequest, `${IDEMPOTENCY_KEY}:${submission}`] : byRequest;
	}
	const digest = createHash('sha256')
		.update(JSON.stringify(payload.body))
		.digest('hex')
		.slice(0, 32);
	return [`${payload.requestId ?? payload.type}#${digest}`];
}
