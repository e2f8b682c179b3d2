import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { credentialSecrets } from './callbackSecurity';
import { CREDENTIAL_TYPE, RETRY_POLICY, RETRYABLE_STATUSES } from './constants';
import { listenBaseUrl, managementBaseUrl } from './endpoints';
import type { AnswerShape } from './answers';
import { deepgramApiError, invalidAnswerError, networkFailure, parseDeepgramError } from './errors';
import { withQuery, type QueryValue } from './query';
import { redactSecrets } from './redact';
import type { DeepgramCredentials } from './types';

export type DeepgramContext =
	| IExecuteFunctions
	| IHookFunctions
	| ILoadOptionsFunctions
	| IWebhookFunctions;

export interface DeepgramRequest {
	method: IHttpRequestMethods;
	/** `listen` goes to the credential's region, `management` to the global host. */
	api: 'listen' | 'management';
	path: string;
	query?: ReadonlyArray<readonly [string, QueryValue]>;
	/** A function when the body is a stream, so that a retry can open it again. */
	body?: unknown | (() => unknown | Promise<unknown>);
	headers?: Record<string, string>;
	itemIndex?: number;
	/** What a 2xx must hold; anything else is an error, never a result. */
	answer: AnswerShape;
	/**
	 * Called before each retry wait, e.g. so a batch can slow down on 429 and free its slot for
	 * the wait; a returned promise is awaited.
	 */
	onRetry?: (status: number | undefined, delayMs: number) => void | Promise<void>;
	/** Awaited after the retry wait, right before resending (a batch takes a slot back here). */
	beforeResend?: () => Promise<void>;
}

/** An attempt that failed and was retried: its status (or network error code) and request_id. */
export interface RetriedAttempt {
	status: number | null;
	code: string | null;
	request_id: string | null;
}

export interface DeepgramResponse<T> {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: T;
	/** The attempts before this answer, oldest first; empty when the first one succeeded. */
	retried: RetriedAttempt[];
}

interface FullResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(
	value: string | string[] | undefined,
	now = Date.now(),
): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (!text) return undefined;
	const seconds = Number(text);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential backoff for attempt 1, 2, … (at most maxDelayMs), never shorter than the server's
 * Retry-After, however long: the total retry budget decides whether it is waited for. The backoff
 * stays a floor: a `Retry-After: 0` would otherwise spend every try in milliseconds.
 */
export function retryDelayMs(attempt: number, retryAfter: number | undefined): number {
	const backoff = Math.min(RETRY_POLICY.baseDelayMs * 2 ** (attempt - 1), RETRY_POLICY.maxDelayMs);
	return Math.max(backoff, retryAfter ?? 0);
}

/** Why the last failure was not retried, appended to its description. */
function notRetried(attempts: number, delayMs: number, outOfTime: boolean): string {
	const tried = attempts > 1 ? ` Tried ${attempts} times.` : '';
	if (!outOfTime) return `${tried} No retries left.`.trimStart();
	return `${tried} Waiting ${Math.ceil(delayMs / 1000)} s more (Deepgram's Retry-After or the backoff) would pass the node's retry budget of ${RETRY_POLICY.maxTotalMs / 1000} s, so it stopped here.`.trimStart();
}

function isStream(body: unknown): boolean {
	return typeof (body as { pipe?: unknown } | undefined)?.pipe === 'function';
}

/**
 * A request that never left is safe to send again; after the request went out, only a GET is:
 * Deepgram may have accepted (and billed) a POST whose answer was lost.
 */
function isRetryableNetworkError(error: { code?: string }, method: string) {
	const code = error.code;
	if (code === 'ECONNREFUSED') return true;
	return (
		method === 'GET' &&
		['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'ERR_BAD_RESPONSE'].includes(code ?? '')
	);
}

/**
 * The one function that calls Deepgram. Authenticates through the `deepgramApi` credential,
 * encodes the query Deepgram's way, retries 429/5xx with backoff (honouring Retry-After,
 * bounded in tries and time) and turns every error answer into a NodeApiError with
 * Deepgram's message, code and request_id and no secret in it.
 */
export async function deepgramRequest<T = IDataObject>(
	this: DeepgramContext,
	request: DeepgramRequest,
): Promise<DeepgramResponse<T>> {
	const credentials = await this.getCredentials<DeepgramCredentials>(
		CREDENTIAL_TYPE,
		request.itemIndex,
	);
	const baseUrl =
		request.api === 'listen' ? listenBaseUrl(credentials) : managementBaseUrl(credentials);
	const secrets = credentialSecrets(credentials);
	const started = Date.now();
	const retried: RetriedAttempt[] = [];

	for (let attempt = 1; ; attempt++) {
		const body = typeof request.body === 'function' ? await request.body() : request.body;
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${baseUrl}${withQuery(request.path, request.query ?? [])}`,
			headers: request.headers,
			body: body as IHttpRequestOptions['body'],
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// Redirect following keeps every chunk of a request body to replay it, which would hold
			// a streamed upload in memory; Deepgram does not redirect, so streams go out directly.
			disableFollowRedirect: isStream(body),
		};

		let response: FullResponse | undefined;
		let networkError: unknown;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				options,
			)) as FullResponse;
		} catch (error) {
			networkError = error;
		} finally {
			// A stream serves one attempt: closed now, not held through a retry wait.
			if (isStream(body)) (body as { destroy?: () => void }).destroy?.();
		}

		let failure: NodeApiError;
		let retryAfter: number | undefined;
		let networkCode: string | undefined;
		if (response) {
			if (response.statusCode < 400) {
				if (!request.answer.isValid(response.body)) {
					throw invalidAnswerError(
						this.getNode(),
						{
							status: response.statusCode,
							contentType: [response.headers['content-type']].flat()[0],
							body: response.body,
						},
						request.answer,
						{ itemIndex: request.itemIndex, secrets },
					);
				}
				return {
					status: response.statusCode,
					headers: response.headers,
					body: response.body as T,
					retried,
				};
			}
			failure = deepgramApiError(
				this.getNode(),
				parseDeepgramError(response.statusCode, response.body),
				{ itemIndex: request.itemIndex, secrets },
			);
			if (!RETRYABLE_STATUSES.includes(response.statusCode)) throw failure;
			retryAfter = retryAfterMs(response.headers['retry-after']);
		} else {
			const cause = ((networkError as { cause?: unknown }).cause ?? networkError) as {
				code?: string;
				message?: string;
				status?: number;
				response?: { status?: number };
			};
			// A status line that arrived means Deepgram answered, and the body was cut off.
			const answered = cause.response?.status ?? cause.status;
			const { message, description } = networkFailure(
				cause.code,
				request.method,
				baseUrl,
				typeof answered === 'number' ? answered : undefined,
			);
			failure = new NodeApiError(
				this.getNode(),
				{
					message: redactSecrets(String(cause.message), secrets),
					code: cause.code ?? null,
				} as JsonObject,
				{ message, description, itemIndex: request.itemIndex },
			);
			// NodeApiError swaps messages of well-known codes for generic ones; ours says more.
			failure.message = message;
			if (!isRetryableNetworkError(cause, request.method)) throw failure;
			networkCode = cause.code;
		}

		const delay = retryDelayMs(attempt, retryAfter);
		const outOfTries = attempt >= RETRY_POLICY.maxAttempts;
		const outOfTime = Date.now() - started + delay > RETRY_POLICY.maxTotalMs;
		if (outOfTries || outOfTime) {
			failure.description = [failure.description, notRetried(attempt, delay, outOfTime)]
				.filter(Boolean)
				.join(' ');
			throw failure;
		}
		const details = (failure.errorResponse ?? {}) as JsonObject;
		retried.push({
			status: response?.statusCode ?? null,
			code: networkCode ?? (typeof details.code === 'string' ? details.code : null),
			request_id: typeof details.request_id === 'string' ? details.request_id : null,
		});
		await request.onRetry?.(response?.statusCode, delay);
		await sleep(delay);
		await request.beforeResend?.();
	}
}
