import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { dateRangeFields } from '../descriptions/dateRange.description';
import { projectLocator } from '../descriptions/project.description';
import { OPERATION_NAMES, operations, type OperationName } from './operations';

const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	default: 'usagePerTag',
	options: [
		{
			name: OPERATION_NAMES.getRequest,
			value: 'getRequest',
			action: 'Get a request by ID',
			description: 'One request record: tags, duration, models, status and callback delivery',
		},
		{
			name: OPERATION_NAMES.listFields,
			value: 'listFields',
			action: 'List tags and fields in use',
			description: 'Tags, models, methods and features used in the range',
		},
		{
			name: OPERATION_NAMES.requestsWithTag,
			value: 'requestsWithTag',
			action: 'List requests with tags',
			description:
				'The requests of the range that carry the tags, e.g. to find undelivered callbacks',
		},
		{
			name: OPERATION_NAMES.usageGroupedByTags,
			value: 'usageGroupedByTags',
			action: 'Get usage grouped by tag combination',
			description: 'Deepgram’s breakdown by tag combination: each request counted once',
		},
		{
			name: OPERATION_NAMES.usagePerTag,
			value: 'usagePerTag',
			action: 'Get usage per tag',
			description: 'Hours, requests and a daily series for each tag; optional cost',
		},
	],
};

const withDateRange: OperationName[] = [
	'usagePerTag',
	'usageGroupedByTags',
	'requestsWithTag',
	'listFields',
];

/** Every field of the node, in the order the editor shows them. */
export const usageProperties: INodeProperties[] = [
	operationField,
	projectLocator,
	...updateDisplayOptions({ show: { operation: withDateRange } }, dateRangeFields),
	...Object.values(operations).flatMap((operation) => operation.description),
];

/** "Usage per Tag" and so on under the node's name on the canvas. */
export const usageSubtitle = `={{ ${JSON.stringify(OPERATION_NAMES)}[$parameter["operation"]] }}`;
