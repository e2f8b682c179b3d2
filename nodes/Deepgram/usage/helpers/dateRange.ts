import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

const DAY_MS = 86_400_000;
/** Empty Start and End: the last 30 UTC days, today included (Start is 29 days before today). */
export const DEFAULT_RANGE_DAYS = 30;

/** `start`/`end` as sent to Deepgram: `YYYY-MM-DD` (a whole UTC day) or a UTC datetime. */
export interface DateRange {
	start: string;
	end: string;
}

type BoundField = 'Start' | 'End';

const DATE_TIME =
	/^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

function utcDay(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

function invalidBound(node: INode, field: BoundField, value: string): NodeOperationError {
	return new NodeOperationError(
		node,
		`${field} "${value}" is not a date: pick one, or use an expression returning a date or YYYY-MM-DD`,
		{ description: `Check the "${field}" field.` },
	);
}

/** The value of a date field as text: date pickers give strings, expressions Luxon DateTimes or Dates. */
function boundText(value: unknown): string | undefined {
	if (typeof value === 'string') return value.trim();
	if (value instanceof Date)
		return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
	const toISO = (value as { toISO?: unknown } | null | undefined)?.toISO;
	if (typeof toISO === 'function') return String(toISO.call(value));
	return value === undefined || value === null ? undefined : String(value);
}

/** How far `timeZone`'s wall clock is ahead of UTC at `ms` (Intl only: nodes may not import luxon). */
function zoneOffsetMs(timeZone: string, ms: number): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric',
		second: 'numeric',
	}).formatToParts(new Date(ms));
	const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const wall = Date.UTC(
		part('year'),
		part('month') - 1,
		part('day'),
		part('hour'),
		part('minute'),
		part('second'),
	);
	return wall - Math.floor(ms / 1000) * 1000;
}

/** The UTC instant of a wall-clock time in `timeZone` (the zone's offset at that moment). */
function wallClockToUtc(wallMs: number, timeZone: string): number {
	const guess = wallMs - zoneOffsetMs(timeZone, wallMs);
	return wallMs - zoneOffsetMs(timeZone, guess);
}

/**
 * One bound as Deepgram reads it. Midnight (or no time) means the whole day as written, which is
 * what a date picker or `$today` means; any other time is an exact moment, sent in UTC. A time
 * without a zone is in the workflow's time zone, as n8n's date picker gives it.
 */
export function toDeepgramBound(
	node: INode,
	field: BoundField,
	value: unknown,
	timeZone: string,
): string | undefined {
	const text = boundText(value);
	if (text === undefined || text === '') return undefined;
	const match = DATE_TIME.exec(text);
	if (!match) throw invalidBound(node, field, text);
	const [, day, hour = '00', minute = '00', second = '00', fraction = '0', zone] = match;
	const dayMs = Date.parse(`${day}T00:00:00Z`);
	if (Number.isNaN(dayMs) || utcDay(dayMs) !== day) throw invalidBound(node, field, text);
	const [h, m, s, f] = [hour, minute, second, fraction].map(Number);
	if (h > 23 || m > 59 || s > 59) throw invalidBound(node, field, text);
	if (h + m + s + f === 0) return day;

	const wallMs = dayMs + ((h * 60 + m) * 60 + s) * 1000;
	let ms: number;
	if (!zone) ms = wallClockToUtc(wallMs, timeZone);
	else if (zone.toUpperCase() === 'Z') ms = wallMs;
	else {
		const sign = zone.startsWith('-') ? -1 : 1;
		const digits = zone.replace(/[^0-9]/g, '');
		ms = wallMs - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
	}
	return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** Start of the range as an instant, and its end as an exclusive instant (a date covers its day). */
function boundMs(bound: string, field: BoundField): number {
	const ms = Date.parse(bound.length === 10 ? `${bound}T00:00:00Z` : bound);
	return field === 'End' && bound.length === 10 ? ms + DAY_MS : ms;
}

/**
 * The range to send: the fields' values, with an empty Start meaning 29 days before today and
 * an empty End meaning today, 30 days in all (UTC days, as Deepgram counts them).
 */
export function resolveDateRange(
	node: INode,
	fields: { start: unknown; end: unknown },
	now: Date,
	timeZone: string,
): DateRange {
	const start =
		toDeepgramBound(node, 'Start', fields.start, timeZone) ??
		utcDay(now.getTime() - (DEFAULT_RANGE_DAYS - 1) * DAY_MS);
	const end = toDeepgramBound(node, 'End', fields.end, timeZone) ?? utcDay(now.getTime());
	if (boundMs(start, 'Start') >= boundMs(end, 'End')) {
		throw new NodeOperationError(
			node,
			`Start (${start}) is not before End (${end}): pick an earlier Start or a later End`,
			{ description: 'Check the "Start" and "End" fields.' },
		);
	}
	return { start, end };
}

/**
 * The range ending no later than `now` (in whole seconds, rounded down): a list read page by page
 * then holds only what existed when the reading started, and requests arriving meanwhile cannot
 * shift its pages. Null when the whole range is still to come.
 */
export function endingByNow(range: DateRange, now: Date): DateRange | null {
	const nowMs = Math.floor(now.getTime() / 1000) * 1000;
	if (boundMs(range.end, 'End') <= nowMs) return range;
	if (boundMs(range.start, 'Start') >= nowMs) return null;
	return { start: range.start, end: `${new Date(nowMs).toISOString().slice(0, 19)}Z` };
}

/** The range as Deepgram's `start`/`end` query parameters. */
export function rangeQuery(range: DateRange): Array<[string, string]> {
	return [
		['start', range.start],
		['end', range.end],
	];
}

/**
 * One range per UTC day the range touches, for per-day breakdowns: whole days as dates, the first
 * and last cut at the range's own bounds when those are moments.
 */
export function dailyRanges(range: DateRange): Array<DateRange & { date: string }> {
	// Bounds are UTC dates or UTC datetimes: their first 10 characters are their UTC day.
	const first = Date.parse(`${range.start.slice(0, 10)}T00:00:00Z`);
	const last = Date.parse(`${range.end.slice(0, 10)}T00:00:00Z`);
	const days: Array<DateRange & { date: string }> = [];
	for (let ms = first; ms <= last; ms += DAY_MS) {
		const date = utcDay(ms);
		days.push({
			date,
			start: ms === first ? range.start : date,
			end: ms === last ? range.end : date,
		});
	}
	return days;
}
