import type { IExecuteFunctions } from 'n8n-workflow';

import { CALLBACK_ACCEPTED, LISTEN_RESULT } from '../shared/answers';
import { LISTEN_PATH } from '../shared/constants';
import { deepgramRequest, type DeepgramRequest, type RetriedAttempt } from '../shared/transport';
import { openUpload } from './audio';
import type { PreparedRequest } from './request';

export interface ListenAnswer {
	body: unknown;
	/** Attempts that failed before this answer (a 5xx may still have been accepted by Deepgram). */
	retried: RetriedAttempt[];
}

/** Sends one prepared request to /v1/listen and returns Deepgram's answer. */
export async function sendRequest(
	this: IExecuteFunctions,
	request: PreparedRequest,
	retry: Pick<DeepgramRequest, 'onRetry' | 'beforeResend'> = {},
): Promise<ListenAnswer> {
	const upload = await openUpload.call(this, request.audio, request.itemIndex);
	try {
		const { body, retried } = await deepgramRequest.call(this, {
			method: 'POST',
			api: 'listen',
			path: LISTEN_PATH,
			query: request.query,
			body: upload.body,
			headers: upload.headers,
			itemIndex: request.itemIndex,
			answer: request.callback ? CALLBACK_ACCEPTED : LISTEN_RESULT,
			...retry,
		});
		return { body, retried };
	} finally {
		upload.close();
	}
}
