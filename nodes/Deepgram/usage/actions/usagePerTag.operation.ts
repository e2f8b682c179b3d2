import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { MANAGEMENT_CONCURRENCY } from '../../shared/constants';
import { itemError } from '../../shared/itemErrors';
import { tagList } from '../../shared/tagList.description';
import { PROJECT_PATHS, projectClient, type Query } from '../api';
import {
	optionsCollection,
	pricePerHourOption,
	readPricePerHour,
} from '../descriptions/collections.description';
import { BILLING_FILTERS, USAGE_FILTERS, usageFilters } from '../descriptions/filters.description';
import { mapConcurrent } from '../helpers/concurrent';
import { dailyRanges, rangeQuery, type DateRange } from '../helpers/dateRange';
import { readDateRange, readFilters, readTags, resolveProjectId } from '../helpers/parameters';
import { tagReportItems, type TagReport } from '../helpers/tagReport';
import { sumTagSets, tagSetRows, type TagSetSums } from '../helpers/tagSets';
import {
	addUsage,
	noUsage,
	rowDollars,
	usageTotals,
	type UsageTotals,
} from '../helpers/usageTotals';

export { MULTI_TAG_NOTE, TOTALS_NOTE } from '../helpers/tagReport';

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
				description: 'Every tag with usage in the range and filters, including API key tags',
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
				'Whether to add the usage of each day in the range as "daily" (one call to Deepgram per day)',
		},
		{
			displayName: 'Include Totals Item',
			name: 'includeTotals',
			type: 'boolean',
			default: true,
			description:
				'Whether to add one item with the project’s totals (kind "total"). It comes even when the range has no usage, so the nodes after this one always run.',
		},
		{
			displayName: 'Include Untagged Usage',
			name: 'includeUntagged',
			type: 'boolean',
			default: true,
			description:
				'Whether to add one item with the usage of requests without tags (kind "untagged")',
		},
		pricePerHourOption,
	]),
];

export const description = updateDisplayOptions(
	{ show: { operation: ['usagePerTag'] } },
	properties,
);

interface Options {
	includeBilledCost?: boolean;
	includeDaily?: boolean;
	includeTotals?: boolean;
	includeUntagged?: boolean;
	pricePerHour?: unknown;
}

const byTags = (range: DateRange, filters: Query): Query => [
	...rangeQuery(range),
	['grouping', 'tags'],
	...filters,
];

/**
 * Every number comes from Deepgram's `grouping=tags` breakdowns, summed per tag here: one usage
 * call for the range, one billing call, and one usage call per day for the daily series, however
 * many tags there are. The calls run a few at a time.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const projectId = await resolveProjectId.call(this, itemIndex);
	const range = readDateRange.call(this, itemIndex);
	const filters = readFilters.call(this, itemIndex, USAGE_FILTERS);
	const options = this.getNodeParameter('options', itemIndex, {}) as Options;
	const pricePerHour = readPricePerHour(this.getNode(), options, itemIndex);
	const listed =
		this.getNodeParameter('tagSource', itemIndex) === 'all'
			? undefined
			: readTags.call(this, itemIndex, ', or choose "All Tags Used in the Range"');
	const billingFilters = filters.filter(([name]) =>
		(BILLING_FILTERS as readonly string[]).includes(name),
	);
	const get = projectClient(this, projectId, itemIndex);

	const usageSums = async (span: DateRange): Promise<TagSetSums<UsageTotals>> => {
		const body = await get<{ results?: unknown }>(
			PROJECT_PATHS.usageBreakdown,
			byTags(span, filters),
		);
		return sumTagSets(tagSetRows(body.results, usageTotals), noUsage, addUsage);
	};
	const billingSums = async (): Promise<TagReport['billing']> => {
		try {
			const body = await get<{ results?: unknown }>(
				PROJECT_PATHS.billingBreakdown,
				byTags(range, billingFilters),
			);
			return sumTagSets(
				tagSetRows(body.results, rowDollars),
				() => 0,
				(a, b) => a + b,
			);
		} catch (error) {
			// With Continue on Fail the usage numbers still count; the items say why dollars are missing.
			if (!this.continueOnFail()) throw itemError(this.getNode(), error, itemIndex);
			return { error: (error as Error).message };
		}
	};

	let usage: TagSetSums<UsageTotals> | undefined;
	let billing: TagReport['billing'];
	const days = options.includeDaily === false ? [] : dailyRanges(range);
	const daily: Array<{ date: string; usage: TagSetSums<UsageTotals> }> = [];
	const calls: Array<() => Promise<void>> = [
		async () => {
			usage = await usageSums(range);
		},
		...(options.includeBilledCost
			? [
					async () => {
						billing = await billingSums();
					},
				]
			: []),
		...days.map((day, index) => async () => {
			daily[index] = { date: day.date, usage: await usageSums(day) };
		}),
	];
	await mapConcurrent(calls, MANAGEMENT_CONCURRENCY, async (call) => await call());

	const sums = usage as TagSetSums<UsageTotals>;
	return tagReportItems({
		head: { project_id: projectId, start: range.start, end: range.end },
		tags: listed ?? [...sums.byTag.keys()].sort(),
		usage: sums,
		days: options.includeDaily === false ? undefined : daily,
		billing,
		pricePerHour,
		untagged: options.includeUntagged !== false,
		totals: options.includeTotals !== false,
	});
}
