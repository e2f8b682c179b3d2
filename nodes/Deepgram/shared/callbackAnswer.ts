import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

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

/**
 * Refuses a callback: 400 for a body that is no Deepgram payload, 401 when verification data is
 * missing (with a Basic Auth challenge when that is what is missing), 403 when it is wrong.
 */
export function rejectCallback(
	context: IWebhookFunctions,
	status: 400 | 401 | 403,
	reason: string,
	basicAuthChallenge = false,
): IWebhookResponseData {
	if (basicAuthChallenge) {
		context.getResponseObject().setHeader('WWW-Authenticate', 'Basic realm="Deepgram callback"');
	}
	return answerCallback(context, status, { code: status, message: `Callback rejected: ${reason}` });
}
