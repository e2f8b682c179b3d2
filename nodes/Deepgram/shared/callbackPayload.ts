import type { IDataObject } from 'n8n-workflow';

import type { ListenResult } from './results';

/** Message types Deepgram sends for a live stream whose callback is an http(s) URL. */
export const STREAMING_TYPES = ['Results', 'Metadata', 'UtteranceEnd', 'SpeechStarted'] as const;
export type StreamingType = (typeof STREAMING_TYPES)[number];

/**
 * Every field Deepgram puts in the streaming messages that carry no `metadata.extra`. A body of
 * such a type with any other field is not Deepgram's, or could carry anything: see
 * callbackVerification's secret rule.
 */
export const SECRETLESS_STREAMING_FIELDS: Partial<Record<StreamingType, readonly string[]>> = {
	UtteranceEnd: ['type', 'channel', 'last_word_end'],
	SpeechStarted: ['type', 'channel', 'timestamp'],
};

export type CallbackPayload =
	| { kind: 'prerecorded'; requestId?: string; body: ListenResult & IDataObject }
	| { kind: 'error'; requestId?: string; body: IDataObject }
	| {
			kind: 'streaming';
			type: StreamingType;
			requestId?: string;
			isFinal: boolean;
			body: IDataObject;
	  };

export type Classified = CallbackPayload | { kind: 'invalid'; reason: string };

function isObject(value: unknown): value is IDataObject {
	return (
		typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value)
	);
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * n8n hands a webhook a parsed JSON object for `application/json`, a string for `text/plain`
 * and `{}` for an empty or unparsed body; only a non-empty object can be a Deepgram callback.
 */
export function jsonObjectBody(
	body: unknown,
): { ok: true; body: IDataObject } | { ok: false; reason: string } {
	if (!isObject(body)) {
		return { ok: false, reason: 'the body must be a JSON object sent as application/json' };
	}
	if (Object.keys(body).length === 0) return { ok: false, reason: 'the body is empty' };
	return { ok: true, body };
}

function isStreamingType(value: unknown): value is StreamingType {
	return STREAMING_TYPES.includes(value as StreamingType);
}

/** Which of Deepgram's callback bodies this is; `invalid` when it is none of them. */
export function classifyPayload(body: IDataObject): Classified {
	if (isStreamingType(body.type)) {
		const metadata = isObject(body.metadata) ? body.metadata : undefined;
		return {
			kind: 'streaming',
			type: body.type,
			// Results carry the id in metadata, a Metadata message at the top; the others have none.
			requestId: text(metadata?.request_id) ?? text(body.request_id),
			isFinal: body.type === 'Results' && body.is_final === true,
			body,
		};
	}
	if (isObject(body.results) && isObject(body.metadata)) {
		return {
			kind: 'prerecorded',
			requestId: text(body.metadata.request_id),
			body: body as ListenResult & IDataObject,
		};
	}
	// Legacy {err_code, err_msg} and modern {category, message} error bodies.
	if (text(body.err_code) ?? text(body.err_msg) ?? (text(body.category) && text(body.message))) {
		return { kind: 'error', requestId: text(body.request_id), body };
	}
	return {
		kind: 'invalid',
		reason: 'the body is not a Deepgram transcription result, error or streaming message',
	};
}
