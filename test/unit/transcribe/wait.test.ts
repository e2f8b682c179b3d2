/** The pure parts of Wait for Callback: what a call to the resume URL does, and the time limit. */
import type { INode } from 'n8n-workflow';

import type { DeepgramCredentials } from '../../../nodes/Deepgram/shared/types';
import { decideCallback } from '../../../nodes/Deepgram/transcribe/wait/callback';
import type { PendingCallback } from '../../../nodes/Deepgram/transcribe/wait/pending';
import { publicResumeUrl } from '../../../nodes/Deepgram/transcribe/wait/resumeUrl';
import { describeTimeLimit, timeLimitMs } from '../../../nodes/Deepgram/transcribe/wait/timeLimit';

const node = { name: 'Deepgram Transcribe' } as INode;
const SECRET = 'cb-secret-1';
const credentials: DeepgramCredentials = {
	apiKey: 'dg-key-1',
	baseUrl: 'https://api.deepgram.com',
	callbackSecret: SECRET,
	callbackUser: 'deepgram',
	callbackPassword: 'pw-1',
};
const pending: PendingCallback = {
	requestId: 'req-1',
	output: { raw: false, captions: false },
	checkDgToken: false,
};
const basic = (user = 'deepgram', password = 'pw-1') =>
	`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const result = (requestId = 'req-1', secret: string | null = SECRET) => ({
	metadata: {
		request_id: requestId,
		extra: secret === null ? {} : { callback_secret: secret },
	},
	results: { channels: [{ alternatives: [{ transcript: 'hi', confidence: 1 }] }] },
});
const decide = (
	body: unknown,
	headers: Record<string, string> = { authorization: basic() },
	options: { pending?: PendingCallback; credentials?: DeepgramCredentials } = {},
) =>
	decideCallback(options.pending ?? pending, options.credentials ?? credentials, { headers, body });

const refusal = (decision: ReturnType<typeof decide>) =>
	decision.action === 'reject'
		? [decision.refusal.status, decision.refusal.reason]
		: decision.action;

describe('a call to the resume URL', () => {
	it('Deepgram’s verified result for the awaited request resumes the execution', () => {
		const body = result();
		expect(decide(body)).toEqual({ action: 'resume', requestId: 'req-1', result: body });
	});

	it('Deepgram’s error for the awaited request, verified by Basic Auth while a secret is also set, fails the node', () => {
		const body = { err_code: 'Bad Request', err_msg: 'corrupt', request_id: 'req-1' };
		expect(decide(body)).toEqual({ action: 'fail', requestId: 'req-1', body });
		expect(refusal(decide(body, {}))).toEqual([401, 'missing Basic Authorization header']);
	});

	it('a result for a second job of the same submission (a retried 5xx) resumes too', () => {
		const withKey = { ...pending, idempotencyKey: 'n8n-7-0-abc' };
		const second = result('req-2');
		(second.metadata.extra as Record<string, string>).idempotency_key = 'n8n-7-0-abc';
		expect(decide(second, undefined, { pending: withKey })).toEqual({
			action: 'resume',
			requestId: 'req-2',
			result: second,
		});
		(second.metadata.extra as Record<string, string>).idempotency_key = 'n8n-7-0-other';
		expect(decide(second, undefined, { pending: withKey })).toMatchObject({
			action: 'acknowledge',
		});
	});

	it('a verified result for another request is acknowledged, not resumed', () => {
		expect(decide(result('req-0'))).toEqual({
			action: 'acknowledge',
			reason: 'not the request this execution is waiting for',
			requestId: 'req-0',
		});
	});

	it('is verified by the shared pipeline: every method the credential sets, dg-token when asked for', () => {
		expect(
			[
				decide(result(), {}),
				decide(result(), { authorization: basic('deepgram', 'nope') }),
				decide(result('req-1', 'nope')),
				decide(result('req-1', null)),
			].map(refusal),
		).toEqual([
			[401, 'missing Basic Authorization header'],
			[403, 'wrong Basic Auth user or password'],
			[403, 'wrong callback secret'],
			[401, 'missing metadata.extra.callback_secret'],
		]);
		const withToken = { ...pending, checkDgToken: true, apiKeyId: 'key-id-1' };
		const headers = (token: string) => ({ authorization: basic(), 'dg-token': token });
		expect(decide(result(), headers('key-id-1'), { pending: withToken }).action).toBe('resume');
		expect(refusal(decide(result(), headers('key-id-2'), { pending: withToken }))).toEqual([
			403,
			'wrong dg-token',
		]);
	});

	it('a credential that lost its callback security refuses everything (fail closed)', () => {
		const none = { apiKey: 'dg-key-1', baseUrl: 'https://api.deepgram.com' };
		expect(refusal(decide(result(), undefined, { credentials: none }))[0]).toBe(403);
	});

	it('a body that is no pre-recorded Deepgram result is a 400', () => {
		const streaming = {
			type: 'Results',
			metadata: { request_id: 'req-1', extra: { callback_secret: SECRET } },
		};
		expect(
			[
				decide('text'),
				decide({}),
				decide(streaming),
				decide({ metadata: { extra: { callback_secret: SECRET } } }),
			].map((decision) => refusal(decision)[0]),
		).toEqual([400, 400, 400, 400]);
	});
});

describe('the time limit', () => {
	it('is the amount in the unit, in milliseconds', () => {
		expect(timeLimitMs(node, { amount: 90, unit: 'seconds' })).toBe(90_000);
		expect(timeLimitMs(node, { amount: 30, unit: 'minutes' })).toBe(1_800_000);
		expect(timeLimitMs(node, { amount: 1.5, unit: 'hours' })).toBe(5_400_000);
	});

	it('must be a number of at least 1 (an expression’s text read as a number) in a known unit', () => {
		expect(timeLimitMs(node, { amount: '5' as never, unit: 'seconds' })).toBe(5000);
		for (const [amount, shown] of [
			[0, '0'],
			[0.5, '0.5'],
			[-1, '-1'],
			[Number.NaN, 'NaN'],
			['abc', '"abc"'],
		] as const) {
			expect(() => timeLimitMs(node, { amount: amount as never, unit: 'minutes' })).toThrow(
				`Time Limit must be a number of at least 1, not ${shown}`,
			);
		}
		expect(() => timeLimitMs(node, { amount: 5, unit: 'days' as never })).toThrow(
			'Time Limit Unit must be seconds, minutes, hours, not "days"',
		);
	});

	it('reads as the timeout message says it', () => {
		expect(describeTimeLimit({ amount: 1, unit: 'hours' })).toBe('1 hour');
		expect(describeTimeLimit({ amount: 30, unit: 'minutes' })).toBe('30 minutes');
		expect(describeTimeLimit({ amount: 1.5, unit: 'hours' })).toBe('1.5 hours');
	});
});

describe('the resume URL as users see it', () => {
	it('has no user info and no query, so never n8n’s resume token', () => {
		const url = new URL(
			'http://dg:pw@n8n.example.com:8080/webhook-waiting/42/deepgram?signature=tok',
		);
		expect(publicResumeUrl(url)).toBe('http://n8n.example.com:8080/webhook-waiting/42/deepgram');
	});
});
