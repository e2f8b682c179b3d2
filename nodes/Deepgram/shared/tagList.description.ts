import type { INodeProperties } from 'n8n-workflow';

/** A list of tags typed one by one (a tag may contain commas, so no comma-separated text). */
export function tagList(description: string): INodeProperties {
	return {
		displayName: 'Tags',
		name: 'tags',
		type: 'string',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Tag' },
		default: [],
		placeholder: 'e.g. customer-42',
		description,
	};
}
