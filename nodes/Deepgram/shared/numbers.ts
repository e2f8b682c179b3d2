import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * What a number parameter accepts. The UI's minValue/maxValue come from it too, but an
 * expression can give anything, so the node checks the value again in code.
 */
export interface NumberRule {
	/** The field's display name, as the error names it. */
	field: string;
	min: number;
	max?: number;
	/** Whole numbers only (counts and sizes). */
	integer?: boolean;
}

/** "a whole number from 1 to 1000", "a number of at least 0". */
export function allowedRange(rule: NumberRule): string {
	const kind = rule.integer ? 'a whole number' : 'a number';
	return rule.max === undefined
		? `${kind} of at least ${rule.min}`
		: `${kind} from ${rule.min} to ${rule.max}`;
}

/** The longest text an error quotes; a longer one is described by its length instead. */
const QUOTED_TEXT_LENGTH = 40;

/**
 * The value as the error quotes it: typed so that "5" and 5 read differently. A text is quoted
 * whole or not at all, never cut, so a secret in it is masked whole by whoever redacts the message.
 */
function quoted(value: unknown): string {
	if (typeof value === 'string') {
		return value.length > QUOTED_TEXT_LENGTH
			? `a text of ${value.length} characters`
			: JSON.stringify(value);
	}
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
		return String(value);
	}
	if (value === null || value === undefined) return 'empty';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * The parameter's value as a number within the rule, else a NodeOperationError naming the field
 * and the range. A number given as text ("5", from an expression) is read as that number; text
 * that is not one, NaN and Infinity are refused.
 */
export function checkNumber(
	node: INode,
	rule: NumberRule,
	value: unknown,
	itemIndex?: number,
): number {
	const number =
		typeof value === 'number'
			? value
			: typeof value === 'string' && value.trim() !== ''
				? Number(value)
				: Number.NaN;
	const valid =
		Number.isFinite(number) &&
		number >= rule.min &&
		(rule.max === undefined || number <= rule.max) &&
		(!rule.integer || Number.isInteger(number));
	if (valid) return number;
	throw new NodeOperationError(
		node,
		`${rule.field} must be ${allowedRange(rule)}, not ${quoted(value)}`,
		{
			itemIndex,
			description: `Check the "${rule.field}" field; an expression there must give ${allowedRange(rule)}.`,
		},
	);
}
