import type { INodeProperties } from 'n8n-workflow';

import { filtersCollection } from './collections.description';

/** Filters Deepgram applies to usage, usage breakdowns and the requests list (deepgram-api.md §6). */
export const methodFilter: INodeProperties = {
	displayName: 'Method',
	name: 'method',
	type: 'options',
	default: 'sync',
	options: [
		{ name: 'Async (Callback)', value: 'async' },
		{ name: 'Streaming', value: 'streaming' },
		{ name: 'Sync', value: 'sync' },
	],
	description: 'How the requests were processed',
};

export const endpointFilter: INodeProperties = {
	displayName: 'Endpoint',
	name: 'endpoint',
	type: 'options',
	default: 'listen',
	options: [
		{ name: 'Agent (Voice Agent)', value: 'agent' },
		{ name: 'Listen (Speech to Text)', value: 'listen' },
		{ name: 'Read (Text Intelligence)', value: 'read' },
		{ name: 'Speak (Text to Speech)', value: 'speak' },
	],
};

export const deploymentFilter: INodeProperties = {
	displayName: 'Deployment',
	name: 'deployment',
	type: 'options',
	default: 'hosted',
	options: [
		{ name: 'Beta', value: 'beta' },
		{ name: 'Hosted', value: 'hosted' },
		{ name: 'Self-Hosted', value: 'self-hosted' },
	],
};

export const accessorFilter: INodeProperties = {
	displayName: 'API Key ID',
	name: 'accessor',
	type: 'string',
	default: '',
	placeholder: 'e.g. 3f8c1a2e-4b5d-4e6f-8a9b-0c1d2e3f4a5b',
	description: 'Only requests made with this API key (its identifier, not the secret key)',
};

/** The usage filters: model, method, endpoint, API key and deployment. */
export const usageFilters: INodeProperties = filtersCollection([
	accessorFilter,
	deploymentFilter,
	endpointFilter,
	methodFilter,
	{
		displayName: 'Model',
		name: 'model',
		type: 'string',
		default: '',
		placeholder: 'e.g. nova-3',
		description: 'Only requests that used this model (name or model ID)',
	},
]);

/** Billing's breakdown filters only by API key and deployment; the others do not apply to it. */
export const BILLING_FILTERS = ['accessor', 'deployment'] as const;
export const USAGE_FILTERS = ['model', 'method', 'endpoint', 'accessor', 'deployment'] as const;
