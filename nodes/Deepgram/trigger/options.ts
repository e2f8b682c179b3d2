import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { checkNumber, type NumberRule } from '../shared/numbers';
import { DEFAULT_RUN_LEASE_SECONDS, RUN_LEASE } from './acknowledge';
import { DEFAULT_REMEMBERED_DELIVERIES } from './deliveryMemory';

export const REMEMBERED_DELIVERIES: NumberRule = {
	field: 'Remembered Deliveries',
	min: 1,
	max: 1_000_000,
	integer: true,
};

export interface TriggerOptions {
	deduplicate: boolean;
	rememberedDeliveries: number;
	onlyFinalResults: boolean;
	streamingMessages: boolean;
	/** Acknowledge When the Workflow Has Finished: how long a run in progress holds its delivery. */
	runLeaseSeconds: number;
}

/**
 * The first version that takes streaming messages only when asked to: pre-recorded users never
 * receive them. Versions before it keep taking them (held to the callback secret like results).
 */
export const STREAMING_OPT_IN_VERSION = 1.2;

/** The trigger's options, checked in code: a NaN limit would keep every key forever. */
export function triggerOptions(context: IHookFunctions | IWebhookFunctions): TriggerOptions {
	const options = context.getNodeParameter('options', {}) as Partial<
		Record<keyof TriggerOptions, unknown>
	>;
	return {
		deduplicate: options.deduplicate !== false,
		rememberedDeliveries: checkNumber(
			context.getNode(),
			REMEMBERED_DELIVERIES,
			options.rememberedDeliveries ?? DEFAULT_REMEMBERED_DELIVERIES,
		),
		onlyFinalResults: options.onlyFinalResults === true,
		streamingMessages:
			typeof options.streamingMessages === 'boolean'
				? options.streamingMessages
				: context.getNode().typeVersion < STREAMING_OPT_IN_VERSION,
		runLeaseSeconds: checkNumber(
			context.getNode(),
			RUN_LEASE,
			options.runLeaseSeconds ?? DEFAULT_RUN_LEASE_SECONDS,
		),
	};
}
