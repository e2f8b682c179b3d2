import { CUSTOM_BASE_URL, GLOBAL_BASE_URL } from './constants';
import type { DeepgramCredentials } from './types';

function trimSlashes(url: string): string {
	return url.trim().replace(/\/+$/, '');
}

/** Base URL for /v1/listen: the chosen region, or the custom URL (self-hosted, emulator). */
export function listenBaseUrl(credentials: DeepgramCredentials): string {
	if (credentials.baseUrl === CUSTOM_BASE_URL) return trimSlashes(credentials.customBaseUrl ?? '');
	return trimSlashes(credentials.baseUrl || GLOBAL_BASE_URL);
}

/** Management endpoints exist only on the global host; a custom URL serves both. */
export function managementBaseUrl(credentials: DeepgramCredentials): string {
	if (credentials.baseUrl === CUSTOM_BASE_URL) return trimSlashes(credentials.customBaseUrl ?? '');
	return GLOBAL_BASE_URL;
}
