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
import { acceptedJobs } from './acceptedJobs';
import { acceptedSummary, reusedJson, stoppedError } from './batchReport';
import { DEFAULT_MAX_CONCURRENT, MAX_CONCURRENT } from './choices';
import { callbackJson, transcriptJson } from './output';
import { prepareRequest, type PreparedRequest, type Sender } from './request';
import { ownWebhookBase } from './routingKey';
import { ConcurrencyLimit, Requeue, runWithinLimit, sharedLimitFor } from './scheduler';
import { sendWithinBatch } from './send';
import { submissionScope } from './submissionKey';

/**
 * One item's request; a 429 goes back to the scheduler, and the item's retry budget carries
 * over to its next send through `states` (less the time it then spent queued for a slot). What
 * Deepgram accepted is remembered at once, so a retry of the node never sends it again.
 */
async function send(
	this: IExecuteFunctions,
	access: DeepgramAccess,
	request: PreparedRequest,
	states: Map<number, RetryState>,
	queuedMs: number,
): Promise<IDataObject | Requeue> {
	const state = states.get(request.itemIndex);
	if (state) state.queuedMs += queuedMs;
	const answer = await sendWithinBatch.call(this, access, request, state);
	if ('rateLimited' in answer) {
		states.set(request.itemIndex, answer.state);
		return new Requeue(answer.delayMs);
	}
	const json = request.callback
		? callbackJson(answer, request.callback)
		: transcriptJson(answer.body as ListenResult, request.output);
	acceptedJobs.remember(request.key, json);
	return json;
}

/** The node's concurrency settings: read once, from the first item. */
function limitSettings(this: IExecuteFunctions): { max: number; adaptive: boolean } {
	const { adaptiveConcurrency = true, maxConcurrent = DEFAULT_MAX_CONCURRENT } =
		this.getNodeParameter('requestOptions', 0, {}) as {
			adaptiveConcurrency?: boolean;
			maxConcurrent?: unknown;
		};
	// An expression can give anything; NaN here would let no request start, ever.
	const max = checkNumber(this.getNode(), MAX_CONCURRENT, maxConcurrent);
	return { max, adaptive: adaptiveConcurrency };
}

/**
 * Every item is read and checked first, so a mistake stops the node before anything is sent
 * (or, with Continue On Fail, fails only its item); items Deepgram already accepted under the
 * same submission key are answered from memory; then the rest go out concurrently. Outputs keep
 * the input order, one per item. Stop ends the batch: nothing more is sent.
 */
export async function transcribe(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const signal = this.getExecutionCancelSignal();
	// Read once: every request of the batch reuses it.
	const credentials = await this.getCredentials<DeepgramCredentials>(CREDENTIAL_TYPE);
	const access = accessFrom(credentials);
	const sender: Sender = {
		security: callbackSecurityFrom(credentials),
		scope: submissionScope.call(this),
		webhookBase: ownWebhookBase.call(this),
	};
	const results: IDataObject[] = new Array(items.length);

	let settings: { max: number; adaptive: boolean };
	try {
		settings = limitSettings.call(this);
	} catch (error) {
		// A node-wide setting: with Continue On Fail every item fails with it, none passes unchanged.
		if (!continueOnFail) throw new NodeOperationError(node, error as Error);
		const json = errorJson(itemError(node, error, 0));
		return [items.map((_, itemIndex) => ({ json: { ...json }, pairedItem: { item: itemIndex } }))];
	}

	// One request per submission key: the first item with a key is sent, later ones share it.
	const answeredBy: Array<[itemIndex: number, request: PreparedRequest]> = [];
	const byKey = new Map<string, PreparedRequest>();
	for (const [itemIndex, item] of items.entries()) {
		let request: PreparedRequest;
		try {
			request = prepareRequest.call(this, itemIndex, item, sender);
		} catch (error) {
			if (!continueOnFail) throw stoppingError(node, error, itemIndex);
			results[itemIndex] = errorJson(itemError(node, error, itemIndex));
			continue;
		}
		const earlier = acceptedJobs.find(request.key);
		if (earlier) {
			results[itemIndex] = reusedJson(earlier);
			continue;
		}
		const first = byKey.get(request.key) ?? request;
		byKey.set(request.key, first);
		answeredBy.push([itemIndex, first]);
	}

	const toSend = [...byKey.values()];
	const states = new Map<number, RetryState>();
	const outcomes = await runWithinLimit(
		toSend.length,
		new ConcurrencyLimit(settings.max, settings.adaptive, sharedLimitFor(access.limitKey)),
		async (index, queuedMs) => await send.call(this, access, toSend[index], states, queuedMs),
		{ stopOnError: !continueOnFail, signal },
	);
	const outcomeOf = new Map(toSend.map((request, index) => [request, outcomes[index]]));
	for (const [itemIndex, request] of answeredBy) {
		const outcome = outcomeOf.get(request);
		if (outcome?.ok) {
			results[itemIndex] =
				itemIndex === request.itemIndex ? outcome.value : reusedJson(outcome.value);
		} else if (outcome && continueOnFail && !signal?.aborted) {
			results[itemIndex] = errorJson(itemError(node, outcome.error, itemIndex));
		}
	}

	const accepted = acceptedSummary(results);
	if (signal?.aborted) throw stoppedError(node, accepted, items.length);
	if (!continueOnFail) {
		const failed = outcomes.findIndex((outcome) => outcome && !outcome.ok);
		if (failed !== -1) {
			const outcome = outcomes[failed] as { ok: false; error: unknown };
			const error = stoppingError(node, outcome.error, toSend[failed].itemIndex);
			if (accepted.items > 0) {
				error.description = [error.description, accepted.text].filter(Boolean).join(' ');
			}
			throw error;
		}
	}
	return [results.map((json, itemIndex) => ({ json, pairedItem: { item: itemIndex } }))];
}
