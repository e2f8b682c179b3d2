import type { IDataObject } from 'n8n-workflow';

import type { TagSetSums } from './tagSets';
import {
	dollarFields,
	estimatedCostFields,
	noUsage,
	readableUsage,
	type UsageTotals,
} from './usageTotals';

/** Said on every tag item: per-tag totals overlap, unlike "Usage Grouped by Tags". */
export const MULTI_TAG_NOTE =
	'A request with several tags is counted under each of them; use "Usage Grouped by Tags" for totals without overlap.';

/** Said on the totals item, which is what the project used and what the per-tag items overlap in. */
export const TOTALS_NOTE =
	'The project total for the range and filters: each request counts once, tagged or not.';

export interface TagReport {
	/** project_id, start and end, on every item. */
	head: IDataObject;
	/** The tags to report, in order. */
	tags: readonly string[];
	usage: TagSetSums<UsageTotals>;
	/** Per UTC day of the range, when the daily series was asked for. */
	days?: ReadonlyArray<{ date: string; usage: TagSetSums<UsageTotals> }>;
	/** Billed dollars, or why they are missing (Continue on Fail); absent when not asked for. */
	billing?: TagSetSums<number> | { error: string };
	pricePerHour: number;
	untagged: boolean;
	totals: boolean;
}

type Select<T> = (sums: TagSetSums<T>) => T;

/**
 * The items of "Usage per Tag": one per tag, then the untagged usage and the totals when asked
 * for. The totals item comes even for a range without usage, so what follows always runs.
 */
export function tagReportItems(report: TagReport): IDataObject[] {
	const item = (fields: IDataObject, usageOf: Select<UsageTotals>, dollarsOf: Select<number>) => {
		const usage = usageOf(report.usage);
		const json: IDataObject = { ...fields, ...report.head, ...readableUsage(usage) };
		if (report.pricePerHour) {
			Object.assign(json, estimatedCostFields(usage.total_hours, report.pricePerHour));
		}
		if (report.billing && 'error' in report.billing) json.billing_error = report.billing.error;
		else if (report.billing)
			Object.assign(json, dollarFields('dollars', dollarsOf(report.billing)));
		if (report.days) {
			json.daily = report.days.map((day) => ({
				date: day.date,
				...readableUsage(usageOf(day.usage)),
			}));
		}
		return json;
	};

	const items: IDataObject[] = report.tags.map((tag) => ({
		...item(
			{ kind: 'tag', tag },
			(sums) => sums.byTag.get(tag) ?? noUsage(),
			(sums) => sums.byTag.get(tag) ?? 0,
		),
		note: MULTI_TAG_NOTE,
	}));
	if (report.untagged) {
		items.push(
			item(
				{ kind: 'untagged', tag: null },
				(sums) => sums.untagged,
				(sums) => sums.untagged,
			),
		);
	}
	if (report.totals) {
		items.push({
			...item(
				{ kind: 'total', tag: null },
				(sums) => sums.total,
				(sums) => sums.total,
			),
			tags_reported: report.tags.length,
			note: TOTALS_NOTE,
		});
	}
	return items;
}
