/** The one verification of a call to a callback URL (Callback Trigger and Wait for Callback). */
import {
	verifyCallbackRequest,
	type CallbackRequest,
	type VerificationSetup,
} from '../../../nodes/Deepgram/shared/callbackVerification';
import type { DeepgramCredentials } from '../../../nodes/Deepgram/shared/types';

const base: DeepgramCredentials = { apiKey: 'dg-key-1', baseUrl: 'https://api.deepgram.com' };
const SECRET = 's3cr3t-value';
const PASSWORD = 'p@ss:w/rd';
const everything: VerificationSetup = {
	credentials: {
		...base,
		callbackSecret: SECRET,
		callbackUser: 'deepgram',
		callbackPassword: PASSWORD,
		apiKeyId: 'key-id-1',
	},
	checkDgToken: true,
};
const secretOnly: VerificationSetup = {
	credentials: { ...base, callbackSecret: SECRET },
	checkDgToken: false,
};
const secretAndBasic: VerificationSetup = {
	credentials: {
		...base,
		callbackSecret: SECRET,
		callbackUser: 'deepgram',
		callbackPassword: PASSWORD,
	},
	checkDgToken: false,
};

const basic = (userInfo: string) => `Basic ${Buffer.from(userInfo).toString('base64')}`;
const GOOD_AUTH = basic(`deepgram:${PASSWORD}`);
const result = (secret?: string) => ({
	metadata: {
		request_id: 'r-1',
		extra: secret === undefined ? { job: '1' } : { job: '1', callback_secret: secret },
	},
	results: { channels: [] },
});
const errorBody = { err_code: 'Bad Request', err_msg: 'corrupt', request_id: 'r-2' };
const streamingMetadata = { type: 'Metadata', request_id: 'r-3', duration: 1 };
const utteranceEnd = { type: 'UtteranceEnd', channel: [0, 1], last_word_end: 2.9 };
const speechStarted = { type: 'SpeechStarted', channel: [0, 1], timestamp: 0.2 };
const call = (
	headers: CallbackRequest['headers'],
	body: unknown = result(SECRET),
): CallbackRequest => ({
	headers,
	body,
});
const goodHeaders = { authorization: GOOD_AUTH, 'dg-token': 'key-id-1' };

describe('results need every configured method', () => {
	it('passes a result carrying all of them, with its payload', () => {
		const verdict = verifyCallbackRequest(everything, call(goodHeaders));
		expect(verdict).toMatchObject({ ok: true, payload: { kind: 'prerecorded', requestId: 'r-1' } });
	});

	it.each([
		[
			'missing Authorization',
			{ 'dg-token': 'key-id-1' },
			SECRET,
			401,
			'missing Basic Authorization header',
		],
		[
			'wrong password',
			{ ...goodHeaders, authorization: basic('deepgram:nope') },
			SECRET,
			403,
			'wrong Basic Auth user or password',
		],
		[
			'not Basic',
			{ ...goodHeaders, authorization: 'Bearer abc' },
			SECRET,
			403,
			'the Authorization header is not Basic with base64 user:password',
		],
		['missing secret', goodHeaders, undefined, 401, 'missing metadata.extra.callback_secret'],
		['wrong secret', goodHeaders, 's3cr3t-valuX', 403, 'wrong callback secret'],
		['missing dg-token', { authorization: GOOD_AUTH }, SECRET, 401, 'missing dg-token header'],
		['wrong dg-token', { ...goodHeaders, 'dg-token': 'key-id-2' }, SECRET, 403, 'wrong dg-token'],
		[
			'one value missing and another wrong',
			{ 'dg-token': 'key-id-9' },
			SECRET,
			403,
			'wrong dg-token',
		],
	])('refuses %s', (_name, headers, secret, status, reason) => {
		expect(verifyCallbackRequest(everything, call(headers, result(secret)))).toEqual({
			ok: false,
			status,
			reason,
			requestId: 'r-1',
			basicAuth: true,
		});
	});

	it('never puts a secret in its reason', () => {
		const verdict = verifyCallbackRequest(
			everything,
			call({ authorization: basic('deepgram:guess') }, result('guess')),
		);
		expect(JSON.stringify(verdict)).not.toMatch(/s3cr3t|p@ss|guess/);
	});
});

describe('Basic Auth is parsed strictly', () => {
	const onlyBasic: VerificationSetup = {
		credentials: { ...base, callbackUser: 'u', callbackPassword: 'p' },
		checkDgToken: false,
	};
	it('accepts exactly one canonical Basic header', () => {
		expect(verifyCallbackRequest(onlyBasic, call({ authorization: 'Basic dTpw' }))).toMatchObject({
			ok: true,
		});
		expect(verifyCallbackRequest(onlyBasic, call({ authorization: 'basic dTpw' }))).toMatchObject({
			ok: true,
		});
	});

	it.each([
		['trailing garbage', 'Basic dTpw:'],
		['invalid base64 characters', 'Basic dT*pw'],
		['non-canonical padding', 'Basic dTpw='],
		['no colon in the decoded value', `Basic ${Buffer.from('up').toString('base64')}`],
		['extra words', 'Basic dTpw extra'],
		['empty credentials', 'Basic '],
	])('refuses %s', (_name, authorization) => {
		expect(verifyCallbackRequest(onlyBasic, call({ authorization }))).toMatchObject({
			ok: false,
			status: 403,
		});
	});

	it('refuses a second Authorization header, right then wrong or wrong then right', () => {
		for (const rawHeaders of [
			['Authorization', 'Basic dTpw', 'authorization', 'Basic eDp5'],
			['Authorization', 'Basic eDp5', 'Authorization', 'Basic dTpw'],
		]) {
			const request = { headers: { authorization: rawHeaders[1] }, rawHeaders, body: result() };
			expect(verifyCallbackRequest(onlyBasic, request)).toMatchObject({
				ok: false,
				status: 403,
				reason: 'more than one Authorization header',
			});
		}
		expect(
			verifyCallbackRequest(onlyBasic, call({ authorization: ['Basic dTpw', 'Basic dTpw'] })),
		).toMatchObject({
			ok: false,
			status: 403,
		});
	});
});

describe('error callbacks and bare UtteranceEnd and SpeechStarted messages carry no metadata.extra', () => {
	it('pass on Basic Auth alone when the credential also sets a secret', () => {
		expect(
			verifyCallbackRequest(secretAndBasic, call({ authorization: GOOD_AUTH }, errorBody)),
		).toMatchObject({
			ok: true,
			payload: { kind: 'error', requestId: 'r-2' },
		});
		for (const body of [utteranceEnd, speechStarted]) {
			expect(
				verifyCallbackRequest(secretAndBasic, call({ authorization: GOOD_AUTH }, body)),
			).toMatchObject({ ok: true, payload: { kind: 'streaming', type: body.type } });
		}
	});

	it('a Metadata-shaped body with Basic Auth but no secret never passes: it could carry anything', () => {
		const madeUp = { ...streamingMetadata, transcript: 'made up', metadata: { extra: {} } };
		for (const body of [streamingMetadata, madeUp]) {
			expect(
				verifyCallbackRequest(secretAndBasic, call({ authorization: GOOD_AUTH }, body)),
			).toMatchObject({ ok: false, status: 401, reason: 'missing metadata.extra.callback_secret' });
		}
		const echoed = { ...streamingMetadata, metadata: { extra: { callback_secret: SECRET } } };
		expect(
			verifyCallbackRequest(secretAndBasic, call({ authorization: GOOD_AUTH }, echoed)),
		).toMatchObject({ ok: true, payload: { kind: 'streaming', type: 'Metadata' } });
	});

	it('an UtteranceEnd or SpeechStarted with any field Deepgram does not send needs the secret', () => {
		for (const body of [
			{ ...utteranceEnd, transcript: 'made up' },
			{ ...speechStarted, metadata: { request_id: 'r-9' } },
		]) {
			expect(
				verifyCallbackRequest(secretAndBasic, call({ authorization: GOOD_AUTH }, body)),
			).toMatchObject({ ok: false, status: 401, reason: 'missing metadata.extra.callback_secret' });
		}
	});

	it('still need Basic Auth (and dg-token when checked)', () => {
		expect(verifyCallbackRequest(secretAndBasic, call({}, errorBody))).toMatchObject({
			ok: false,
			status: 401,
		});
		expect(
			verifyCallbackRequest(everything, call({ authorization: GOOD_AUTH }, errorBody)),
		).toMatchObject({
			ok: false,
			status: 401,
			reason: 'missing dg-token header',
		});
		expect(verifyCallbackRequest(everything, call(goodHeaders, errorBody))).toMatchObject({
			ok: true,
		});
	});

	it('cannot be verified with a callback secret alone: refused, saying what to add', () => {
		expect(verifyCallbackRequest(secretOnly, call({}, errorBody))).toEqual({
			ok: false,
			status: 401,
			reason:
				'a Deepgram error callback carries no metadata.extra, so a callback secret alone cannot verify it: add a Basic Auth user and password to the Deepgram API credential',
			requestId: 'r-2',
			basicAuth: false,
		});
		expect(verifyCallbackRequest(secretOnly, call({}, utteranceEnd))).toMatchObject({
			status: 401,
			reason: expect.stringContaining('a streaming UtteranceEnd message carries no metadata.extra'),
		});
	});

	it('a streaming Results message carries extra, so it needs the secret', () => {
		const results = {
			type: 'Results',
			is_final: true,
			channel: {},
			metadata: { request_id: 's-1', extra: {} },
		};
		expect(
			verifyCallbackRequest(secretAndBasic, call({ authorization: GOOD_AUTH }, results)),
		).toMatchObject({
			ok: false,
			status: 401,
			reason: 'missing metadata.extra.callback_secret',
		});
	});
});

describe('a receiver that takes no streaming messages', () => {
	const noStreaming = { ...secretAndBasic, refuseStreaming: 'no streaming here' };

	it('refuses every streaming message with 400 and its reason, after the header checks', () => {
		const results = {
			type: 'Results',
			metadata: { request_id: 's-1', extra: { callback_secret: SECRET } },
		};
		for (const body of [results, streamingMetadata, utteranceEnd, speechStarted]) {
			expect(
				verifyCallbackRequest(noStreaming, call({ authorization: GOOD_AUTH }, body)),
			).toMatchObject({ ok: false, status: 400, reason: 'no streaming here' });
			expect(verifyCallbackRequest(noStreaming, call({}, body))).toMatchObject({ status: 401 });
		}
	});

	it('takes results and error callbacks as before', () => {
		expect(verifyCallbackRequest(noStreaming, call({ authorization: GOOD_AUTH }))).toMatchObject({
			ok: true,
		});
		expect(
			verifyCallbackRequest(noStreaming, call({ authorization: GOOD_AUTH }, errorBody)),
		).toMatchObject({ ok: true });
	});
});

describe('bodies and configuration', () => {
	it('answers 400 for a body that is not a Deepgram payload, after the header checks', () => {
		expect(verifyCallbackRequest(secretAndBasic, call({}, { hello: 1 }))).toMatchObject({
			status: 401,
		});
		expect(
			verifyCallbackRequest(secretAndBasic, call({ authorization: GOOD_AUTH }, { hello: 1 })),
		).toMatchObject({
			ok: false,
			status: 400,
			reason: 'the body is not a Deepgram transcription result, error or streaming message',
		});
		expect(
			verifyCallbackRequest(secretAndBasic, call({ authorization: GOOD_AUTH }, 'text')),
		).toMatchObject({
			status: 400,
		});
	});

	it('None (Insecure) checks nothing but the payload', () => {
		expect(
			verifyCallbackRequest({ unverified: true, checkDgToken: true }, call({}, errorBody)),
		).toMatchObject({
			ok: true,
		});
	});

	it('fails closed without a credential or without callback security', () => {
		for (const setup of [{ checkDgToken: false }, { credentials: base, checkDgToken: false }]) {
			expect(verifyCallbackRequest(setup, call(goodHeaders))).toMatchObject({
				ok: false,
				status: 403,
				reason:
					'the Deepgram API credential sets no callback security: set a Callback Secret or a Basic Auth user and password there',
			});
		}
	});

	it('dg-token uses the credential’s API Key ID first, then the looked-up one, else fails closed', () => {
		const withId = {
			credentials: { ...base, apiKeyId: ' key-id-9 ' },
			checkDgToken: true,
			lookedUpKeyId: 'key-id-1',
		};
		expect(verifyCallbackRequest(withId, call({ 'dg-token': 'key-id-9' }))).toMatchObject({
			ok: true,
		});
		expect(verifyCallbackRequest(withId, call({ 'dg-token': 'key-id-1' }))).toMatchObject({
			status: 403,
		});
		const lookedUp = { credentials: base, checkDgToken: true, lookedUpKeyId: 'key-id-1' };
		expect(verifyCallbackRequest(lookedUp, call({ 'dg-token': 'key-id-1' }))).toMatchObject({
			ok: true,
		});
		expect(
			verifyCallbackRequest({ credentials: base, checkDgToken: true }, call({ 'dg-token': 'x' })),
		).toMatchObject({
			status: 403,
			reason: expect.stringContaining('the API key identifier for the dg-token check is unknown'),
		});
	});

	it('logs only a plausible request_id, never arbitrary body text', () => {
		const odd = { metadata: { request_id: 'x\nFAKE LOG LINE' }, results: {} };
		expect(verifyCallbackRequest(secretOnly, call({}, odd))).toMatchObject({
			requestId: undefined,
		});
	});
});
