import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkNumber, type NumberRule } from '../../shared/numbers';
import { TIME_LIMIT_UNITS, type TimeLimitUnit } from '../choices';

export interface TimeLimit {
	amount: number;
	unit: TimeLimitUnit;
}

export const TIME_LIMIT: NumberRule = { field: 'Time Limit', min: 1 };

/** The time limit in milliseconds, checked in code (an expression can give anything). */
export function timeLimitMs(node: INode, limit: TimeLimit): number {
	const amount = checkNumber(node, TIME_LIMIT, limit.amount);
	const seconds = TIME_LIMIT_UNITS[limit.unit];
	if (seconds === undefined) {
		throw new NodeOperationError(
			node,
			`Time Limit Unit must be ${Object.keys(TIME_LIMIT_UNITS).join(', ')}, not ${JSON.stringify(limit.unit)}`,
			{ description: 'Check the "Time Limit Unit" field.' },
		);
	}
	return amount * seconds * 1000;
}

/** "30 minutes", "1 hour", "1.5 hours": the limit as the timeout message says it. */
export function describeTimeLimit(limit: TimeLimit): string {
	const singular = limit.unit.slice(0, -1);
	return `${limit.amount} ${limit.amount === 1 ? singular : limit.unit}`;
}
