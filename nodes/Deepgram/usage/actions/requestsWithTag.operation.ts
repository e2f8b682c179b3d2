import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { PROJECT_PATHS, projectClient } from '../api';
import { filtersCollection, optionsCollection } from '../descriptions/collections.description';
import { endpointFilter, methodFilter } from '../descriptions/filters.description';
import { tagList } from '../../shared/tagList.description';
import { rangeQuery } from '../helpers/dateRange';
import { readDateRange, readFilters, readTags, resolveProjectId } from '../helpers/parameters';
import { summarizeRecord, type RequestSummary } from '../helpers/records';
import { matchesTags, type TagMatch } from '../helpers/tags';
import { checkNumber, type NumberRule } from '../../shared/numbers';

const LIMIT: NumberRule = { field: 'Limit', min: 1, integer: true };
/** Deepgram's page size bounds for `GET …/requests` (deepgram-api.md §6). */
const PAGE_SIZE: NumberRule = { field: 'Page Size', min: 1, max: 1000, integer: true };

const properties: INodeProperties[] = [
	{
		displayName:
			'Deepgram cannot filter requests by tag, so the node pages through the requests of the range and keeps those with the tags',
		name: 'requestsNotice',
		type: 'notice',
		default: '',
	},
	{ ...tagList('Tags the requests must carry'), required: true },
	{
		displayName: 'Match',
		name: 'match',
		type: 'options',
		default: 'any',
		options: [
			{
				name: 'All Tags',
				value: 'all',
				description: 'Requests carrying every tag listed',
			},
			{
				name: 'Any Tag',
				value: 'any',
				description: 'Requests carrying at least one tag listed',
			},
		],
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: LIMIT.field,
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: LIMIT.min },
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	filtersCollection([
		endpointFilter,
		methodFilter,
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			default: 'succeeded',
			options: [
				{ name: 'Failed', value: 'failed', description: 'Status code 400 or above' },
				{ name: 'Succeeded', value: 'succeeded', description: 'Status code below 300' },
			],
		},
	]),

	optionsCollection([
		{
			displayName: PAGE_SIZE.field,
			name: 'pageSize',
			type: 'number',
			default: 100,
			typeOptions: { minValue: PAGE_SIZE.min, maxValue: PAGE_SIZE.max },
			description: 'How many request records to fetch from Deepgram per call (1 to 1000)',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { operation: ['requestsWithTag'] } },
	properties,
);

interface RequestsPage {
	limit?: unknown;
	requests?: unknown;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const projectId = await resolveProjectId.call(this, itemIndex);
	const range = readDateRange.call(this, itemIndex);
	const wanted = readTags.call(this, itemIndex, '');
	const match = this.getNodeParameter('match', itemIndex) as TagMatch;
	const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
	const node = this.getNode();
	const limit = returnAll
		? Infinity
		: checkNumber(node, LIMIT, this.getNodeParameter('limit', itemIndex), itemIndex);
	const pageSize = checkNumber(
		node,
		PAGE_SIZE,
		this.getNodeParameter('options.pageSize', itemIndex, 100),
		itemIndex,
	);
	const filters = readFilters.call(this, itemIndex, ['status', 'method', 'endpoint']);
	const get = projectClient(this, projectId, itemIndex);

	const found: RequestSummary[] = [];
	// Newest first: requests arriving while paging shift later pages, so a record can come twice.
	const seen = new Set<string>();
	for (let page = 0; ; page++) {
		const body = await get<RequestsPage>(PROJECT_PATHS.requests, [
			...rangeQuery(range),
			['limit', pageSize],
			['page', page],
			...filters,
		]);
		const records = Array.isArray(body.requests) ? body.requests : [];
		const seenBefore = seen.size;
		for (const record of records.map(summarizeRecord)) {
			if (seen.has(record.request_id)) continue;
			seen.add(record.request_id);
			if (!matchesTags(record.tags, wanted, match)) continue;
			found.push(record);
			if (found.length >= limit) return found;
		}
		const served = typeof body.limit === 'number' && body.limit > 0 ? body.limit : pageSize;
		if (records.length < served) return found;
		// A full page of records already seen means the pages no longer advance: stop, never loop.
		if (seen.size === seenBefore) return found;
	}
}
