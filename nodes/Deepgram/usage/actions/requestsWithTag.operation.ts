import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { projectClient } from '../api';
import { filtersCollection, optionsCollection } from '../descriptions/collections.description';
import { endpointFilter, methodFilter } from '../descriptions/filters.description';
import { tagList } from '../../shared/tagList.description';
import { endingByNow, rangeQuery } from '../helpers/dateRange';
import { readDateRange, readFilters, readTags, resolveProjectId } from '../helpers/parameters';
import { readRequestList } from '../helpers/requestList';
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

	// A range ending now, so requests arriving while the node pages stay off the list.
	const listed = endingByNow(range, new Date());
	if (!listed) return [];
	return await readRequestList(
		projectClient(this, projectId, itemIndex),
		{
			pageQuery: (page) => [...rangeQuery(listed), ['limit', pageSize], ['page', page], ...filters],
			pageSize,
			keep: (record) => matchesTags(record.tags, wanted, match),
			limit,
		},
		node,
		itemIndex,
	);
}
