import type { IDataObject } from 'n8n-workflow';

/**
 * Every measure of a usage breakdown row (deepgram-api.md §6): `hours` of audio transcribed,
 * `total_hours` counting every channel, Voice Agent `agent_hours`, text-to-speech
 * `tts_characters`, and Text Intelligence `tokens_in` / `tokens_out`.
 */
export interface UsageTotals {
	requests: number;
	hours: number;
	total_hours: number;
	agent_hours: number;
	tts_characters: number;
	tokens_in: number;
	tokens_out: number;
}

/** A usage breakdown row as the node reads it; test/unit/contract checks Deepgram's type fits. */
export interface UsageRow {
	requests?: number;
	hours?: number;
	total_hours?: number;
	agent_hours?: number;
	tts_characters?: number;
	tokens_in?: number;
	tokens_out?: number;
	grouping?: { tags?: unknown };
}

/** A billing breakdown row as the node reads it. */
export interface BillingRow {
	dollars?: number;
	grouping?: { tags?: unknown };
}

/** Usage as the node outputs it: rounded, with minutes beside the hours. */
export interface ReadableUsage extends IDataObject {
	requests: number;
	hours: number;
	minutes: number;
	total_hours: number;
	agent_hours: number;
	tts_characters: number;
	tokens_in: number;
	tokens_out: number;
}

const MEASURES = [
	'requests',
	'hours',
	'total_hours',
	'agent_hours',
	'tts_characters',
	'tokens_in',
	'tokens_out',
] as const;

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

export const noUsage = (): UsageTotals =>
	Object.fromEntries(MEASURES.map((measure) => [measure, 0])) as unknown as UsageTotals;

/** Totals of one usage result (a breakdown row); a measure Deepgram leaves out counts 0. */
export function usageTotals(result: UsageRow): UsageTotals {
	return Object.fromEntries(
		MEASURES.map((measure) => [measure, numberOr0(result[measure])]),
	) as unknown as UsageTotals;
}

/** Adds `row` into `sum` (rounding waits for the output, so sums stay exact). */
export function addUsage(sum: UsageTotals, row: UsageTotals): UsageTotals {
	for (const measure of MEASURES) sum[measure] += row[measure];
	return sum;
}

export function readableUsage(totals: UsageTotals): ReadableUsage {
	return {
		requests: totals.requests,
		hours: roundTo(totals.hours, HOUR_PLACES),
		minutes: roundTo(totals.hours * 60, MINUTE_PLACES),
		total_hours: roundTo(totals.total_hours, HOUR_PLACES),
		agent_hours: roundTo(totals.agent_hours, HOUR_PLACES),
		tts_characters: totals.tts_characters,
		tokens_in: totals.tokens_in,
		tokens_out: totals.tokens_out,
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

/** The `dollars` of a billing breakdown row: every product billed (audio, speech, text, agents). */
export function rowDollars(row: BillingRow): number {
	return numberOr0(row.dollars);
}
