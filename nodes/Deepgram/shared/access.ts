import type {
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { credentialSecrets } from './callbackSecurity';
import { CREDENTIAL_TYPE } from './constants';
import { listenBaseUrl, managementBaseUrl } from './endpoints';
import type { DeepgramCredentials } from './types';

export type DeepgramContext =
	| IExecuteFunctions
	| IHookFunctions
	| ILoadOptionsFunctions
	| IWebhookFunctions;

/**
 * What every request to Deepgram needs from the credential, worked out once: a batch of a
 * thousand requests then costs one credential read, and no request evaluates the credential's
 * `authenticate` expression again (that block stays for the credential test and for the HTTP
 * Request node). `secrets` masks the key, and the callback secrets, in any error.
 */
export interface DeepgramAccess {
	authorization: string;
	listenBaseUrl: string;
	managementBaseUrl: string;
	secrets: string[];
}

export function accessFrom(credentials: DeepgramCredentials): DeepgramAccess {
	return {
		authorization: `Token ${credentials.apiKey}`,
		listenBaseUrl: listenBaseUrl(credentials),
		managementBaseUrl: managementBaseUrl(credentials),
		secrets: credentialSecrets(credentials),
	};
}

/** Reads the `deepgramApi` credential (decrypted by n8n) and prepares it for the transport. */
export async function deepgramAccess(
	this: DeepgramContext,
	itemIndex?: number,
): Promise<DeepgramAccess> {
	return accessFrom(await this.getCredentials<DeepgramCredentials>(CREDENTIAL_TYPE, itemIndex));
}
