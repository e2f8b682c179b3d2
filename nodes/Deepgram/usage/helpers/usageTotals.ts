import type { IDataObject } from 'n8n-workflow';

/** Hours as Deepgram reports them: `hours` of audio, `total_hours` counting every channel. */
export interface UsageTotals {
	requests: number;
	hours: number;
	total_hours: number;
}

/** Usage as the node outputs it: rounded, with minutes beside the hours. */
export interface ReadableUsage extends IDataObject {
	requests: number;
	hours: number;
	minutes: number;
	total_hours: number;
}

/** Hours to a millionth (under 4 ms of audio): exact sums without floating-point noise. */
const HOUR_PLACES = 6;
/** Minutes to a hundredth (0.6 s), for reading. */
const MINUTE_PLACES = 2;
/** Dollars to the cent for reading, and to a millionth raw (Deepgram bills fractions of a cent). */
const CENT_PLACES = 2;
const RAW_DOLLAR_PLACES = 6;

export function roundTo(value: number, places: number): number {
	const factor = 10 ** places;
	return Math.round(value * factor) / factor;
}

function numberOr0(value: unknown): number {
	return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

export const noUsage = (): UsageTotals => ({ requests: 0, hours: 0, total_hours: 0 });

/** Totals of one usage result (a breakdown row). */
export function usageTotals(result: Record<string, unknown>): UsageTotals {
	return {
		requests: numberOr0(result.requests),
		hours: numberOr0(result.hours),
		total_hours: numberOr0(result.total_hours),
	};
}

/** Adds `row` into `sum` (rounding waits for the output, so sums stay exact). */
export function addUsage(sum: UsageTotals, row: UsageTotals): UsageTotals {
	sum.requests += row.requests;
	sum.hours += row.hours;
	sum.total_hours += row.total_hours;
	return sum;
}

export function readableUsage(totals: UsageTotals): ReadableUsage {
	return {
		requests: totals.requests,
		hours: roundTo(totals.hours, HOUR_PLACES),
		minutes: roundTo(totals.hours * 60, MINUTE_PLACES),
		total_hours: roundTo(totals.total_hours, HOUR_PLACES),
	};
}

/** `name` in dollars to the cent, and `name_raw` to a millionth of a dollar. */
export function dollarFields(name: string, dollars: number): IDataObject {
	return {
		[name]: roundTo(dollars, CENT_PLACES),
		[`${name}_raw`]: roundTo(dollars, RAW_DOLLAR_PLACES),
	};
}

/** Hours × price; Deepgram bills each channel, so `total_hours`. */
export function estimatedCostFields(totalHours: number, pricePerHour: number): IDataObject {
	return dollarFields('estimated_cost', totalHours * pricePerHour);
}

/** The `dollars` of a billing breakdown row. */
export function rowDollars(row: Record<string, unknown>): number {
	return numberOr0(row.dollars);
}
