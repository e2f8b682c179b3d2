import type {
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { DeepgramAccess, DeepgramContext } from './access';
import { RETRY_POLICY, RETRYABLE_STATUSES } from './constants';
import type { AnswerShape } from './answerShapes';
import { deepgramApiError, invalidAnswerError, networkFailure, parseDeepgramError } from './errors';
import { pause } from './pause';
import { withQuery, type QueryValue } from './query';
import { redactSecrets } from './redact';

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

/** The execution's cancel signal, where the context has one (a node run; not a list search). */
function cancelSignal(context: DeepgramContext): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
}

/** The execution was stopped: nothing more is sent, and what was in flight was abandoned. */
function stoppedError(context: DeepgramContext, request: DeepgramRequest): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		'The execution was stopped before Deepgram answered',
		{
			itemIndex: request.itemIndex,
			description: `The request to Deepgram was abandoned when the execution stopped${
				request.method === 'GET' ? '.' : ': Deepgram may still have accepted it.'
			}`,
		},
	);
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

/** Where an item's retries stand: carried over when a rate-limited request is sent again later. */
export interface RetryState {
	/** Attempts made so far. */
	attempts: number;
	startedAt: number;
	/**
	 * Time since `startedAt` the item spent queued behind other requests of its batch (after a
	 * 429 wait, for a free slot): not its own waiting, so not counted against its time budget.
	 */
	queuedMs: number;
	retried: RetriedAttempt[];
}

/** A 429 handed back to the caller (a batch) to send again after `delayMs`, within the budget. */
export interface RateLimited {
	rateLimited: true;
	delayMs: number;
	state: RetryState;
}

type Attempt<T> =
	| { kind: 'answer'; response: DeepgramResponse<T> }
	| {
			kind: 'retry';
			failure: NodeApiError;
			status: number | null;
			code: string | null;
			retryAfter?: number;
	  };

/** Sends one attempt: a valid answer, a failure worth another try, or a thrown error. */
async function attempt<T>(
	context: DeepgramContext,
	access: DeepgramAccess,
	request: DeepgramRequest,
	retried: RetriedAttempt[],
): Promise<Attempt<T>> {
	const baseUrl = request.api === 'listen' ? access.listenBaseUrl : access.managementBaseUrl;
	const { secrets } = access;
	const signal = cancelSignal(context);
	if (signal?.aborted) throw stoppedError(context, request);
	const body = typeof request.body === 'function' ? await request.body() : request.body;
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${baseUrl}${withQuery(request.path, request.query ?? [])}`,
		// The key as a plain header: n8n's authenticated helper would read and decrypt the
		// credential and evaluate its expression again on every request of a batch.
		headers: { ...request.headers, Authorization: access.authorization },
		body: body as IHttpRequestOptions['body'],
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// Redirect following keeps every chunk of a request body to replay it, which would hold
		// a streamed upload in memory; Deepgram does not redirect, so streams go out directly.
		disableFollowRedirect: isStream(body),
		// Stop aborts a request in flight: the execution no longer waits for it.
		...(signal ? { abortSignal: signal } : {}),
	};

	let response: FullResponse;
	try {
		response = (await context.helpers.httpRequest(options)) as FullResponse;
	} catch (networkError) {
		if (signal?.aborted) throw stoppedError(context, request);
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
		// Built from the cause's message and code only: never from the options, which hold the key.
		const failure = new NodeApiError(
			context.getNode(),
			{
				message: redactSecrets(String(cause.message), secrets),
				code: cause.code ?? null,
			} as JsonObject,
			{ message, description, itemIndex: request.itemIndex },
		);
		// NodeApiError swaps messages of well-known codes for generic ones; ours says more.
		failure.message = message;
		if (!isRetryableNetworkError(cause, request.method)) throw failure;
		return { kind: 'retry', failure, status: null, code: cause.code ?? null };
	} finally {
		// A stream serves one attempt: closed now, not held through a retry wait.
		if (isStream(body)) (body as { destroy?: () => void }).destroy?.();
	}

	if (response.statusCode < 400) {
		if (!request.answer.isValid(response.body)) {
			throw invalidAnswerError(
				context.getNode(),
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
			kind: 'answer',
			response: {
				status: response.statusCode,
				headers: response.headers,
				body: response.body as T,
				retried,
			},
		};
	}
	const failure = deepgramApiError(
		context.getNode(),
		parseDeepgramError(response.statusCode, response.body),
		{ itemIndex: request.itemIndex, secrets },
	);
	if (!RETRYABLE_STATUSES.includes(response.statusCode)) throw failure;
	const details = (failure.errorResponse ?? {}) as JsonObject;
	return {
		kind: 'retry',
		failure,
		status: response.statusCode,
		code: typeof details.code === 'string' ? details.code : null,
		retryAfter: retryAfterMs(response.headers['retry-after']),
	};
}

function newRetryState(): RetryState {
	return { attempts: 0, startedAt: Date.now(), queuedMs: 0, retried: [] };
}

/**
 * Sends until an answer, retrying 429/5xx with backoff (honouring Retry-After, bounded in tries
 * and time), or, with `returnRateLimit`, handing a 429 that may still be retried back to the
 * caller. Throws the last failure when the tries or the time are used up.
 */
async function send<T>(
	context: DeepgramContext,
	access: DeepgramAccess,
	request: DeepgramRequest,
	state: RetryState,
	returnRateLimit: boolean,
): Promise<DeepgramResponse<T> | RateLimited> {
	for (;;) {
		state.attempts++;
		const result = await attempt<T>(context, access, request, state.retried);
		if (result.kind === 'answer') return result.response;
		const { failure } = result;
		const delayMs = retryDelayMs(state.attempts, result.retryAfter);
		const outOfTries = state.attempts >= RETRY_POLICY.maxAttempts;
		const ownTime = Date.now() - state.startedAt - state.queuedMs;
		const outOfTime = ownTime + delayMs > RETRY_POLICY.maxTotalMs;
		if (outOfTries || outOfTime) {
			failure.description = [failure.description, notRetried(state.attempts, delayMs, outOfTime)]
				.filter(Boolean)
				.join(' ');
			throw failure;
		}
		const details = (failure.errorResponse ?? {}) as JsonObject;
		state.retried.push({
			status: result.status,
			code: result.code,
			request_id: typeof details.request_id === 'string' ? details.request_id : null,
		});
		if (returnRateLimit && result.status === 429) return { rateLimited: true, delayMs, state };
		const signal = cancelSignal(context);
		await pause(delayMs, signal);
		if (signal?.aborted) throw stoppedError(context, request);
	}
}

/**
 * The one function that calls Deepgram, with the credential read once by `deepgramAccess`:
 * encodes the query Deepgram's way, retries 429/5xx (see `send`) and turns every error answer
 * into a NodeApiError with Deepgram's message, code and request_id and no secret in it.
 */
export async function deepgramRequest<T = IDataObject>(
	this: DeepgramContext,
	access: DeepgramAccess,
	request: DeepgramRequest,
): Promise<DeepgramResponse<T>> {
	return (await send<T>(this, access, request, newRetryState(), false)) as DeepgramResponse<T>;
}

/**
 * As `deepgramRequest`, but a 429 that may still be retried comes back as `RateLimited`, for a
 * batch to send again when it has room; `state` (from that result) continues the same budget.
 */
export async function deepgramRequestOrRateLimit<T = IDataObject>(
	this: DeepgramContext,
	access: DeepgramAccess,
	request: DeepgramRequest,
	state: RetryState = newRetryState(),
): Promise<DeepgramResponse<T> | RateLimited> {
	return await send<T>(this, access, request, state, true);
}
