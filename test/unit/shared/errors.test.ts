import {
	deepgramApiError,
	deepgramErrorHint,
	invalidAnswerError,
	parseDeepgramError,
} from '../../../nodes/Deepgram/shared/errors';
import { testNode } from './node';

describe('parseDeepgramError', () => {
	it('reads the legacy body', () => {
		expect(
			parseDeepgramError(401, {
				err_code: 'INVALID_AUTH',
				err_msg: 'Invalid credentials.',
				request_id: 'r-1',
			}),
		).toEqual({
			status: 401,
			code: 'INVALID_AUTH',
			message: 'Invalid credentials.',
			details: undefined,
			requestId: 'r-1',
		});
	});

	it('reads the modern body, also when it arrives as text', () => {
		const body = {
			category: 'INSUFFICIENT_PERMISSIONS',
			message:
				'Your account does not have the required scope to perform that action for this project.',
			details: 'Missing scope: billing:read',
			request_id: 'r-2',
		};
		const expected = {
			status: 403,
			code: 'INSUFFICIENT_PERMISSIONS',
			message: body.message,
			details: 'Missing scope: billing:read',
			requestId: 'r-2',
		};
		expect(parseDeepgramError(403, body)).toEqual(expected);
		expect(parseDeepgramError(403, JSON.stringify(body))).toEqual(expected);
		expect(parseDeepgramError(403, Buffer.from(JSON.stringify(body)))).toEqual(expected);
	});

	it('reads the 503 body with error_code and a plain-text body', () => {
		expect(
			parseDeepgramError(503, {
				error_code: 'Service Unavailable',
				error: 'Please try again later',
			}),
		).toMatchObject({
			code: 'Service Unavailable',
			message: 'Please try again later',
		});
		expect(parseDeepgramError(404, 'UUID parsing failed: invalid character\n')).toEqual({
			status: 404,
			message: 'UUID parsing failed: invalid character',
		});
		expect(parseDeepgramError(502, '')).toEqual({
			status: 502,
			message: 'Deepgram answered 502',
		});
	});
});

describe('deepgramApiError', () => {
	it('carries Deepgram’s code, message and request_id, and an actionable hint', () => {
		const error = deepgramApiError(
			testNode,
			{
				status: 402,
				code: 'ASR_PAYMENT_REQUIRED',
				message: 'Project does not have enough credits.',
				requestId: 'r-3',
			},
			{ itemIndex: 4 },
		);
		expect(error.message).toBe(
			'Deepgram 402 [ASR_PAYMENT_REQUIRED]: Project does not have enough credits. (request_id r-3)',
		);
		expect(error.description).toBe(deepgramErrorHint({ status: 402, message: '' }));
		expect(error.httpCode).toBe('402');
		expect(error.context.itemIndex).toBe(4);
	});

	it('never carries a secret, plain or URL-encoded', () => {
		const error = deepgramApiError(
			testNode,
			{
				status: 400,
				message: 'Invalid callback url https://u:pa%2Fss@h/cb?extra=callback_secret:s3cr3t',
			},
			{ secrets: ['pa/ss', 's3cr3t'] },
		);
		expect(error.message).toBe(
			'Deepgram 400: Invalid callback url https://u:***@h/cb?extra=callback_secret:***',
		);
		expect(JSON.stringify(error)).not.toMatch(/s3cr3t|pa%2Fss|pa\/ss/);
	});

	it.each([400, 401, 402, 403, 404, 413, 422, 429, 500, 503, 504])(
		'has a specific hint for %s',
		(status) => {
			expect(deepgramErrorHint({ status, message: '' })).not.toBe('See Deepgram’s message above.');
		},
	);
});

describe('invalidAnswerError', () => {
	const secret = 'pw-0123456789-abcdef';
	const answer = (body: string) => ({ status: 200, contentType: 'text/html', body });

	it('masks a secret spanning the 120th character whole: redacted first, then cut', () => {
		const body = `${'x'.repeat(110)}${secret}${'y'.repeat(50)}`;
		const error = invalidAnswerError(
			testNode,
			answer(body),
			{ what: 'JSON transcription result' },
			{ secrets: [secret] },
		);
		expect(error.message).toBe(
			`Deepgram answered 200 but not with a JSON transcription result: text/html, ${body.length} bytes, starting "${'x'.repeat(110)}***${'y'.repeat(7)}…"`,
		);
		for (let length = 4; length <= secret.length; length++) {
			expect(error.message).not.toContain(secret.slice(0, length));
		}
	});

	it('quotes a short answer whole, a long one cut to 120 characters', () => {
		const short = invalidAnswerError(testNode, answer('<h1>hi</h1>'), { what: 'result' });
		expect(short.message).toContain('starting "<h1>hi</h1>"');
		const long = invalidAnswerError(testNode, answer('z'.repeat(500)), { what: 'result' });
		expect(long.message).toContain(`starting "${'z'.repeat(120)}…"`);
	});
});
