import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { PROJECT_PATHS, projectClient } from '../api';
import { resolveProjectId } from '../helpers/parameters';
import { summarizeRecord, unwrapRequestRecord } from '../helpers/records';

const properties: INodeProperties[] = [
	{
		displayName: 'Request ID',
		name: 'requestId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 1ef3b141-68af-4a3e-80c3-ee1f6ef05a35',
		description: 'The request_id Deepgram answered (or sent in the callback)',
	},
];

export const description = updateDisplayOptions(
	{ show: { operation: ['getRequest'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const projectId = await resolveProjectId.call(this, itemIndex);
	const requestId = String(this.getNodeParameter('requestId', itemIndex, '')).trim();
	if (requestId === '') {
		throw new NodeOperationError(
			this.getNode(),
			'Request ID is empty: give the request_id to look up',
			{
				itemIndex,
				description: 'Check the "Request ID" field.',
			},
		);
	}
	const body = await projectClient(
		this,
		projectId,
		itemIndex,
	)<unknown>(`${PROJECT_PATHS.requests}/${encodeURIComponent(requestId)}`);
	return [summarizeRecord(unwrapRequestRecord(body))];
}
