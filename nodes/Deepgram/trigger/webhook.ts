import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { answerCallback, rejectCallback } from '../shared/callbackAnswer';
import { verifyCallback } from '../shared/callbackSecurity';
import { CREDENTIAL_TYPE } from '../shared/constants';
import { classifyPayload, jsonObjectBody } from '../shared/payload';
import type { DeepgramCredentials } from '../shared/types';
import { DEFAULT_REMEMBERED_DELIVERIES, DeliveryMemory } from './dedup';
import { payloadItem } from './items';
import { deliveryKey } from './payload';
import { lookedUpKeyId, triggerState } from './state';
import { planVerification, VERIFY_NONE, type VerificationChoice } from './verification';

interface TriggerOptions {
	deduplicate?: boolean;
	rememberedDeliveries?: number;
	onlyFinalResults?: boolean;
}

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
 * One delivery: check the body is JSON, verify it with every configured method, then start the
 * workflow once per delivery (Results or Errors output), answering 2xx to anything verified.
 *
 * The node answers every request itself. n8n 2.41 saves a webhook's static data in its response
 * callback, and only while the data is still marked changed; starting an execution clears that
 * mark first, so when n8n answers after starting the run (onReceived) the memory of deliveries is
 * lost. Answering first keeps it.
 */
export async function receiveCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const choice = this.getNodeParameter('verification') as VerificationChoice;
	const state = triggerState(this);
	const credentials =
		choice === VERIFY_NONE
			? undefined
			: await this.getCredentials<DeepgramCredentials>(CREDENTIAL_TYPE);
	const plan = planVerification({
		choice,
		checkDgToken: this.getNodeParameter('checkDgToken', false) as boolean,
		credentials,
		lookedUpKeyId: credentials ? lookedUpKeyId(state, credentials) : undefined,
	});
	if (!plan.ok) return rejectCallback(this, 403, plan.reason);

	const request = this.getRequestObject();
	const parsed = jsonObjectBody(request.body as unknown);
	if (!parsed.ok) return rejectCallback(this, 400, parsed.reason);

	const verdict = verifyCallback(
		{ headers: request.headers, body: parsed.body },
		plan.methods,
		plan.security,
	);
	if (!verdict.ok) {
		return rejectCallback(
			this,
			verdict.status,
			verdict.reason,
			verdict.status === 401 && verdict.method === 'basicAuth',
		);
	}

	const payload = classifyPayload(parsed.body);
	if (payload.kind === 'invalid') return rejectCallback(this, 400, payload.reason);

	const options = this.getNodeParameter('options', {}) as TriggerOptions;
	if (options.onlyFinalResults && payload.kind === 'streaming' && !payload.isFinal) {
		return acknowledge(this, 'not a final streaming result', payload.requestId);
	}

	const key = options.deduplicate === false ? undefined : deliveryKey(payload);
	if (key !== undefined) {
		const memory = new DeliveryMemory(
			state.deliveries,
			options.rememberedDeliveries ?? DEFAULT_REMEMBERED_DELIVERIES,
		);
		if (memory.has(key)) return acknowledge(this, 'already delivered', payload.requestId);
		// A new list (not an in-place push) so n8n sees the static data changed and saves it.
		state.deliveries = memory.remember(key);
	}

	const item: IDataObject = payloadItem(
		payload,
		this.getNodeParameter('simplify', true) as boolean,
	);
	const items = [{ json: item }];
	return answerCallback(
		this,
		200,
		{ received: true, started: true, request_id: payload.requestId ?? null },
		payload.kind === 'error' ? [[], items] : [items, []],
	);
}
