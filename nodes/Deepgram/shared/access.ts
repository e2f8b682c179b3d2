import { createHash } from 'crypto';
import type {
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { credentialSecrets } from './credentialSecrets';
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
	/**
	 * Names the key and region, not the key itself: requests of one key share Deepgram's
	 * concurrency limit in this process (transcribe/scheduler.ts).
	 */
	limitKey: string;
}

export function accessFrom(credentials: DeepgramCredentials): DeepgramAccess {
	const listen = listenBaseUrl(credentials);
	return {
		authorization: `Token ${credentials.apiKey}`,
		listenBaseUrl: listen,
		limitKey: createHash('sha256').update(`${listen} ${credentials.apiKey}`).digest('hex'),
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
