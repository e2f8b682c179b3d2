import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { TIME_LIMIT_UNITS, type TimeLimitUnit } from '../choices';

export interface TimeLimit {
	amount: number;
	unit: TimeLimitUnit;
}

/** The time limit in milliseconds; a limit that is not a positive number is refused. */
export function timeLimitMs(node: INode, limit: TimeLimit): number {
	const seconds = TIME_LIMIT_UNITS[limit.unit];
	if (!Number.isFinite(limit.amount) || limit.amount <= 0 || seconds === undefined) {
		throw new NodeOperationError(
			node,
			`Time Limit "${limit.amount} ${limit.unit}" is not a positive time`,
			{ description: 'Check the "Time Limit" and "Time Limit Unit" fields.' },
		);
	}
	return limit.amount * seconds * 1000;
}

/** "30 minutes", "1 hour", "1.5 hours": the limit as the timeout message says it. */
export function describeTimeLimit(limit: TimeLimit): string {
	const singular = limit.unit.slice(0, -1);
	return `${limit.amount} ${limit.amount === 1 ? singular : limit.unit}`;
}
