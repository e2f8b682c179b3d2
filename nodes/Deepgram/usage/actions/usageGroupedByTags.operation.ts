import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { PROJECT_PATHS, projectClient } from '../api';
import {
	optionsCollection,
	pricePerHourOption,
	readPricePerHour,
} from '../descriptions/collections.description';
import { USAGE_FILTERS, usageFilters } from '../descriptions/filters.description';
import { rangeQuery } from '../helpers/dateRange';
import { readDateRange, readFilters, resolveProjectId } from '../helpers/parameters';
import {
	estimatedCostFields,
	readableUsage,
	usageTotals,
	type UsageRow,
} from '../helpers/usageTotals';

const properties: INodeProperties[] = [
	{
		displayName:
			'One item per combination of tags, as Deepgram groups them: each request counts once, so the totals add up to the project total',
		name: 'groupedNotice',
		type: 'notice',
		default: '',
	},
	usageFilters,

	optionsCollection([pricePerHourOption]),
];

export const description = updateDisplayOptions(
	{ show: { operation: ['usageGroupedByTags'] } },
	properties,
);

interface GroupedBreakdown {
	results?: UsageRow[];
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const projectId = await resolveProjectId.call(this, itemIndex);
	const range = readDateRange.call(this, itemIndex);
	const filters = readFilters.call(this, itemIndex, USAGE_FILTERS);
	const pricePerHour = readPricePerHour(
		this.getNode(),
		this.getNodeParameter('options', itemIndex, {}) as { pricePerHour?: unknown },
		itemIndex,
	);
	const breakdown = await projectClient(
		this,
		projectId,
		itemIndex,
	)<GroupedBreakdown>(PROJECT_PATHS.usageBreakdown, [
		...rangeQuery(range),
		['grouping', 'tags'],
		...filters,
	]);
	return (breakdown.results ?? []).map((row) => {
		const totals = usageTotals(row);
		const tags = Array.isArray(row.grouping?.tags) ? (row.grouping.tags as string[]) : [];
		return {
			tags,
			project_id: projectId,
			start: range.start,
			end: range.end,
			...readableUsage(totals),
			...(pricePerHour ? estimatedCostFields(totals.total_hours, pricePerHour) : {}),
		};
	});
}
