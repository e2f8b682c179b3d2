/**
 * What each kind of delivery starts: pre-recorded results (simplified or raw, POST or PUT),
 * Deepgram error payloads on the Errors output, streaming messages, and malformed bodies that
 * start nothing.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { TriggerSession } from '../../harness';
import { DeepgramCallbackTrigger } from '../../../nodes/Deepgram/DeepgramCallbackTrigger.node';
import {
	credential,
	deliver,
	executionsText,
	NOW,
	PASSWORD,
	SECRET,
	triggerTestbed,
	transcribeWithCallback,
	TRANSCRIPT,
	USER,
	withBasicAuth,
	type Emulator,
} from './helpers';

const testbed = triggerTestbed({ callbackRetries: 0 });
let emu: Emulator;
let session: TriggerSession | undefined;
beforeAll(() => {
	emu = testbed.emu;
});

const security = { callbackSecret: SECRET, callbackUser: USER, callbackPassword: PASSWORD };
/** Error payloads and most streaming messages carry no metadata.extra: only Basic Auth verifies them. */
const basicAuthOnly = { callbackUser: USER, callbackPassword: PASSWORD };

afterEach(() => {
	session = undefined;
});

async function trigger(parameters: INodeParameters = {}, extra: Record<string, string> = security) {
	session = await testbed.start(parameters, credential(emu, extra));
	return session;
}

describe('pre-recorded results', () => {
	test('PUT (callback_method=put) is accepted like POST', async () => {
		const { url } = await trigger();
		const requestId = await transcribeWithCallback(emu, withBasicAuth(url), {
			secret: SECRET,
			callbackMethod: 'put',
		});

		const [attempt] = await emu.waitForCallbacks(1);
		expect(attempt.method).toBe('PUT');
		expect(session?.executions).toEqual([
			[
				[
					{
						json: {
							request_id: requestId,
							created: NOW,
							duration: 4,
							channels: 1,
							transcript: TRANSCRIPT,
							confidence: 0.952437,
							extra: {},
						},
					},
				],
				[],
			],
		]);
	});

	test('the node registers one webhook per callback method, on the same path', () => {
		// n8n answers after the run only for Acknowledge "finished", with no workflow data in it.
		const AFTER_RUN_WHEN_FINISHED =
			'={{$parameter["acknowledge"] === "finished" ? "lastNode" : "onReceived"}}';
		expect(new DeepgramCallbackTrigger().description.webhooks).toEqual([
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: AFTER_RUN_WHEN_FINISHED,
				responseData: 'noData',
				path: 'webhook',
			},
			{
				name: 'default',
				httpMethod: 'PUT',
				responseMode: AFTER_RUN_WHEN_FINISHED,
				responseData: 'noData',
				path: 'webhook',
			},
		]);
	});

	test('Simplify off: Deepgram’s whole body, without the secret', async () => {
		const { url } = await trigger({ simplify: false });
		await transcribeWithCallback(emu, withBasicAuth(url), { secret: SECRET, extra: ['job:42'] });

		const [attempt] = await emu.waitForCallbacks(1);
		const sent = attempt.body as { metadata: Record<string, unknown> };
		expect(session?.executions).toEqual([
			[[{ json: { ...sent, metadata: { ...sent.metadata, extra: { job: '42' } } } }], []],
		]);
		expect(executionsText(session!)).not.toContain(SECRET);
	});
});

describe('Deepgram error payloads go to the Errors output', () => {
	test('a job that failed (media not found) arrives as {err_code, err_msg, request_id}', async () => {
		const { url } = await trigger({}, basicAuthOnly);
		const requestId = await transcribeWithCallback(emu, withBasicAuth(url), {
			secret: SECRET,
			json: { url: 'https://media.example.com/missing.wav' },
		});

		const [attempt] = await emu.waitForCallbacks(1, { attempts: true });
		expect(attempt.body).toEqual({
			err_code: 'REMOTE_CONTENT_ERROR',
			err_msg: 'The remote server hosting the media returned a client error: 404 Not Found.',
			request_id: requestId,
		});
		expect(attempt.status).toBe(200);
		expect(session?.executions).toEqual([
			[
				[],
				[
					{
						json: {
							request_id: requestId,
							err_code: 'REMOTE_CONTENT_ERROR',
							err_msg:
								'The remote server hosting the media returned a client error: 404 Not Found.',
						},
					},
				],
			],
		]);
	});

	test('with a callback secret alone an error payload cannot be verified and is rejected', async () => {
		const { url } = await trigger({}, { callbackSecret: SECRET });
		await transcribeWithCallback(emu, url, {
			secret: SECRET,
			json: { url: 'https://media.example.com/x.wav' },
		});

		const [attempt] = await emu.waitForCallbacks(1, { attempts: true });
		expect(attempt.status).toBe(401);
		expect(session?.executions).toEqual([]);
	});

	test('a redelivered error starts nothing', async () => {
		const { url } = await trigger({}, basicAuthOnly);
		const body = {
			err_code: 'Bad Request',
			err_msg: 'Failed to process audio.',
			request_id: 'req-err-1',
		};
		expect((await deliver(withBasicAuth(url), { body })).status).toBe(200);
		expect((await deliver(withBasicAuth(url), { body })).status).toBe(200);
		expect(session?.executions).toEqual([
			[
				[],
				[
					{
						json: {
							request_id: 'req-err-1',
							err_code: 'Bad Request',
							err_msg: 'Failed to process audio.',
						},
					},
				],
			],
		]);
	});
});

describe('streaming messages posted to an http callback', () => {
	const results = (isFinal: boolean, start: number, transcript: string) => ({
		type: 'Results',
		channel_index: [0, 1],
		duration: 1.5,
		start,
		is_final: isFinal,
		speech_final: isFinal,
		from_finalize: false,
		channel: { alternatives: [{ transcript, confidence: 0.97, words: [] }] },
		metadata: { request_id: 'stream-1', model_uuid: 'model-1', extra: { callback_secret: SECRET } },
	});
	const metadata = {
		type: 'Metadata',
		transaction_key: 'deprecated',
		request_id: 'stream-1',
		duration: 3,
		channels: 1,
	};
	const utteranceEnd = { type: 'UtteranceEnd', channel: [0, 1], last_word_end: 2.9 };
	const speechStarted = { type: 'SpeechStarted', channel: [0, 1], timestamp: 0.2 };
	const stream = [
		speechStarted,
		results(false, 0, 'good'),
		results(true, 0, 'good morning'),
		utteranceEnd,
		metadata,
	];

	test('every message starts the workflow; Results are simplified, the others pass as they are', async () => {
		const { url } = await trigger({}, basicAuthOnly);
		for (const body of stream)
			expect((await deliver(withBasicAuth(url), { body })).status).toBe(200);

		const simplified = (isFinal: boolean, transcript: string) => ({
			type: 'Results',
			request_id: 'stream-1',
			channel_index: [0, 1],
			start: 0,
			duration: 1.5,
			is_final: isFinal,
			speech_final: isFinal,
			transcript,
			confidence: 0.97,
		});
		expect(session?.executions).toEqual(
			[
				speechStarted,
				simplified(false, 'good'),
				simplified(true, 'good morning'),
				utteranceEnd,
				metadata,
			].map((json) => [[{ json }], []]),
		);
	});

	test('Only Final Streaming Results: the rest is answered 2xx and starts nothing', async () => {
		const { url } = await trigger(
			{ options: { onlyFinalResults: true }, simplify: false },
			basicAuthOnly,
		);
		const answers = [];
		for (const body of stream) answers.push(await deliver(withBasicAuth(url), { body }));

		expect(answers.map(({ status }) => status)).toEqual([200, 200, 200, 200, 200]);
		expect(JSON.parse(answers[1].text)).toEqual({
			received: true,
			started: false,
			reason: 'not a final streaming result',
			request_id: 'stream-1',
		});
		const final = results(true, 0, 'good morning');
		expect(session?.executions).toEqual([
			[[{ json: { ...final, metadata: { ...final.metadata, extra: {} } } }], []],
		]);
		expect(executionsText(session!)).not.toContain(SECRET);
	});

	test('a resent streaming message starts nothing; the next message of the stream does', async () => {
		const { url } = await trigger({}, basicAuthOnly);
		await deliver(withBasicAuth(url), { body: results(true, 0, 'one') });
		const resent = await deliver(withBasicAuth(url), { body: results(true, 0, 'one') });
		await deliver(withBasicAuth(url), { body: results(true, 1.5, 'two') });

		expect(JSON.parse(resent.text)).toMatchObject({ started: false, reason: 'already delivered' });
		expect(session?.executions.map((execution) => execution[0][0].json.transcript)).toEqual([
			'one',
			'two',
		]);
	});

	test('with the callback secret configured, streaming Results (which echo extra) pass and the rest is rejected', async () => {
		const { url } = await trigger({}, { callbackSecret: SECRET });
		const final = {
			type: 'Results',
			is_final: true,
			channel: { alternatives: [{ transcript: 'hi', confidence: 0.9 }] },
			metadata: { request_id: 'stream-2', extra: { callback_secret: SECRET } },
		};
		expect((await deliver(url, { body: final })).status).toBe(200);
		expect(
			(await deliver(url, { body: { type: 'UtteranceEnd', channel: [0, 1], last_word_end: 1 } }))
				.status,
		).toBe(401);
		expect(session?.executions).toHaveLength(1);
	});
});

describe('streaming messages are opt-in from version 1.2; earlier versions hold them to the secret', () => {
	const finalResults = {
		type: 'Results',
		is_final: true,
		channel: { alternatives: [{ transcript: 'live words', confidence: 0.9 }] },
		metadata: { request_id: 'stream-3', extra: { callback_secret: SECRET } },
	};
	const result = {
		metadata: { request_id: 'req-3', extra: { callback_secret: SECRET } },
		results: { channels: [{ alternatives: [{ transcript: 'recorded', confidence: 0.9 }] }] },
	};
	const start = (typeVersion: number, parameters: INodeParameters = {}) =>
		testbed.start(parameters, credential(emu, security), typeVersion).then((started) => {
			session = started;
			return withBasicAuth(started.url);
		});
	const statuses = async (url: string, bodies: object[]) => {
		const answers = [];
		for (const body of bodies) answers.push(await deliver(url, { body }));
		return answers.map(({ status }) => status);
	};

	test('a new trigger (1.2) refuses streaming messages with 400 and takes results', async () => {
		const url = await start(1.2);
		const refused = await deliver(url, { body: finalResults });
		expect([refused.status, JSON.parse(refused.text)]).toEqual([
			400,
			{
				code: 400,
				message:
					'Callback rejected: a streaming message, and this trigger takes none: turn on its Receive Streaming Messages option',
			},
		]);
		expect(await statuses(url, [result])).toEqual([200]);
		expect(session?.executions.map((execution) => execution[0][0].json.request_id)).toEqual([
			'req-3',
		]);
	});

	test('1.2 with Receive Streaming Messages on, and 1.1 as before, take them', async () => {
		for (const [version, parameters] of [
			[1.2, { options: { streamingMessages: true } }],
			[1.1, {}],
			[1, {}],
		] as const) {
			const url = await start(version, parameters);
			expect(await statuses(url, [finalResults])).toEqual([200]);
			expect(session?.executions).toHaveLength(1);
		}
	});

	test('1.1 with Receive Streaming Messages off refuses them', async () => {
		const url = await start(1.1, { options: { streamingMessages: false } });
		expect(await statuses(url, [finalResults])).toEqual([400]);
		expect(session?.executions).toEqual([]);
	});

	test('a Metadata-shaped body with Basic Auth but no secret never reaches Results (1.1, streaming on)', async () => {
		const url = await start(1.1);
		const forged = {
			type: 'Metadata',
			request_id: 'stream-4',
			channel: { alternatives: [{ transcript: 'made up', confidence: 1 }] },
		};
		const bareEnd = { type: 'UtteranceEnd', channel: [0, 1], last_word_end: 1.5 };
		const dressedEnd = { ...bareEnd, transcript: 'made up' };
		expect(await statuses(url, [forged, dressedEnd, bareEnd])).toEqual([401, 401, 200]);
		expect(session?.executions).toEqual([[[{ json: bareEnd }], []]]);
	});
});

describe('malformed bodies get 400 (or n8n’s 422) and start nothing', () => {
	const JSON_OBJECT = 'Callback rejected: the body must be a JSON object sent as application/json';

	test.each([
		['text/plain', { 'content-type': 'text/plain' }, 'hello', JSON_OBJECT],
		[
			'a Deepgram result sent as text/plain',
			{ 'content-type': 'text/plain' },
			JSON.stringify({ metadata: { request_id: 'r' }, results: {} }),
			JSON_OBJECT,
		],
		['an empty body', {}, undefined, 'Callback rejected: the body is empty'],
		[
			'an empty JSON object',
			{ 'content-type': 'application/json' },
			'{}',
			'Callback rejected: the body is empty',
		],
		['a JSON array', { 'content-type': 'application/json' }, '[{"type":"Results"}]', JSON_OBJECT],
		['a JSON string', { 'content-type': 'application/json' }, '"Results"', JSON_OBJECT],
		[
			'an object that is no Deepgram payload',
			{ 'content-type': 'application/json' },
			'{"hello":"world"}',
			'Callback rejected: the body is not a Deepgram transcription result, error or streaming message',
		],
	])('%s: 400', async (_name, headers, body, message) => {
		const { url } = await trigger({}, basicAuthOnly);
		const answer = await deliver(withBasicAuth(url), { headers, body });

		expect(answer.status).toBe(400);
		expect(JSON.parse(answer.text)).toEqual({ code: 400, message });
		expect(session?.executions).toEqual([]);
		expect(session?.staticData()).toEqual({});
	});

	test('invalid JSON sent as application/json is answered 422 by n8n’s body parser', async () => {
		const { url } = await trigger({}, basicAuthOnly);
		const answer = await deliver(withBasicAuth(url), {
			headers: { 'content-type': 'application/json' },
			body: '{"metadata":',
		});

		expect(answer.status).toBe(422);
		expect(session?.executions).toEqual([]);
	});
});
