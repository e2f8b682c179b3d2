import type {
	IDataObject,
	IExecuteData,
	IExecuteFunctions,
	IWebhookFunctions,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { PENDING_KEY, isPending, type PendingCallback } from './pending';

/**
 * Everything Wait for Callback relies on in n8n beyond its documented node API, in one place,
 * checked at run time. Written for n8n 2.41 (tested with 2.41.1):
 * - `setMetadata({ resumeError })` keeps the error on the node's entry in the execution stack,
 *   which n8n saves with the waiting execution and, on resume, fails the node with (n8n's own
 *   mechanism for sub-workflows): how the time limit fails the node.
 * - n8n-core's WebhookContext keeps that entry as `executeData`; the node's webhook reads the
 *   pending callback from it and decides how the node ends by changing its metadata.
 */
export const SUPPORTED_N8N = 'n8n 2.41 (tested with 2.41.1)';

function unsupported(context: IExecuteFunctions, what: string): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`Wait for Callback cannot run on this n8n: ${what}. Nothing was sent to Deepgram`,
		{
			description: `Wait for Callback relies on how ${SUPPORTED_N8N} keeps waiting executions. Use Results Processing "Send to Callback URL" with a Deepgram Callback Trigger instead, or an n8n version the package supports.`,
		},
	);
}

/**
 * Sets up the wait before anything is sent: the timeout error goes on the node's stack entry, and
 * this n8n must keep exactly that object there (so the pending callback filled in after Deepgram's
 * answer is the one n8n saves). Throws, before sending, when it does not.
 */
export function armWait(context: IExecuteFunctions, timeout: NodeOperationError): void {
	if (
		typeof context.setMetadata !== 'function' ||
		typeof context.putExecutionToWait !== 'function'
	) {
		throw unsupported(context, 'it offers no setMetadata or putExecutionToWait to nodes');
	}
	context.setMetadata({ resumeError: timeout });
	if (context.getExecuteData().metadata?.resumeError !== timeout) {
		throw unsupported(context, 'it does not keep a node’s metadata on its execution entry');
	}
}

/** A send that failed after armWait: the node does not wait, so nothing may fail it on resume. */
export function disarmWait(context: IExecuteFunctions): void {
	const metadata = context.getExecuteData().metadata;
	if (metadata) delete metadata.resumeError;
}

function resumingEntry(context: IWebhookFunctions): IExecuteData | undefined {
	return (context as unknown as { executeData?: IExecuteData }).executeData;
}

export interface WaitingNode {
	pending: PendingCallback;
	/** Resume with the items the webhook returns: the timeout error is dropped. */
	succeed(): void;
	/** Resume by failing the node with `error` (a failed Deepgram job). */
	fail(error: NodeOperationError | NodeApiError): void;
}

/** The waiting node's pending callback, or undefined when this n8n does not show it to the webhook. */
export function waitingNode(context: IWebhookFunctions): WaitingNode | undefined {
	const metadata = resumingEntry(context)?.metadata;
	const pending = (metadata?.resumeError?.context as IDataObject | undefined)?.[PENDING_KEY];
	if (!metadata || !isPending(pending)) return undefined;
	return {
		pending,
		succeed: () => {
			delete metadata.resumeError;
		},
		fail: (error) => {
			metadata.resumeError = error;
		},
	};
}
