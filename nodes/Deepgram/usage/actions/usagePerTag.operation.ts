import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { itemError } from '../../shared/itemErrors';
import { PROJECT_PATHS, projectClient, type Query } from '../api';
import {
	optionsCollection,
	pricePerHourOption,
	readPricePerHour,
} from '../descriptions/collections.description';
import { BILLING_FILTERS, USAGE_FILTERS, usageFilters } from '../descriptions/filters.description';
import { tagList } from '../../shared/tagList.description';
import { rangeQuery } from '../helpers/dateRange';
import { readDateRange, readFilters, readTags, resolveProjectId } from '../helpers/parameters';
import { dailySeries, estimatedCost, sumDollars, sumUsage } from '../helpers/usageTotals';

/** Said on every item: per-tag totals overlap, unlike "Usage Grouped by Tags". */
export const MULTI_TAG_NOTE =
	'A request with several tags is counted under each of them; use "Usage Grouped by Tags" for totals without overlap.';

const properties: INodeProperties[] = [
	{
		displayName: 'Tags to Report',
		name: 'tagSource',
		type: 'options',
		default: 'list',
		options: [
			{
				name: 'All Tags Used in the Range',
				value: 'all',
				description: 'Every tag Deepgram recorded in the range, including API key tags',
			},
			{ name: 'Specific Tags', value: 'list' },
		],
	},
	{
		...tagList('One output item per tag'),
		displayOptions: { show: { tagSource: ['list'] } },
	},
	usageFilters,
	optionsCollection([
		{
			displayName: 'Include Billed Cost',
			name: 'includeBilledCost',
			type: 'boolean',
			default: false,
			description:
				'Whether to add the dollars Deepgram billed per tag (needs a key with the billing:read scope). Billing can only be filtered by API key and deployment.',
		},
		{
			displayName: 'Include Daily Series',
			name: 'includeDaily',
			type: 'boolean',
			default: true,
			description:
				'Whether to add the usage of each day in the range as "daily" (null when Deepgram returns no per-day results)',
		},
		pricePerHourOption,
	]),
];

export const description = updateDisplayOptions(
	{ show: { operation: ['usagePerTag'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const projectId = await resolveProjectId.call(this, itemIndex);
	const range = readDateRange.call(this, itemIndex);
	const filters = readFilters.call(this, itemIndex, USAGE_FILTERS);
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		includeBilledCost?: boolean;
		includeDaily?: boolean;
		pricePerHour?: unknown;
	};
	const pricePerHour = readPricePerHour(this.getNode(), options, itemIndex);
	const inRange = rangeQuery(range);
	const get = projectClient(this, projectId, itemIndex);

	let tags: string[];
	if (this.getNodeParameter('tagSource', itemIndex) === 'all') {
		const fields = await get<{ tags?: unknown }>(PROJECT_PATHS.usageFields, inRange);
		tags = Array.isArray(fields.tags)
			? fields.tags.filter((t): t is string => typeof t === 'string')
			: [];
	} else {
		tags = readTags.call(this, itemIndex, ', or choose "All Tags Used in the Range"');
	}

	const billingFilters = filters.filter(([name]) =>
		(BILLING_FILTERS as readonly string[]).includes(name),
	);
	// One billing failure (e.g. a key without billing:read) stands for all tags of this item.
	let billingError: string | undefined;
	const results: IDataObject[] = [];
	for (const tag of tags) {
		const usageQuery: Query = [...inRange, ['tag', tag], ...filters];
		const breakdown = await get<{ results?: unknown }>(PROJECT_PATHS.usageBreakdown, usageQuery);
		const totals = sumUsage(breakdown.results);
		const item: IDataObject = {
			tag,
			project_id: projectId,
			start: range.start,
			end: range.end,
			...totals,
		};
		if (pricePerHour) {
			item.estimated_cost = estimatedCost(totals.total_hours, pricePerHour);
		}
		if (options.includeBilledCost) {
			if (billingError === undefined) {
				try {
					const billing = await get<{ results?: unknown }>(PROJECT_PATHS.billingBreakdown, [
						...inRange,
						['tag', tag],
						...billingFilters,
					]);
					item.dollars = sumDollars(billing.results);
				} catch (error) {
					// With Continue on Fail the usage numbers still count; the item says why dollars are missing.
					if (!this.continueOnFail()) throw itemError(this.getNode(), error, itemIndex);
					billingError = (error as Error).message;
				}
			}
			if (billingError !== undefined) item.billing_error = billingError;
		}
		if (options.includeDaily !== false) {
			item.daily = dailySeries(await get<unknown>(PROJECT_PATHS.usage, usageQuery));
		}
		item.note = MULTI_TAG_NOTE;
		results.push(item);
	}
	return results;
}
