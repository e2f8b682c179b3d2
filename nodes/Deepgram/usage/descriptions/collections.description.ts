import type { INodeProperties } from 'n8n-workflow';

/** An "Add Filter" collection named `filters`. */
export function filtersCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options,
	};
}

/** An "Add Option" collection named `options`. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

/** Your price per audio hour, for an estimate when billing data is not at hand. */
export const pricePerHourOption: INodeProperties = {
	displayName: 'Price per Hour',
	name: 'pricePerHour',
	type: 'number',
	default: 0,
	typeOptions: { minValue: 0, numberPrecision: 4 },
	description:
		'Your price per audio hour in dollars; adds estimated_cost = total_hours × price (every channel is billed). 0: no estimate.',
};
