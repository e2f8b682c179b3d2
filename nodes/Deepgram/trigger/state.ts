import { createHash } from 'crypto';
import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { DeepgramCredentials } from '../shared/types';

/** What the trigger keeps in the workflow's static data (per node), which n8n saves for it. */
export interface TriggerState {
	/** The deliveries that started the workflow, oldest first (deliveryMemory.ts RememberedDelivery). */
	remembered?: string[];
	/** Plain keys, as versions before the time limit saved them: read, then replaced by `remembered`. */
	deliveries?: string[];
	/** Acknowledge When the Workflow Has Finished: keys whose run succeeded (runClaims.ts), oldest first. */
	finished?: string[];
	/** The API key identifier looked up on activation, for the legacy dg-token check. */
	keyLookup?: { apiKeyId: string; apiKeyFingerprint: string };
}

export function triggerState(context: IHookFunctions | IWebhookFunctions): TriggerState {
	return context.getWorkflowStaticData('node') as TriggerState;
}

/**
 * Identifies the API key a lookup belongs to without storing the key: a truncated hash, so a
 * key changed in the credential makes the stored identifier stale.
 */
export function apiKeyFingerprint(apiKey: string): string {
	return createHash('sha256').update(apiKey).digest('hex').slice(0, 16);
}

/** The looked-up identifier, if it was looked up with the credential's current API key. */
export function lookedUpKeyId(
	state: TriggerState,
	credentials: DeepgramCredentials,
): string | undefined {
	const lookup = state.keyLookup;
	if (!lookup || lookup.apiKeyFingerprint !== apiKeyFingerprint(credentials.apiKey))
		return undefined;
	return lookup.apiKeyId;
}
