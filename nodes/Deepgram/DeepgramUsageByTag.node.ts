import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { usageProperties, usageSubtitle } from './usage/actions/description';
import { router } from './usage/actions/router';
import { searchProjects } from './usage/methods/listSearch';

export class DeepgramUsageByTag implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Deepgram Usage by Tag',
		name: 'deepgramUsageByTag',
		icon: { light: 'file:deepgram.svg', dark: 'file:deepgram.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: usageSubtitle,
		description: 'Report Deepgram usage, requests and cost per tag (customer, team or cost centre)',
		defaults: { name: 'Deepgram Usage by Tag' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'deepgramApi', required: true }],
		properties: usageProperties,
	};

	methods = { listSearch: { searchProjects } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
