import type { IExecuteFunctions } from 'n8n-workflow';

import type { DeepgramAccess } from '../shared/access';
import { CALLBACK_ACCEPTED, LISTEN_RESULT } from '../shared/answerShapes';
import { LISTEN_PATH } from '../shared/constants';
import {
	deepgramRequest,
	deepgramRequestOrRateLimit,
	type DeepgramRequest,
	type DeepgramResponse,
	type RateLimited,
	type RetryState,
} from '../shared/transport';
import { openUpload, type Upload } from './audio';
import type { PreparedRequest } from './request';

/** Deepgram's answer, and the attempts that failed before it (a 5xx may still have been accepted). */
export type ListenAnswer = Pick<DeepgramResponse<unknown>, 'body' | 'retried'>;

function listenRequest(request: PreparedRequest, upload: Upload): DeepgramRequest {
	return {
		method: 'POST',
		api: 'listen',
		path: LISTEN_PATH,
		query: request.query,
		body: upload.body,
		headers: upload.headers,
		itemIndex: request.itemIndex,
		answer: request.callback ? CALLBACK_ACCEPTED : LISTEN_RESULT,
	};
}

async function withUpload<R>(
	context: IExecuteFunctions,
	request: PreparedRequest,
	send: (upload: Upload) => Promise<R>,
): Promise<R> {
	const upload = await openUpload.call(context, request.audio, request.itemIndex);
	try {
		return await send(upload);
	} finally {
		upload.close();
	}
}

/** Sends one prepared request to /v1/listen, retrying until an answer or the retry budget ends. */
export async function sendRequest(
	this: IExecuteFunctions,
	access: DeepgramAccess,
	request: PreparedRequest,
): Promise<ListenAnswer> {
	return await withUpload(
		this,
		request,
		async (upload) => await deepgramRequest.call(this, access, listenRequest(request, upload)),
	);
}

/**
 * As `sendRequest` within a batch: a 429 that may still be retried comes back, for the batch to
 * send again when it has room; `state` continues the item's retry budget on that next send.
 */
export async function sendWithinBatch(
	this: IExecuteFunctions,
	access: DeepgramAccess,
	request: PreparedRequest,
	state?: RetryState,
): Promise<ListenAnswer | RateLimited> {
	return await withUpload(
		this,
		request,
		async (upload) =>
			await deepgramRequestOrRateLimit.call(this, access, listenRequest(request, upload), state),
	);
}
