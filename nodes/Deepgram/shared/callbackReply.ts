import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import type { CallbackVerification } from './callbackVerification';

/**
 * Answers a callback itself and tells n8n not to answer again. With `workflowData` n8n still
 * starts (or resumes) the execution, after the answer; without it nothing runs.
 */
export function answerCallback(
	context: IWebhookFunctions,
	status: number,
	body: IDataObject,
	workflowData?: INodeExecutionData[][],
): IWebhookResponseData {
	context.getResponseObject().status(status).json(body);
	return workflowData ? { noWebhookResponse: true, workflowData } : { noWebhookResponse: true };
}

const REFUSED = {
	401: 'Callback rejected: not authenticated',
	403: 'Callback rejected: not authorized',
} as const;

/**
 * Refuses a call: 400 for a body that is no Deepgram payload (saying why), 401 when verification
 * data is missing, 403 when it is wrong. 401 and 403 name no check, so a caller cannot probe one
 * factor at a time; the reason goes to n8n's log, so a user can find out why a callback did not run.
 */
export function refuseCallback(
	context: IWebhookFunctions,
	refusal: Extract<CallbackVerification, { ok: false }>,
): IWebhookResponseData {
	const { status, reason } = refusal;
	const request = context.getRequestObject();
	const workflow = context.getWorkflow();
	const node = context.getNode();
	const from = request.ip ?? request.socket?.remoteAddress ?? 'unknown address';
	context.logger.warn(
		`Deepgram callback refused with ${status} by node "${node.name}" of workflow "${workflow.name ?? ''}" (${workflow.id ?? 'unsaved'}) from ${from}, request_id ${refusal.requestId ?? 'unknown'}: ${reason}`,
		{
			workflowId: workflow.id,
			nodeName: node.name,
			status,
			reason,
			from,
			requestId: refusal.requestId,
		},
	);
	if (status === 400) {
		return answerCallback(context, status, {
			code: status,
			message: `Callback rejected: ${reason}`,
		});
	}
	if (status === 401 && refusal.basicAuth) {
		context.getResponseObject().setHeader('WWW-Authenticate', 'Basic realm="Deepgram callback"');
	}
	return answerCallback(context, status, { code: status, message: REFUSED[status] });
}
