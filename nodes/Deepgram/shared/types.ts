/** The decrypted `deepgramApi` credential, as the nodes read it. */
export interface DeepgramCredentials {
	apiKey: string;
	baseUrl: string;
	customBaseUrl?: string;
	projectId?: string;
	callbackSecret?: string;
	callbackUser?: string;
	callbackPassword?: string;
	apiKeyId?: string;
}

export interface ExtraPair {
	key: string;
	value: string;
}
