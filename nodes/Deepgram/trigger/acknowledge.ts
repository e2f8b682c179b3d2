import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { answerCallback } from '../shared/callbackReply';
import type { NumberRule } from '../shared/numbers';
import { observeAnswer, type ObservedResponse } from './answerObserver';
import { claimRun, doneKeys } from './runClaims';
import type { TriggerOptions } from './options';
import type { TriggerState } from './state';

/** The trigger's Acknowledge choices. */
export const ACK_RECEIVED = 'received';
export const ACK_FINISHED = 'finished';
export type AcknowledgeChoice = typeof ACK_RECEIVED | typeof ACK_FINISHED;

export const DEFAULT_RUN_LEASE_SECONDS = 180;

export const RUN_LEASE: NumberRule = { field: 'Run Lease (Seconds)', min: 10, max: 600 };

export function acknowledgeChoice(context: IWebhookFunctions): AcknowledgeChoice {
	return context.getNodeParameter('acknowledge', ACK_RECEIVED) === ACK_FINISHED
		? ACK_FINISHED
		: ACK_RECEIVED;
}

/**
 * Claims the run for a delivery acknowledged after its run (runClaims.ts). A run's answer is
 * observed to settle the claim; a request the node answers itself writes the keys known to have
 * succeeded to static data, the only requests for which n8n saves it.
 */
export function claimFinishedRun(
	context: IWebhookFunctions,
	key: string,
	state: TriggerState,
	{ rememberedDeliveries, runLeaseSeconds }: TriggerOptions,
): 'run' | 'running' | 'done' {
	const node = context.getNode();
	const scope = `${context.getWorkflow().id ?? ''}/${node.id ?? node.name}`;
	const claim = claimRun(
		scope,
		key,
		state.finished,
		Date.now(),
		runLeaseSeconds * 1000,
		rememberedDeliveries,
	);
	if (claim.state === 'run') {
		observeAnswer(context.getResponseObject() as unknown as ObservedResponse, claim.settle);
		return 'run';
	}
	const known = doneKeys(scope, state.finished, rememberedDeliveries);
	const saved = state.finished ?? [];
	if (known.length !== saved.length || known.some((entry, index) => entry !== saved[index])) {
		// A new list (not an in-place change) so n8n sees the static data changed and saves it.
		state.finished = known;
	}
	return claim.state;
}

/** A copy of a delivery whose run is in progress: no 2xx, so Deepgram delivers it again later. */
export function refuseWhileRunning(
	context: IWebhookFunctions,
	requestId: string | undefined,
): IWebhookResponseData {
	return answerCallback(context, 409, {
		code: 409,
		message: 'A run for this delivery is in progress; deliver it again later',
		request_id: requestId ?? null,
	});
}
