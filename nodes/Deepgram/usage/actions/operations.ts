import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import * as getRequest from './getRequest.operation';
import * as listFields from './listFields.operation';
import * as requestsWithTag from './requestsWithTag.operation';
import * as usageGroupedByTags from './usageGroupedByTags.operation';
import * as usagePerTag from './usagePerTag.operation';

/** What every `<op>.operation.ts` exports: its fields, and the items it makes from one input item. */
export interface UsageOperation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]>;
}

export const operations = {
	usagePerTag,
	usageGroupedByTags,
	requestsWithTag,
	getRequest,
	listFields,
} satisfies Record<string, UsageOperation>;

export type OperationName = keyof typeof operations;

/** Option labels, also shown as the node's subtitle. */
export const OPERATION_NAMES: Record<OperationName, string> = {
	usagePerTag: 'Usage per Tag',
	usageGroupedByTags: 'Usage Grouped by Tags',
	requestsWithTag: 'Requests with Tag',
	getRequest: 'Get Request',
	listFields: 'List Tags and Fields',
};

export function isOperationName(value: unknown): value is OperationName {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(operations, value);
}
