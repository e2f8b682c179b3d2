/** Which Deepgram callback a body is, and what counts as a redelivery of it. */
import type { IDataObject } from 'n8n-workflow';

import { IDEMPOTENCY_KEY } from '../../../nodes/Deepgram/shared/constants';
import {
	classifyPayload,
	jsonObjectBody,
	type CallbackPayload,
} from '../../../nodes/Deepgram/shared/callbackPayload';
import { deliveryKeys } from '../../../nodes/Deepgram/trigger/deliveryKeys';

const prerecorded = {
	metadata: {
		request_id: 'req-1',
		duration: 4,
		channels: 1,
		extra: { callback_secret: 's3cr3t-value', job: '42' },
	},
	results: { channels: [{ alternatives: [{ transcript: 'hello there', confidence: 0.98 }] }] },
};
const interim = {
	type: 'Results',
	channel_index: [0, 1],
	duration: 1.2,
	start: 0,
	is_final: false,
	speech_final: false,
	channel: { alternatives: [{ transcript: 'hel', confidence: 0.5 }] },
	metadata: { request_id: 'stream-1', model_uuid: 'm-1' },
};

const asPayload = (body: IDataObject) => classifyPayload(body) as CallbackPayload;

describe('jsonObjectBody', () => {
	test.each([
		['a text/plain body', 'hello', 'the body must be a JSON object sent as application/json'],
		['a JSON array', [1, 2], 'the body must be a JSON object sent as application/json'],
		['null', null, 'the body must be a JSON object sent as application/json'],
		['a number', 42, 'the body must be a JSON object sent as application/json'],
		['a buffer', Buffer.from('{}'), 'the body must be a JSON object sent as application/json'],
		['an empty body (n8n gives {})', {}, 'the body is empty'],
	])('rejects %s', (_name, body, reason) => {
		expect(jsonObjectBody(body)).toEqual({ ok: false, reason });
	});

	test('accepts a non-empty object as it is', () => {
		expect(jsonObjectBody(prerecorded)).toEqual({ ok: true, body: prerecorded });
	});
});

describe('classifyPayload', () => {
	test('a pre-recorded result, with its request_id from metadata', () => {
		expect(classifyPayload(prerecorded)).toEqual({
			kind: 'prerecorded',
			requestId: 'req-1',
			body: prerecorded,
		});
	});

	test('a pre-recorded result without request_id is still a result', () => {
		const body = { metadata: {}, results: { channels: [] } };
		expect(classifyPayload(body)).toEqual({ kind: 'prerecorded', requestId: undefined, body });
	});

	test('a legacy error payload', () => {
		const body = {
			err_code: 'REMOTE_CONTENT_ERROR',
			err_msg: 'Could not fetch the audio.',
			request_id: 'req-2',
		};
		expect(classifyPayload(body)).toEqual({ kind: 'error', requestId: 'req-2', body });
	});

	test('a modern error payload', () => {
		const body = {
			category: 'INVALID_JSON',
			message: 'Invalid JSON submitted.',
			details: 'x',
			request_id: 'req-3',
		};
		expect(classifyPayload(body)).toEqual({ kind: 'error', requestId: 'req-3', body });
	});

	test('streaming Results: request_id from metadata, is_final read', () => {
		expect(classifyPayload(interim)).toEqual({
			kind: 'streaming',
			type: 'Results',
			requestId: 'stream-1',
			isFinal: false,
			body: interim,
		});
		expect(asPayload({ ...interim, is_final: true })).toMatchObject({
			kind: 'streaming',
			isFinal: true,
		});
	});

	test('streaming Metadata carries request_id at the top; UtteranceEnd and SpeechStarted none', () => {
		expect(asPayload({ type: 'Metadata', request_id: 'stream-1', duration: 3 })).toMatchObject({
			kind: 'streaming',
			type: 'Metadata',
			requestId: 'stream-1',
			isFinal: false,
		});
		expect(asPayload({ type: 'UtteranceEnd', channel: [0, 1], last_word_end: 2.1 })).toMatchObject({
			kind: 'streaming',
			type: 'UtteranceEnd',
			requestId: undefined,
		});
		expect(asPayload({ type: 'SpeechStarted', channel: [0, 1], timestamp: 0.4 })).toMatchObject({
			kind: 'streaming',
			type: 'SpeechStarted',
			requestId: undefined,
		});
	});

	test.each([
		['an unknown object', { hello: 'world' }],
		['metadata without results', { metadata: { request_id: 'r' } }],
		['an unknown streaming type', { type: 'Something', request_id: 'r' }],
		['an empty err_code', { err_code: '', request_id: 'r' }],
	])('%s is invalid', (_name, body) => {
		expect(classifyPayload(body)).toEqual({
			kind: 'invalid',
			reason: 'the body is not a Deepgram transcription result, error or streaming message',
		});
	});
});

describe('deliveryKeys', () => {
	test('a pre-recorded result or an error is one delivery per request_id', () => {
		expect(deliveryKeys(asPayload(prerecorded))).toEqual(['req-1']);
		expect(deliveryKeys(asPayload({ err_code: 'E', err_msg: 'm', request_id: 'req-2' }))).toEqual([
			'req-2',
		]);
	});

	test('a result echoing the submission’s idempotency key is known by it and by its request_id', () => {
		const withKey = {
			...prerecorded,
			metadata: { ...prerecorded.metadata, extra: { [IDEMPOTENCY_KEY]: 'n8n-1-0-ab' } },
		};
		expect(deliveryKeys(asPayload(withKey))).toEqual(['req-1', `${IDEMPOTENCY_KEY}:n8n-1-0-ab`]);
		const noRequestId = { ...withKey, metadata: { extra: withKey.metadata.extra } };
		expect(deliveryKeys(asPayload(noRequestId))).toEqual([`${IDEMPOTENCY_KEY}:n8n-1-0-ab`]);
	});

	test('no request_id, no key: such a delivery cannot be recognised again', () => {
		expect(deliveryKeys(asPayload({ metadata: {}, results: {} }))).toEqual([]);
	});

	test('streaming messages of one request differ by content; a resent message has the same key', () => {
		const [first] = deliveryKeys(asPayload(interim));
		const [again] = deliveryKeys(asPayload(JSON.parse(JSON.stringify(interim))));
		const [next] = deliveryKeys(asPayload({ ...interim, duration: 2.4 }));
		expect(deliveryKeys(asPayload(interim))).toHaveLength(1);
		expect(first).toMatch(/^stream-1#[0-9a-f]{32}$/);
		expect(again).toBe(first);
		expect(next).not.toBe(first);
	});

	test('streaming messages without request_id are keyed by their type', () => {
		expect(
			deliveryKeys(asPayload({ type: 'SpeechStarted', channel: [0, 1], timestamp: 0.4 }))[0],
		).toMatch(/^SpeechStarted#[0-9a-f]{32}$/);
	});
});
