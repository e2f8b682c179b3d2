import type { IDataObject } from 'n8n-workflow';

import { shownUrl } from '../../shared/redact';

/**
 * A request record of `GET …/requests`, read from either shape Deepgram's descriptions give
 * (deepgram-api.md §6): the SDKs' (`response.details`, `callback: {attempts, code, completed}`)
 * or the 2026 spec's (`code` and `deployment` on top, `callback` as the URL, `response` opaque).
 */
export interface RequestSummary extends IDataObject {
	request_id: string;
	created: string | null;
	completed: string | null;
	api_key_id: string | null;
	deployment: string | null;
	method: string | null;
	code: number | null;
	message: string | null;
	tags: string[];
	duration: number | null;
	channels: number | null;
	models: string[];
	features: string[];
	usd: number | null;
	callback: CallbackSummary | null;
}

export interface CallbackSummary extends IDataObject {
	url: string | null;
	attempts: number | null;
	code: number | null;
	completed: string | null;
	/** Whether Deepgram got a 2xx from the callback URL; null while unknown. */
	delivered: boolean | null;
}

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}
function text(value: unknown): string | null {
	return typeof value === 'string' ? value : null;
}
function number(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
function strings(value: unknown): string[] | undefined {
	return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

/** The query of a record's `path` (`/v1/listen?tag=a&callback=…`). */
function pathQuery(path: string | null): URLSearchParams {
	const at = path?.indexOf('?') ?? -1;
	return new URLSearchParams(path && at !== -1 ? path.slice(at + 1) : '');
}

function callbackSummary(
	record: Json,
	config: Json | undefined,
	query: URLSearchParams,
): CallbackSummary | null {
	const delivery = object(record.callback);
	const url = text(record.callback) ?? text(config?.callback) ?? query.get('callback');
	if (!delivery && url === null) return null;
	const code = number(delivery?.code);
	return {
		// Neither Basic Auth user info nor n8n's resume token reaches an output.
		url: shownUrl(url),
		attempts: number(delivery?.attempts),
		code,
		completed: text(delivery?.completed),
		delivered: code === null ? null : code >= 200 && code < 300,
	};
}

/**
 * The fields a workflow needs from one record. Tags come from `response.details.tags` (which
 * include the key's tags); when a record has no details, from the `tag` parameters of its path.
 * The path itself is left out: it may carry the callback secret.
 */
export function summarizeRecord(raw: unknown): RequestSummary {
	const record = object(raw) ?? {};
	const response = object(record.response);
	const details = object(response?.details);
	const config = object(details?.config);
	const query = pathQuery(text(record.path));
	return {
		request_id: text(record.request_id) ?? '',
		created: text(record.created),
		completed: text(response?.completed),
		api_key_id: text(record.api_key_id),
		deployment: text(record.deployment),
		method: text(details?.method),
		code: number(record.code) ?? number(response?.code),
		message: text(response?.message),
		tags: strings(details?.tags) ?? query.getAll('tag'),
		duration: number(details?.duration),
		channels: number(details?.channels),
		models: strings(details?.models) ?? [],
		features: strings(details?.features) ?? [],
		usd: number(details?.usd),
		callback: callbackSummary(record, config, query),
	};
}

/** `GET …/requests/{id}` answers `{request: record}` (spec) or the bare record (SDKs). */
export function unwrapRequestRecord(body: unknown): unknown {
	const wrapped = object(body);
	if (wrapped && wrapped.request_id === undefined && object(wrapped.request))
		return wrapped.request;
	return body;
}
