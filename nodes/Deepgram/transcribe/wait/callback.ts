import type { IDataObject } from 'n8n-workflow';

import { echoedExtra } from '../../shared/callbackSecurity';
import {
	verifyCallbackRequest,
	type CallbackRequest,
	type CallbackVerification,
} from '../../shared/callbackVerification';
import { IDEMPOTENCY_KEY } from '../../shared/constants';
import type { ListenResult } from '../../shared/results';
import type { DeepgramCredentials } from '../../shared/types';
import type { PendingCallback } from './pending';

/** What to do with a call to the resume URL. Only `resume` and `fail` resume the execution. */
export type CallbackDecision =
	| { action: 'reject'; refusal: Extract<CallbackVerification, { ok: false }> }
	| { action: 'acknowledge'; reason: string; requestId?: string }
	| { action: 'resume'; requestId: string; result: ListenResult & IDataObject }
	| { action: 'fail'; requestId: string; body: IDataObject };

/**
 * Verifies a call exactly as the Callback Trigger does (shared/callbackVerification.ts), then
 * correlates it: only Deepgram's answer for the submission this execution waits for resumes it —
 * its request_id, or (a result for a job Deepgram accepted twice when a 5xx was retried) its
 * idempotency key. An authentic callback for another request (a late one from an earlier wait of
 * the same execution, in a loop) is acknowledged, so Deepgram stops retrying it. Pure; never throws.
 */
export function decideCallback(
	pending: PendingCallback,
	credentials: DeepgramCredentials,
	request: CallbackRequest,
): CallbackDecision {
	const verified = verifyCallbackRequest(
		{
			credentials,
			checkDgToken: pending.checkDgToken,
			lookedUpKeyId: pending.apiKeyId,
			refuseStreaming: 'a streaming message is not the result of a pre-recorded transcription',
		},
		request,
	);
	if (!verified.ok) return { action: 'reject', refusal: verified };
	const { payload } = verified;
	const ours =
		payload.requestId === pending.requestId ||
		(pending.idempotencyKey !== undefined &&
			echoedExtra(payload.body, IDEMPOTENCY_KEY) === pending.idempotencyKey);
	if (!ours || payload.requestId === undefined) {
		return {
			action: 'acknowledge',
			reason: 'not the request this execution is waiting for',
			requestId: payload.requestId,
		};
	}
	return payload.kind === 'prerecorded'
		? { action: 'resume', requestId: payload.requestId, result: payload.body }
		: { action: 'fail', requestId: payload.requestId, body: payload.body };
}
