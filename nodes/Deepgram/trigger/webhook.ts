import type { INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { answerCallback, refuseCallback } from '../shared/callbackReply';
import { credentialSecrets } from '../shared/credentialSecrets';
import { verifyCallbackRequest } from '../shared/callbackVerification';
import { CREDENTIAL_TYPE } from '../shared/constants';
import type { CallbackPayload } from '../shared/callbackPayload';
import { redactSecrets } from '../shared/redact';
import type { DeepgramCredentials } from '../shared/types';
import {
	acknowledgeChoice,
	ACK_FINISHED,
	claimFinishedRun,
	refuseWhileRunning,
} from './acknowledge';
import { claimDelivery, savedDeliveries, type DeliveryClaim } from './deliveryMemory';
import { payloadItem } from './items';
import { triggerOptions, type TriggerOptions } from './options';
import { deliveryKeys } from './deliveryKeys';
import { lookedUpKeyId, triggerState } from './state';
import { VERIFY_NONE, type VerificationChoice } from './verificationChoice';

/** A 2xx without an execution, so Deepgram stops retrying a delivery that needs no run. */
function acknowledge(
	context: IWebhookFunctions,
	reason: string,
	requestId: string | undefined,
): IWebhookResponseData {
	return answerCallback(context, 200, {
		received: true,
		started: false,
		reason,
		request_id: requestId ?? null,
	});
}

/**
 * Options an expression made invalid: nothing can be decided, so Deepgram should retry later. The
 * caller is not authenticated yet, so the answer names nothing; n8n's log says which field.
 */
function readOptions(context: IWebhookFunctions): TriggerOptions | IWebhookResponseData {
	try {
		return triggerOptions(context);
	} catch (error) {
		const message = (error as Error).message;
		context.logger.error(`Deepgram Callback Trigger "${context.getNode().name}": ${message}`);
		return answerCallback(context, 500, {
			code: 500,
			message: 'Callback not handled: an option of the trigger is invalid; n8n’s log says which',
		});
	}
}

/** What a delivery starts: the Results output, or the Errors output for Deepgram's error payload. */
function workflowData(
	context: IWebhookFunctions,
	payload: CallbackPayload,
): INodeExecutionData[][] {
	const items = [
		{ json: payloadItem(payload, context.getNodeParameter('simplify', true) as boolean) },
	];
	return payload.kind === 'error' ? [[], items] : [items, []];
}

/**
 * One delivery: verify it (shared/callbackVerification.ts), then start the workflow once per
 * delivery (Results or Errors output), answering 2xx to anything verified.
 *
 * The node answers every request itself. n8n 2.41 saves a webhook's static data in its response
 * callback, and only while the data is still marked changed; starting an execution clears that
 * mark first, so when n8n answers after starting the run (onReceived) the memory of deliveries is
 * lost. Answering first keeps it.
 *
 * Acknowledge "When the Workflow Has Finished" is the exception: n8n answers after the run
 * (acknowledge.ts), so static data written for a run is lost, and runClaims.ts remembers instead.
 */
export async function receiveCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const options = readOptions(this);
	if (!('deduplicate' in options)) return options;
	const unverified = (this.getNodeParameter('verification') as VerificationChoice) === VERIFY_NONE;
	const state = triggerState(this);
	const credentials = unverified
		? undefined
		: await this.getCredentials<DeepgramCredentials>(CREDENTIAL_TYPE);
	const request = this.getRequestObject();
	const verified = verifyCallbackRequest(
		{
			unverified,
			credentials,
			checkDgToken: this.getNodeParameter('checkDgToken', false) as boolean,
			lookedUpKeyId: credentials ? lookedUpKeyId(state, credentials) : undefined,
			refuseStreaming: options.streamingMessages
				? undefined
				: 'a streaming message, and this trigger takes none: turn on its Receive Streaming Messages option',
		},
		{ headers: request.headers, rawHeaders: request.rawHeaders, body: request.body as unknown },
	);
	if (!verified.ok) return refuseCallback(this, verified);
	const { payload } = verified;

	if (options.onlyFinalResults && payload.kind === 'streaming' && !payload.isFinal) {
		return acknowledge(this, 'not a final streaming result', payload.requestId);
	}

	if (acknowledgeChoice(this) === ACK_FINISHED) {
		// One key per job: the submission's idempotency key when the Transcribe node sent it (a job
		// Deepgram accepted twice is one run), else the request_id.
		const finishedKey = deliveryKeys(payload).at(-1);
		const run = finishedKey ? claimFinishedRun(this, finishedKey, state, options) : 'run';
		if (run === 'done') return acknowledge(this, 'already delivered', payload.requestId);
		if (run === 'running') return refuseWhileRunning(this, payload.requestId);
		// No answer here: n8n answers when the run ends (200 empty, or 500 when it failed).
		return { workflowData: workflowData(this, payload) };
	}

	const keys = options.deduplicate ? deliveryKeys(payload) : [];
	let claim: DeliveryClaim | undefined;
	if (keys.length > 0) {
		const node = this.getNode();
		const now = Date.now();
		claim = claimDelivery(
			`${this.getWorkflow().id ?? ''}/${node.id ?? node.name}`,
			keys,
			savedDeliveries(state.remembered, state.deliveries, now),
			options.rememberedDeliveries,
			now,
		);
		if (!claim) return acknowledge(this, 'already delivered', payload.requestId);
	}

	try {
		const started = workflowData(this, payload);
		if (claim) {
			// A new list (not an in-place push) so n8n sees the static data changed and saves it.
			state.remembered = claim.saved;
			if (state.deliveries !== undefined) delete state.deliveries;
		}
		return answerCallback(
			this,
			200,
			{ received: true, started: true, request_id: payload.requestId ?? null },
			started,
		);
	} catch (error) {
		// Nothing starts: forget the claim so Deepgram's redelivery (after this 500) starts the run.
		claim?.release();
		const reason = (error as Error).message;
		this.logger.error(
			`Deepgram Callback Trigger "${this.getNode().name}": the workflow could not be started for request_id ${payload.requestId ?? 'unknown'}: ${credentials ? redactSecrets(reason, credentialSecrets(credentials)) : reason}`,
		);
		return answerCallback(this, 500, {
			code: 500,
			message: 'Callback not handled: the workflow could not be started; Deepgram will retry',
		});
	}
}
