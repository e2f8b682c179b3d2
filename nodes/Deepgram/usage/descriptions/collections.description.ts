import type { INode, INodeProperties } from 'n8n-workflow';

import { checkNumber, type NumberRule } from '../../shared/numbers';

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

const PRICE_PER_HOUR: NumberRule = { field: 'Price per Hour', min: 0 };

/** Your price per audio hour, for an estimate when billing data is not at hand. */
export const pricePerHourOption: INodeProperties = {
	displayName: PRICE_PER_HOUR.field,
	name: 'pricePerHour',
	type: 'number',
	default: 0,
	typeOptions: { minValue: PRICE_PER_HOUR.min, numberPrecision: 4 },
	description:
		'Your price per audio hour in dollars; adds estimated_cost = total_hours × price (every channel is billed). 0: no estimate.',
};

/** The Price per Hour option's value (0 when not set), checked: an expression can give anything. */
export function readPricePerHour(
	node: INode,
	options: { pricePerHour?: unknown },
	itemIndex: number,
) {
	return options.pricePerHour === undefined
		? 0
		: checkNumber(node, PRICE_PER_HOUR, options.pricePerHour, itemIndex);
}
