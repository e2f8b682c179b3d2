import type { IDataObject } from 'n8n-workflow';

import { withoutNodeExtra } from '../shared/callbackSender';
import { firstWords, simplifyResult, type ListenResult } from '../shared/results';
import { buildCaptions } from './captions';
import type { CallbackEcho, TranscriptOutput } from './request';
import type { ListenAnswer } from './send';

/** A finished transcription: simplified or raw (never with the echoed secret), captions on request. */
export function transcriptJson(result: ListenResult, output: TranscriptOutput): IDataObject {
	const json = output.raw ? (withoutNodeExtra(result) as IDataObject) : simplifyResult(result);
	if (output.captions) return { ...json, captions: buildCaptions(firstWords(result)) };
	return json;
}

/**
 * An accepted callback request: Deepgram's request_id and what it was asked to do. When attempts
 * failed first, they are listed: a 5xx may come from a gateway after Deepgram accepted the job, so
 * `request_ids` names every job known to exist (a second one calls back with the same
 * idempotency key, and the receivers run once for it).
 */
export function callbackJson(answer: ListenAnswer, echo: CallbackEcho): IDataObject {
	const requestId = (answer.body as { request_id?: unknown }).request_id;
	const accepted = typeof requestId === 'string' ? requestId : null;
	const earlier = answer.retried.flatMap(({ request_id }) => (request_id ? [request_id] : []));
	const json: IDataObject = {
		request_id: accepted,
		request_ids: accepted ? [...earlier, accepted] : earlier,
		...echo,
	};
	if (answer.retried.length > 0) json.retried = answer.retried as unknown as IDataObject[];
	return json;
}
