import type {
	IDataObject,
	INode,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { answerCallback, refuseCallback } from '../../shared/callbackReply';
import { credentialSecrets } from '../../shared/credentialSecrets';
import { CREDENTIAL_TYPE } from '../../shared/constants';
import { parseDeepgramError } from '../../shared/errors';
import { redactSecrets } from '../../shared/redact';
import type { DeepgramCredentials } from '../../shared/types';
import { transcriptJson } from '../output';
import { decideCallback } from './callback';
import { SUPPORTED_N8N, waitingNode } from './n8nWaiting';
import { WAIT_WEBHOOK_PATH } from './resumeUrl';

/**
 * The resume URL's webhook (n8n's waiting-webhook mechanism, as the Wait node's "On Webhook Call"):
 * a restart webhook exists only while an execution waits at this node, under that execution's
 * URL. n8n registers nothing for it when a workflow is published, so the node has no webhook
 * lifecycle methods; Deepgram has no webhook to register either.
 */
export const waitWebhooks: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		path: WAIT_WEBHOOK_PATH,
		restartWebhook: true,
	},
];

/** A failed job: Deepgram posts its error instead of a transcript. */
function deepgramJobError(
	node: INode,
	requestId: string,
	body: IDataObject,
	secrets: readonly string[],
): NodeOperationError {
	// A callback has no HTTP status of its own: only Deepgram's code and message count.
	const { code, message } = parseDeepgramError(0, body);
	return new NodeOperationError(
		node,
		redactSecrets(
			`Deepgram could not transcribe request_id ${requestId}: ${message}${code ? ` [${code}]` : ''}`,
			secrets,
		),
		{
			itemIndex: 0,
			description:
				'Deepgram sent this error in its callback instead of a transcript. Check the audio (a supported format; a URL Deepgram can download) and the options, then run the node again.',
		},
	);
}

async function handleCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const waiting = waitingNode(this);
	if (!waiting) {
		// Deepgram retries; the log says why nothing resumes (the time limit still ends the wait).
		this.logger.error(
			`Deepgram Transcribe: this n8n does not show the waiting node what it waits for; Wait for Callback supports ${SUPPORTED_N8N}`,
		);
		return answerCallback(this, 500, {
			code: 500,
			message: 'Callback not handled: this n8n version does not show the node what it waits for',
		});
	}
	const credentials = await this.getCredentials<DeepgramCredentials>(CREDENTIAL_TYPE);
	const request = this.getRequestObject();
	const decision = decideCallback(waiting.pending, credentials, {
		headers: request.headers,
		rawHeaders: request.rawHeaders,
		body: request.body as unknown,
	});
	if (decision.action === 'reject') return refuseCallback(this, decision.refusal);
	if (decision.action === 'acknowledge') {
		return answerCallback(this, 200, {
			received: true,
			resumed: false,
			reason: decision.reason,
			request_id: decision.requestId ?? null,
		});
	}
	const pairedItem = { item: 0 };
	let json: IDataObject = {};
	if (decision.action === 'resume') {
		waiting.succeed();
		json = transcriptJson(decision.result, waiting.pending.output);
	} else {
		waiting.fail(
			deepgramJobError(
				this.getNode(),
				decision.requestId,
				decision.body,
				credentialSecrets(credentials),
			),
		);
	}
	return answerCallback(
		this,
		200,
		{ received: true, resumed: true, request_id: decision.requestId },
		[[{ json, pairedItem }]],
	);
}

/**
 * A call to this execution's resume URL. Only Deepgram's verified answer for the awaited request
 * resumes the execution: with the transcript, or failing the node when Deepgram reports an error.
 * Everything else is answered and leaves the execution waiting.
 */
export async function resumeOnCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	try {
		return await handleCallback.call(this);
	} catch (error) {
		// A webhook that throws makes n8n resume the execution with the error. Answering 500 keeps
		// it waiting, and Deepgram retries the delivery.
		this.logger.warn(
			`Deepgram Transcribe: a callback could not be handled: ${(error as Error).message}`,
		);
		return answerCallback(this, 500, {
			code: 500,
			message: 'Callback not handled: the node could not read it; Deepgram will retry',
		});
	}
}
