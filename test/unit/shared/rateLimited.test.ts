import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { accessFrom } from '../../../nodes/Deepgram/shared/access';
import {
	deepgramRequestOrRateLimit,
	type RateLimited,
	type RetryState,
} from '../../../nodes/Deepgram/shared/transport';
import { testNode } from './node';

const KEY = 'dg-secret-key';
const access = accessFrom({
	apiKey: KEY,
	baseUrl: 'custom',
	customBaseUrl: 'http://deepgram.test',
});

/** A context whose HTTP helper always answers 429 (Retry-After 2 s) and records what it sent. */
function refusingContext() {
	const sent: IHttpRequestOptions[] = [];
	const context = {
		getNode: () => testNode,
		helpers: {
			httpRequest: async (options: IHttpRequestOptions) => {
				sent.push(options);
				return {
					statusCode: 429,
					headers: { 'retry-after': '2' },
					body: {
						err_code: 'TOO_MANY_REQUESTS',
						err_msg: 'Too many requests',
						request_id: `r${sent.length}`,
					},
				};
			},
		},
	} as unknown as IExecuteFunctions;
	return { context, sent };
}

const request = {
	method: 'POST',
	api: 'listen',
	path: '/v1/listen',
	answer: { what: 'x', isValid: () => true },
} as const;

describe('deepgramRequestOrRateLimit', () => {
	it('hands a 429 back at once with its delay; the budget carries over until it is spent', async () => {
		const { context, sent } = refusingContext();
		let state: RetryState | undefined;
		const delays: number[] = [];
		for (let send = 1; send <= 5; send++) {
			const result = (await deepgramRequestOrRateLimit.call(
				context,
				access,
				request,
				state,
			)) as RateLimited;
			expect(result.rateLimited).toBe(true);
			delays.push(result.delayMs);
			state = result.state;
		}
		// Retry-After (2 s) or the backoff, whichever is longer.
		expect(delays).toEqual([2000, 2000, 2000, 4000, 8000]);
		await expect(deepgramRequestOrRateLimit.call(context, access, request, state)).rejects.toThrow(
			/^Deepgram 429 \[TOO_MANY_REQUESTS\]/,
		);
		expect(sent).toHaveLength(6);
		expect(state?.retried.map((attempt) => attempt.request_id)).toEqual([
			'r1',
			'r2',
			'r3',
			'r4',
			'r5',
		]);
	});

	it('does not count time queued behind the batch’s own requests against the item’s budget', async () => {
		const { context } = refusingContext();
		// 179 s since the first send, 170 s of it queued for a slot: 9 s of the item's own waiting.
		const queued: RetryState = {
			attempts: 1,
			startedAt: Date.now() - 179_000,
			queuedMs: 170_000,
			retried: [],
		};
		const result = (await deepgramRequestOrRateLimit.call(
			context,
			access,
			request,
			queued,
		)) as RateLimited;
		expect(result.rateLimited).toBe(true);
		// The same 179 s all spent waiting on its own passes the 180 s budget with a 2 s wait.
		const own: RetryState = { ...queued, queuedMs: 0, retried: [] };
		await expect(
			deepgramRequestOrRateLimit.call(context, access, request, own),
		).rejects.toMatchObject({
			description: expect.stringMatching(/would pass the node's retry budget of 180 s/),
		});
	});

	it('sends the key as a Token header, and no error shows it', async () => {
		const { context, sent } = refusingContext();
		const state: RetryState = { attempts: 5, startedAt: Date.now(), queuedMs: 0, retried: [] };
		const error = await deepgramRequestOrRateLimit
			.call(context, access, request, state)
			.catch((e) => e);
		expect(sent[0].headers).toEqual({ Authorization: `Token ${KEY}` });
		expect(JSON.stringify(error)).not.toContain(KEY);
		expect(String(error.description)).toMatch(/Tried 6 times\. No retries left\./);
	});
});
