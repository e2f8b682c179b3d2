import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
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
export const PENDING_KEY = 'deepgramCallback';

export function isPending(value: unknown): value is PendingCallback {
	const pending = value as Partial<PendingCallback> | undefined;
	return (
		typeof pending?.requestId === 'string' &&
		pending.requestId !== '' &&
		typeof pending.output === 'object' &&
		pending.output !== null
	);
}

/**
 * The error the node fails with if no callback resumes it in time. Made (and handed to n8n) before
 * the request is sent; `describeTimeout` fills in the request_id and the deadline once Deepgram
 * has answered, so one saved value says both what the node waits for and how it ends without it.
 */
export function timeoutError(context: IExecuteFunctions): NodeOperationError {
	return new NodeOperationError(context.getNode(), 'No callback from Deepgram', { itemIndex: 0 });
}

export function describeTimeout(
	error: NodeOperationError,
	pending: PendingCallback,
	limitText: string,
	waitTill: Date,
): void {
	error.message = `No callback from Deepgram for request_id ${pending.requestId} within ${limitText}`;
	error.description = `The execution waited until ${waitTill.toISOString()}. Deepgram finishes Nova jobs within 10 minutes (Whisper: 20) and retries a refused delivery 10 times, 30 seconds apart. Check that Deepgram can reach n8n's resume URL (N8N_WEBHOOK_URL on port 80, 443, 8080 or 8443) and that the credential's Basic Auth and callback secret did not change meanwhile, or raise the Time Limit. Deepgram's error callbacks carry no callback secret: with a Callback Secret and no Basic Auth in the credential they cannot be verified, so a failed job ends here too. Deepgram Usage by Tag → Get Request shows whether and how Deepgram delivered the callback.`;
	error.context[PENDING_KEY] = { ...pending } as unknown as IDataObject;
}
