/** The item each kind of callback starts the workflow with, simplified or raw. */
import type { IDataObject } from 'n8n-workflow';

import { payloadItem } from '../../../nodes/Deepgram/trigger/items';
import { classifyPayload, type CallbackPayload } from '../../../nodes/Deepgram/shared/callbackPayload';

const SECRET = 's3cr3t-value';
const payload = (body: IDataObject) => classifyPayload(body) as CallbackPayload;

const prerecorded = {
	metadata: {
		request_id: 'req-1',
		created: '2026-11-26T10:00:00.000Z',
		duration: 4,
		channels: 1,
		extra: { callback_secret: SECRET, job: '42' },
	},
	results: {
		channels: [{ alternatives: [{ transcript: 'hello there', confidence: 0.98, words: [] }] }],
	},
};

test('a pre-recorded result, simplified: the shared flat item, secret removed', () => {
	expect(payloadItem(payload(prerecorded), true)).toEqual({
		request_id: 'req-1',
		created: '2026-11-26T10:00:00.000Z',
		duration: 4,
		channels: 1,
		transcript: 'hello there',
		confidence: 0.98,
		extra: { job: '42' },
	});
});

test('a pre-recorded result, raw: Deepgram’s body without the secret', () => {
	const item = payloadItem(payload(prerecorded), false);
	expect(item).toEqual({
		...prerecorded,
		metadata: { ...prerecorded.metadata, extra: { job: '42' } },
	});
	expect(JSON.stringify(item)).not.toContain(SECRET);
	expect(prerecorded.metadata.extra.callback_secret).toBe(SECRET);
});

test('a legacy error, simplified', () => {
	const body = {
		err_code: 'REMOTE_CONTENT_ERROR',
		err_msg: 'Could not fetch.',
		request_id: 'req-2',
	};
	expect(payloadItem(payload(body), true)).toEqual({
		request_id: 'req-2',
		err_code: 'REMOTE_CONTENT_ERROR',
		err_msg: 'Could not fetch.',
	});
	expect(payloadItem(payload(body), false)).toEqual(body);
});

test('a modern error, simplified to the same fields plus details', () => {
	const body = {
		category: 'INVALID_JSON',
		message: 'Invalid JSON submitted.',
		details: 'line 1',
		request_id: 'req-3',
	};
	expect(payloadItem(payload(body), true)).toEqual({
		request_id: 'req-3',
		err_code: 'INVALID_JSON',
		err_msg: 'Invalid JSON submitted.',
		details: 'line 1',
	});
});

test('streaming Results, simplified', () => {
	const body = {
		type: 'Results',
		channel_index: [0, 1],
		duration: 1.5,
		start: 2,
		is_final: true,
		speech_final: true,
		channel: { alternatives: [{ transcript: 'good morning', confidence: 0.91, words: [] }] },
		metadata: { request_id: 'stream-1', extra: { callback_secret: SECRET } },
	};
	expect(payloadItem(payload(body), true)).toEqual({
		type: 'Results',
		request_id: 'stream-1',
		channel_index: [0, 1],
		start: 2,
		duration: 1.5,
		is_final: true,
		speech_final: true,
		transcript: 'good morning',
		confidence: 0.91,
	});
	const raw = payloadItem(payload(body), false);
	expect(raw).toEqual({ ...body, metadata: { request_id: 'stream-1', extra: {} } });
	expect(JSON.stringify(raw)).not.toContain(SECRET);
});

test('other streaming messages pass as they are', () => {
	const body = { type: 'UtteranceEnd', channel: [0, 1], last_word_end: 2.1 };
	expect(payloadItem(payload(body), true)).toEqual(body);
	expect(payloadItem(payload(body), false)).toEqual(body);
});
