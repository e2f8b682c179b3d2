import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { deepgramAccess } from '../../nodes/Deepgram/shared/access';
import { deepgramRequest } from '../../nodes/Deepgram/shared/transport';
import type { QueryValue } from '../../nodes/Deepgram/shared/query';

/**
 * Test-only node: sends one request per item through the package's transport, so the
 * transport is exercised inside n8n's engine with real credential resolution.
 */
export class DeepgramTransportProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Deepgram Transport Probe',
		name: 'deepgramTransportProbe',
		group: ['transform'],
		version: 1,
		description: 'Calls the Deepgram transport with the request in each item',
		defaults: { name: 'Deepgram Transport Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'deepgramApi', required: true }],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		const access = await deepgramAccess.call(this);
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const { method, api, path, query, body, headers } = items[itemIndex].json as {
				method: 'GET' | 'POST';
				api: 'listen' | 'management';
				path: string;
				query?: Array<[string, QueryValue]>;
				body?: string;
				headers?: Record<string, string>;
			};
			const response = await deepgramRequest.call(this, access, {
				method,
				api,
				path,
				query,
				body: body === undefined ? undefined : Buffer.from(body),
				headers,
				itemIndex,
				// The probe inspects any answer the transport lets through.
				answer: { what: 'any answer', isValid: () => true },
			});
			output.push({
				json: { status: response.status, body: response.body as IDataObject },
				pairedItem: itemIndex,
			});
		}
		return [output];
	}
}
