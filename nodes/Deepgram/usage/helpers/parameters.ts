import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../../shared/constants';
import { checkTags } from '../../shared/rules';
import type { DeepgramCredentials } from '../../shared/types';
import type { Query } from '../api';
import { resolveDateRange, type DateRange } from './dateRange';
import { uniqueTags } from './tags';

/** The chosen project, else the credential's Default Project ID; neither is an error. */
export async function resolveProjectId(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<string> {
	const chosen = this.getNodeParameter('project', itemIndex, '', {
		extractValue: true,
	});
	if (typeof chosen === 'string' && chosen.trim() !== '') return chosen.trim();
	const credentials = await this.getCredentials<DeepgramCredentials>(CREDENTIAL_TYPE, itemIndex);
	const fallback = credentials.projectId?.trim();
	if (fallback) return fallback;
	throw new NodeOperationError(
		this.getNode(),
		'No project: pick one in "Project", or set "Default Project ID" in the Deepgram API credential',
		{ itemIndex, description: 'Check the "Project" field.' },
	);
}

export function readDateRange(this: IExecuteFunctions, itemIndex: number): DateRange {
	return resolveDateRange(
		this.getNode(),
		{
			start: this.getNodeParameter('start', itemIndex, ''),
			end: this.getNodeParameter('end', itemIndex, ''),
		},
		new Date(),
		this.getTimezone(),
	);
}

/** The non-empty entries of a filters collection, as query pairs, for the given filter names. */
export function readFilters(
	this: IExecuteFunctions,
	itemIndex: number,
	names: readonly string[],
): Query {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	return names
		.map(
			(name) =>
				[name, typeof filters[name] === 'string' ? (filters[name] as string).trim() : ''] as const,
		)
		.filter(([, value]) => value !== '');
}

/** The Tags list: each checked against Deepgram's rules, each once, at least one. */
export function readTags(this: IExecuteFunctions, itemIndex: number, emptyHint: string): string[] {
	const raw = this.getNodeParameter('tags', itemIndex, []) as unknown;
	const values = (Array.isArray(raw) ? raw : [raw])
		.filter((tag) => tag !== '' && tag != null)
		.map(String);
	if (values.length === 0) {
		throw new NodeOperationError(this.getNode(), `Tags: add at least one tag${emptyHint}`, {
			itemIndex,
			description: 'Check the "Tags" field.',
		});
	}
	return uniqueTags(checkTags(this.getNode(), values));
}
