import type { IDataObject } from 'n8n-workflow';

import { withoutCallbackSecret } from '../shared/callbackSecurity';
import { firstWords, simplifyResult, type ListenResult } from '../shared/results';
import { buildCaptions } from './captions';
import type { CallbackEcho, TranscriptOutput } from './request';

/** A finished transcription: simplified or raw (never with the echoed secret), captions on request. */
export function transcriptJson(result: ListenResult, output: TranscriptOutput): IDataObject {
	const json = output.raw ? (withoutCallbackSecret(result) as IDataObject) : simplifyResult(result);
	if (output.captions) return { ...json, captions: buildCaptions(firstWords(result)) };
	return json;
}

/** An accepted callback request: Deepgram's request_id and what it was asked to do. */
export function callbackJson(response: { request_id?: string }, echo: CallbackEcho): IDataObject {
	return { request_id: response.request_id ?? null, ...echo };
}
