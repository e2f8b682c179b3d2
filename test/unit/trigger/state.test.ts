/** The API key identifier the trigger looked up on activation, kept in static data. */
import type { DeepgramCredentials } from '../../../nodes/Deepgram/shared/types';
import { apiKeyFingerprint, lookedUpKeyId } from '../../../nodes/Deepgram/trigger/state';

const base: DeepgramCredentials = { apiKey: 'dg-key-1', baseUrl: 'https://api.deepgram.com' };

describe('looked-up key identifier', () => {
	test('belongs to the key it was looked up with, not to a changed key', () => {
		const state = {
			keyLookup: { apiKeyId: 'key-id-1', apiKeyFingerprint: apiKeyFingerprint('dg-key-1') },
		};
		expect(lookedUpKeyId(state, base)).toBe('key-id-1');
		expect(lookedUpKeyId(state, { ...base, apiKey: 'dg-key-2' })).toBeUndefined();
		expect(lookedUpKeyId({}, base)).toBeUndefined();
	});

	test('the fingerprint is a short hash, not the key', () => {
		const fingerprint = apiKeyFingerprint('dg-key-1');
		expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
		expect(fingerprint).not.toContain('dg-key-1');
		expect(apiKeyFingerprint('dg-key-2')).not.toBe(fingerprint);
	});
});
