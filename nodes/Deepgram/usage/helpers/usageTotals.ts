import type { IDataObject } from 'n8n-workflow';

/** Hours as Deepgram reports them: `hours` of audio, `total_hours` counting every channel. */
export interface UsageTotals extends IDataObject {
	requests: number;
	hours: number;
	total_hours: number;
}

export interface DailyUsage extends UsageTotals {
	date: string;
}

function numberOr0(value: unknown): number {
	return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function list(value: unknown): Array<Record<string, unknown>> {
	return Array.isArray(value) ? (value as Array<Record<string, unknown>>) : [];
}

/** Totals of one usage result (a breakdown row or a day of `/usage`). */
export function usageTotals(result: Record<string, unknown>): UsageTotals {
	return {
		requests: numberOr0(result.requests),
		hours: numberOr0(result.hours),
		total_hours: numberOr0(result.total_hours),
	};
}

/** Sum of a breakdown's results; none (an empty range) gives zeros. */
export function sumUsage(results: unknown): UsageTotals {
	const sum: UsageTotals = { requests: 0, hours: 0, total_hours: 0 };
	for (const row of list(results).map(usageTotals)) {
		sum.requests += row.requests;
		sum.hours += row.hours;
		sum.total_hours += row.total_hours;
	}
	return sum;
}

/**
 * The per-day series of a `/usage` answer (one result per day, docs and SDKs), or null when the
 * answer has none (the 2026 spec describes `/usage` without results).
 */
export function dailySeries(body: unknown): DailyUsage[] | null {
	const results = (body as { results?: unknown } | null | undefined)?.results;
	if (!Array.isArray(results)) return null;
	return list(results).map((day) => ({
		date: typeof day.start === 'string' ? day.start.slice(0, 10) : '',
		...usageTotals(day),
	}));
}

/** Sum of `dollars` over a billing breakdown's results. */
export function sumDollars(results: unknown): number {
	return list(results).reduce((sum, row) => sum + numberOr0(row.dollars), 0);
}

/** Hours × price; Deepgram bills each channel, so `total_hours`. Rounded to 1/10000 of a cent. */
export function estimatedCost(totalHours: number, pricePerHour: number): number {
	return Math.round(totalHours * pricePerHour * 1e6) / 1e6;
}
