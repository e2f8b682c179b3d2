import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { PROJECT_PATHS, projectClient } from '../api';
import { rangeQuery } from '../helpers/dateRange';
import { readDateRange, resolveProjectId } from '../helpers/parameters';

const properties: INodeProperties[] = [
	{
		displayName:
			'One item listing the tags, models, processing methods and features Deepgram recorded in the range',
		name: 'fieldsNotice',
		type: 'notice',
		default: '',
	},
];

export const description = updateDisplayOptions(
	{ show: { operation: ['listFields'] } },
	properties,
);

/** The lists of `usage/fields`; `languages` is in the docs but not in the 2026 spec. */
const LISTS = ['tags', 'models', 'processing_methods', 'features'] as const;

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const projectId = await resolveProjectId.call(this, itemIndex);
	const range = readDateRange.call(this, itemIndex);
	const fields = await projectClient(
		this,
		projectId,
		itemIndex,
	)<IDataObject>(PROJECT_PATHS.usageFields, rangeQuery(range));
	const item: IDataObject = {
		project_id: projectId,
		start: range.start,
		end: range.end,
	};
	for (const name of LISTS) item[name] = Array.isArray(fields[name]) ? fields[name] : [];
	if (Array.isArray(fields.languages)) item.languages = fields.languages;
	return [item];
}
