import type { IDataObject } from 'n8n-workflow';

import {
	callbackChecks,
	verifyCallback,
	type CallbackRequest,
} from '../../shared/callbackSecurity';
import { classifyPayload, jsonObjectBody } from '../../shared/payload';
import type { ListenResult } from '../../shared/results';
import type { DeepgramCredentials } from '../../shared/types';
import type { PendingCallback } from './pending';

/** What to do with a call to the resume URL. Only `resume` and `fail` resume the execution. */
export type CallbackDecision =
	| { action: 'reject'; status: 400 | 401 | 403; reason: string; basicAuthChallenge: boolean }
	| { action: 'acknowledge'; reason: string; requestId?: string }
	| { action: 'resume'; requestId: string; result: ListenResult & IDataObject }
	| { action: 'fail'; requestId: string; body: IDataObject };

function reject(
	status: 400 | 401 | 403,
	reason: string,
	basicAuthChallenge = false,
): CallbackDecision {
	return { action: 'reject', status, reason, basicAuthChallenge };
}

/**
 * Verifies a call exactly as the Callback Trigger does (every method the credential sets, plus
 * dg-token when asked for), then correlates it: only Deepgram's answer for the request this
 * execution waits for resumes it. An authentic callback for another request (a late one from an
 * earlier wait of the same execution, in a loop) is acknowledged, so Deepgram stops retrying it.
 * Pure; never throws.
 */
export function decideCallback(
	pending: PendingCallback,
	credentials: DeepgramCredentials,
	request: CallbackRequest,
): CallbackDecision {
	const checks = callbackChecks(credentials, {
		checkDgToken: pending.checkDgToken,
		lookedUpKeyId: pending.apiKeyId,
	});
	if (!checks.ok) {
		return reject(
			403,
			checks.missing === 'apiKeyId'
				? 'the API key identifier for the dg-token check is unknown: set API Key ID in the Deepgram API credential'
				: 'the Deepgram API credential sets no callback security any more: set its Callback Secret or Basic Auth user and password again',
		);
	}
	const parsed = jsonObjectBody(request.body);
	if (!parsed.ok) return reject(400, parsed.reason);
	const verdict = verifyCallback(
		{ headers: request.headers, body: parsed.body },
		checks.methods,
		checks.security,
	);
	if (!verdict.ok) {
		return reject(
			verdict.status,
			verdict.reason,
			verdict.status === 401 && verdict.method === 'basicAuth',
		);
	}
	const payload = classifyPayload(parsed.body);
	if (payload.kind === 'invalid') return reject(400, payload.reason);
	if (payload.kind === 'streaming') {
		return reject(400, 'a streaming message is not the result of a pre-recorded transcription');
	}
	if (payload.requestId !== pending.requestId) {
		return {
			action: 'acknowledge',
			reason: 'not the request this execution is waiting for',
			requestId: payload.requestId,
		};
	}
	return payload.kind === 'prerecorded'
		? { action: 'resume', requestId: pending.requestId, result: payload.body }
		: { action: 'fail', requestId: pending.requestId, body: payload.body };
}
