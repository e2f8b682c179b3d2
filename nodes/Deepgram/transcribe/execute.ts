import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { accessFrom, type DeepgramAccess } from '../shared/access';
import { callbackSecurityFrom } from '../shared/callbackSecurity';
import { CREDENTIAL_TYPE } from '../shared/constants';
import { errorJson, itemError, stoppingError } from '../shared/itemErrors';
import type { ListenResult } from '../shared/results';
import type { RetryState } from '../shared/transport';
import type { DeepgramCredentials } from '../shared/types';
import { checkNumber } from '../shared/numbers';
import { DEFAULT_MAX_CONCURRENT, MAX_CONCURRENT } from './choices';
import { callbackJson, transcriptJson } from './output';
import { prepareRequest, type PreparedRequest } from './request';
import { ConcurrencyLimit, Requeue, runWithinLimit } from './scheduler';
import { sendWithinBatch } from './send';

/**
 * One item's request; a 429 goes back to the scheduler, and the item's retry budget carries
 * over to its next send through `states`.
 */
async function send(
	this: IExecuteFunctions,
	access: DeepgramAccess,
	request: PreparedRequest,
	states: Map<number, RetryState>,
): Promise<IDataObject | Requeue> {
	const answer = await sendWithinBatch.call(this, access, request, states.get(request.itemIndex));
	if ('rateLimited' in answer) {
		states.set(request.itemIndex, answer.state);
		return new Requeue(answer.delayMs);
	}
	return request.callback
		? callbackJson(answer, request.callback)
		: transcriptJson(answer.body as ListenResult, request.output);
}

function concurrencyLimit(this: IExecuteFunctions): ConcurrencyLimit {
	// Node-level settings: read once, from the first item.
	const { adaptiveConcurrency = true, maxConcurrent = DEFAULT_MAX_CONCURRENT } =
		this.getNodeParameter('requestOptions', 0, {}) as {
			adaptiveConcurrency?: boolean;
			maxConcurrent?: unknown;
		};
	// An expression can give anything; NaN here would let no request start, ever.
	const max = checkNumber(this.getNode(), MAX_CONCURRENT, maxConcurrent);
	return new ConcurrencyLimit(max, adaptiveConcurrency);
}

/**
 * Every item is read and checked first, so a mistake stops the node before anything is sent
 * (or, with Continue On Fail, fails only its item); then the requests go out concurrently.
 * Outputs keep the input order, one per item.
 */
export async function transcribe(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	// Read once: every request of the batch reuses it.
	const credentials = await this.getCredentials<DeepgramCredentials>(CREDENTIAL_TYPE);
	const security = callbackSecurityFrom(credentials);
	const access = accessFrom(credentials);
	const results: IDataObject[] = new Array(items.length);

	let limit: ConcurrencyLimit;
	try {
		limit = concurrencyLimit.call(this);
	} catch (error) {
		// A node-wide setting: with Continue On Fail every item fails with it, none passes unchanged.
		if (!continueOnFail) throw new NodeOperationError(node, error as Error);
		const json = errorJson(itemError(node, error, 0));
		return [items.map((_, itemIndex) => ({ json: { ...json }, pairedItem: { item: itemIndex } }))];
	}

	const prepared: PreparedRequest[] = [];
	items.forEach((item, itemIndex) => {
		try {
			prepared.push(prepareRequest.call(this, itemIndex, item, security));
		} catch (error) {
			if (!continueOnFail) throw stoppingError(node, error, itemIndex);
			results[itemIndex] = errorJson(itemError(node, error, itemIndex));
		}
	});

	const states = new Map<number, RetryState>();
	const outcomes = await runWithinLimit(
		prepared.length,
		limit,
		async (index) => await send.call(this, access, prepared[index], states),
		{ stopOnError: !continueOnFail },
	);
	outcomes.forEach((outcome, index) => {
		const { itemIndex } = prepared[index];
		if (outcome?.ok) results[itemIndex] = outcome.value;
		else if (outcome && continueOnFail)
			results[itemIndex] = errorJson(itemError(node, outcome.error, itemIndex));
	});
	if (!continueOnFail) {
		const failed = outcomes.findIndex((outcome) => outcome && !outcome.ok);
		if (failed !== -1) {
			const outcome = outcomes[failed] as { ok: false; error: unknown };
			throw stoppingError(node, outcome.error, prepared[failed].itemIndex);
		}
	}
	return [results.map((json, itemIndex) => ({ json, pairedItem: { item: itemIndex } }))];
}
