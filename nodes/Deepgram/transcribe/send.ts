import type { IExecuteFunctions } from 'n8n-workflow';

import { LISTEN_PATH } from '../shared/constants';
import { deepgramRequest, type DeepgramRequest } from '../shared/transport';
import { openUpload } from './audio';
import type { PreparedRequest } from './request';

/** Sends one prepared request to /v1/listen and returns Deepgram's answer. */
export async function sendRequest(
	this: IExecuteFunctions,
	request: PreparedRequest,
	retry: Pick<DeepgramRequest, 'onRetry' | 'beforeResend'> = {},
): Promise<unknown> {
	const upload = await openUpload.call(this, request.audio, request.itemIndex);
	try {
		const { body } = await deepgramRequest.call(this, {
			method: 'POST',
			api: 'listen',
			path: LISTEN_PATH,
			query: request.query,
			body: upload.body,
			headers: upload.headers,
			itemIndex: request.itemIndex,
			...retry,
		});
		return body;
	} finally {
		upload.close();
	}
}
