import type { INodeProperties } from 'n8n-workflow';

/** The project picker; empty means the credential's Default Project ID. */
export const projectLocator: INodeProperties = {
	displayName: 'Project',
	name: 'project',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	description:
		'The Deepgram project to report on. Leave empty to use the Default Project ID set in the Deepgram API credential.',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a project (empty: the credential’s default)...',
			typeOptions: { searchListMethod: 'searchProjects', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 3f8c1a2e-4b5d-4e6f-8a9b-0c1d2e3f4a5b',
		},
	],
};
