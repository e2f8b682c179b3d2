import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_REMEMBERED_DELIVERIES } from './dedup';

export const REMEMBERED_DELIVERIES_RANGE = { min: 1, max: 10_000 } as const;

export interface TriggerOptions {
	deduplicate: boolean;
	rememberedDeliveries: number;
	onlyFinalResults: boolean;
}

/**
 * The trigger's options, checked: an expression can give anything, and the editor's min/max does
 * not apply to it (a NaN limit would keep every key forever).
 */
export function triggerOptions(context: IHookFunctions | IWebhookFunctions): TriggerOptions {
	const options = context.getNodeParameter('options', {}) as Partial<
		Record<keyof TriggerOptions, unknown>
	>;
	const remembered = options.rememberedDeliveries ?? DEFAULT_REMEMBERED_DELIVERIES;
	const { min, max } = REMEMBERED_DELIVERIES_RANGE;
	if (
		typeof remembered !== 'number' ||
		!Number.isInteger(remembered) ||
		remembered < min ||
		remembered > max
	) {
		throw new NodeOperationError(
			context.getNode(),
			`Remembered Deliveries must be a whole number from ${min} to ${max}, not ${typeof remembered === 'string' ? JSON.stringify(remembered) : String(remembered)}`,
			{
				description: 'Check the "Remembered Deliveries" option (and the expression that sets it).',
			},
		);
	}
	return {
		deduplicate: options.deduplicate !== false,
		rememberedDeliveries: remembered,
		onlyFinalResults: options.onlyFinalResults === true,
	};
}
