import type { IDataObject } from 'n8n-workflow';

import { withoutNodeExtra } from '../shared/callbackSender';
import { simplifyResult } from '../shared/results';
import type { CallbackPayload } from '../shared/callbackPayload';

interface StreamingAlternative {
	transcript?: string;
	confidence?: number;
}

/** One live Results message as a flat item; the other streaming messages are already flat. */
function simplifyStreamingResults(body: IDataObject, requestId: string | undefined): IDataObject {
	const channel = body.channel as { alternatives?: StreamingAlternative[] } | undefined;
	const best = channel?.alternatives?.[0];
	return {
		type: 'Results',
		request_id: requestId ?? null,
		channel_index: body.channel_index ?? null,
		start: body.start ?? null,
		duration: body.duration ?? null,
		is_final: body.is_final === true,
		speech_final: body.speech_final === true,
		transcript: best?.transcript ?? '',
		confidence: best?.confidence ?? null,
	};
}

/** A Deepgram error in one shape, whichever shape it arrived in. */
function simplifyError(body: IDataObject, requestId: string | undefined): IDataObject {
	const item: IDataObject = {
		request_id: requestId ?? null,
		err_code: body.err_code ?? body.category ?? null,
		err_msg: body.err_msg ?? body.message ?? null,
	};
	if (body.details !== undefined) item.details = body.details;
	return item;
}

/**
 * The item a callback starts the workflow with. Raw keeps Deepgram's body; either way the
 * echoed callback secret is gone.
 */
export function payloadItem(payload: CallbackPayload, simplify: boolean): IDataObject {
	if (!simplify) return withoutNodeExtra(payload.body);
	if (payload.kind === 'prerecorded') return simplifyResult(payload.body);
	if (payload.kind === 'error') return simplifyError(payload.body, payload.requestId);
	if (payload.type === 'Results') return simplifyStreamingResults(payload.body, payload.requestId);
	return withoutNodeExtra(payload.body);
}
