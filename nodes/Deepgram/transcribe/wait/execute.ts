import type { IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { accessFrom } from '../../shared/access';
import { callbackChecks, callbackSecurityFrom } from '../../shared/callbackSecurity';
import { CREDENTIAL_TYPE } from '../../shared/constants';
import { errorJson, itemError, stoppingError } from '../../shared/itemErrors';
import { lookUpApiKeyId } from '../../shared/apiKeyId';
import type { DeepgramCredentials } from '../../shared/types';
import type { TimeLimitUnit } from '../choices';
import { callbackJson } from '../output';
import { prepareRequest } from '../request';
import { sendRequest } from '../send';
import { submissionScope } from '../submissionKey';
import { armWait, disarmWait } from './n8nWaiting';
import { describeTimeout, timeoutError, type PendingCallback } from './pending';
import { resumeTarget } from './resumeUrl';
import { describeTimeLimit, timeLimitMs, type TimeLimit } from './timeLimit';

function tooManyItems(node: INode, count: number): NodeOperationError {
	return new NodeOperationError(
		node,
		`Wait for Callback transcribes one item per execution, and ${count} items arrived`,
		{
			description:
				'Put a Loop Over Items node (batch size 1) before this node to transcribe the items one after another, or use Results Processing "Send to Callback URL" with a Deepgram Callback Trigger to transcribe them in parallel.',
		},
	);
}

/**
 * Without callback security every callback, Deepgram's included, would be refused and the
 * execution could only time out: refused before anything is sent.
 */
function noCallbackSecurity(node: INode): NodeOperationError {
	return new NodeOperationError(
		node,
		'Wait for Callback needs callback security: the Deepgram API credential sets no Callback Secret and no Basic Auth user and password',
		{
			description:
				'Set a Callback Secret, or a Basic Auth user and password, in the Deepgram API credential: the callback that resumes the execution must carry them.',
		},
	);
}

async function sendAndWait(
	this: IExecuteFunctions,
	item: INodeExecutionData,
): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const credentials = await this.getCredentials<DeepgramCredentials>(CREDENTIAL_TYPE);
	if (!callbackChecks(credentials, { checkDgToken: false }).ok) throw noCallbackSecurity(node);
	const limit: TimeLimit = {
		amount: this.getNodeParameter('timeLimit', 0) as number,
		unit: this.getNodeParameter('timeLimitUnit', 0) as TimeLimitUnit,
	};
	const limitMs = timeLimitMs(node, limit);
	const request = prepareRequest.call(
		this,
		0,
		item,
		{ security: callbackSecurityFrom(credentials), scope: submissionScope.call(this) },
		resumeTarget.call(this),
	);
	const checkDgToken = this.getNodeParameter('checkDgToken', 0, false) as boolean;
	const apiKeyId =
		checkDgToken && !credentials.apiKeyId?.trim() ? await lookUpApiKeyId.call(this) : undefined;

	// The wait is set up, and n8n checked, before anything reaches Deepgram.
	const timeout = timeoutError(this);
	armWait(this, timeout);
	let answer;
	try {
		answer = await sendRequest.call(this, accessFrom(credentials), request);
	} catch (error) {
		disarmWait(this);
		throw itemError(node, error, 0);
	}
	// The transport accepts only an answer with a request_id.
	const accepted = callbackJson(answer, request.callback!);
	const pending: PendingCallback = {
		requestId: accepted.request_id as string,
		idempotencyKey: request.callback!.idempotency_key,
		output: request.output,
		checkDgToken,
		...(apiKeyId ? { apiKeyId } : {}),
	};
	const waitTill = new Date(Date.now() + limitMs);
	describeTimeout(timeout, pending, describeTimeLimit(limit), waitTill);
	await this.putExecutionToWait(waitTill);
	// Shown while the execution waits; the callback's transcript replaces it.
	const json = { ...accepted, wait_till: waitTill.toISOString() };
	return [[{ json, pairedItem: { item: 0 } }]];
}

/**
 * Wait for Callback: sends the item's request with this execution's resume URL as `callback`,
 * then puts the execution to wait until Deepgram's verified callback resumes it (see webhook.ts)
 * or the time limit fails the node.
 */
export async function transcribeAndWait(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const items = this.getInputData();
	if (items.length === 0) return [[]];
	if (items.length > 1) {
		const error = tooManyItems(node, items.length);
		if (!this.continueOnFail()) throw error;
		return [
			items.map((_, item) => ({
				json: errorJson(itemError(node, error, item)),
				pairedItem: { item },
			})),
		];
	}
	try {
		return await sendAndWait.call(this, items[0]);
	} catch (error) {
		if (!this.continueOnFail()) throw stoppingError(node, error, 0);
		return [[{ json: errorJson(itemError(node, error, 0)), pairedItem: { item: 0 } }]];
	}
}
