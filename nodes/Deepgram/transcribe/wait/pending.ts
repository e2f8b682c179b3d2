import type {
	IDataObject,
	IExecuteData,
	IExecuteFunctions,
	IWebhookFunctions,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { TranscriptOutput } from '../request';

/** What the waiting node needs to know when a callback arrives. */
export interface PendingCallback {
	requestId: string;
	/** The submission's idempotency key: a second job Deepgram accepted for it resumes too. */
	idempotencyKey?: string;
	output: TranscriptOutput;
	checkDgToken: boolean;
	/** Looked up before sending when dg-token is checked and the credential names no API Key ID. */
	apiKeyId?: string;
}

/** Where the pending callback rides in the timeout error's context. */
const PENDING_KEY = 'deepgramCallback';

/**
 * The error the node fails with if no callback resumes it in time. It names the request_id and
 * carries the pending callback, so one saved value says both what the node waits for and how it
 * ends without it.
 */
export function timeoutError(
	context: IExecuteFunctions,
	pending: PendingCallback,
	limitText: string,
	waitTill: Date,
): NodeOperationError {
	const error = new NodeOperationError(
		context.getNode(),
		`No callback from Deepgram for request_id ${pending.requestId} within ${limitText}`,
		{
			itemIndex: 0,
			description: `The execution waited until ${waitTill.toISOString()}. Deepgram finishes Nova jobs within 10 minutes (Whisper: 20) and retries a refused delivery 10 times, 30 seconds apart. Check that Deepgram can reach n8n's resume URL (N8N_WEBHOOK_URL on port 80, 443, 8080 or 8443) and that the credential's Basic Auth and callback secret did not change meanwhile, or raise the Time Limit. Deepgram's error callbacks carry no callback secret: with a Callback Secret and no Basic Auth in the credential they cannot be verified, so a failed job ends here too. Deepgram Usage by Tag → Get Request shows whether and how Deepgram delivered the callback.`,
		},
	);
	error.context[PENDING_KEY] = { ...pending } as unknown as IDataObject;
	return error;
}

/**
 * Puts the execution to wait. The timeout error goes on the node's entry in n8n's execution
 * stack, which n8n saves with the waiting execution, as `metadata.resumeError`: n8n's own "fail
 * this node with this error when the execution resumes" (written for sub-workflows). When the time
 * limit passes, n8n resumes the execution and, instead of passing the node's input on, fails the
 * node with it (with Continue On Fail: outputs `{ error }`).
 */
export async function waitForCallback(
	this: IExecuteFunctions,
	error: NodeOperationError,
	waitTill: Date,
): Promise<void> {
	this.setMetadata({ resumeError: error });
	await this.putExecutionToWait(waitTill);
}

/**
 * n8n-core 2.41's WebhookContext keeps the entry of the node being resumed as `executeData`; the
 * IWebhookFunctions interface does not expose it. It is the same object n8n then resumes the node
 * with, so changing its metadata decides how the node ends.
 */
function resumingEntry(context: IWebhookFunctions): IExecuteData | undefined {
	return (context as unknown as { executeData?: IExecuteData }).executeData;
}

function isPending(value: unknown): value is PendingCallback {
	const pending = value as Partial<PendingCallback> | undefined;
	return (
		typeof pending?.requestId === 'string' &&
		typeof pending.output === 'object' &&
		pending.output !== null
	);
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
	const entry = resumingEntry(context);
	const metadata = entry?.metadata;
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
