import type { IHookFunctions } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../shared/constants';
import { lookUpApiKeyId } from '../shared/apiKeyId';
import type { DeepgramCredentials } from '../shared/types';
import { triggerOptions } from './options';
import { apiKeyFingerprint, triggerState } from './state';
import { VERIFY_WITH_CREDENTIAL } from './verificationChoice';

/**
 * The credential whose API key identifier must be looked up, or undefined when nothing needs
 * looking up: dg-token is not checked, or the credential names the identifier itself.
 */
async function credentialsNeedingLookup(
	this: IHookFunctions,
): Promise<DeepgramCredentials | undefined> {
	const checksDgToken =
		this.getNodeParameter('verification') === VERIFY_WITH_CREDENTIAL &&
		this.getNodeParameter('checkDgToken', false) === true;
	if (!checksDgToken) return undefined;
	const credentials = await this.getCredentials<DeepgramCredentials>(CREDENTIAL_TYPE);
	return credentials.apiKeyId?.trim() ? undefined : credentials;
}

/**
 * Webhook lifecycle methods. Deepgram has no webhook to register, so what activation sets up is
 * the dg-token identifier: looked up from the API key and kept in static data. Both webhooks
 * (POST and PUT) share these methods; they are idempotent.
 */
export const keyLookupMethods = {
	/** True when what `create` would store is there and belongs to the credential's current key. */
	async checkExists(this: IHookFunctions): Promise<boolean> {
		// Publishing fails with the field named, rather than every delivery later (n8n calls
		// create only when this returns false).
		triggerOptions(this);
		const state = triggerState(this);
		const credentials = await credentialsNeedingLookup.call(this);
		if (!credentials) return state.keyLookup === undefined;
		return state.keyLookup?.apiKeyFingerprint === apiKeyFingerprint(credentials.apiKey);
	},

	async create(this: IHookFunctions): Promise<boolean> {
		triggerOptions(this);
		const state = triggerState(this);
		const credentials = await credentialsNeedingLookup.call(this);
		if (!credentials) {
			if (state.keyLookup !== undefined) delete state.keyLookup;
			return true;
		}
		const apiKeyId = await lookUpApiKeyId.call(this);
		state.keyLookup = { apiKeyId, apiKeyFingerprint: apiKeyFingerprint(credentials.apiKey) };
		return true;
	},

	/** Forgets the looked-up identifier; the memory of deliveries stays, as Deepgram may still retry. */
	async delete(this: IHookFunctions): Promise<boolean> {
		const state = triggerState(this);
		if (state.keyLookup !== undefined) delete state.keyLookup;
		return true;
	},
};
