/** Which checks a delivery must pass, from the node's choice and the credential. */
import type { DeepgramCredentials } from '../../../nodes/Deepgram/shared/types';
import { apiKeyFingerprint, lookedUpKeyId } from '../../../nodes/Deepgram/trigger/state';
import { planVerification } from '../../../nodes/Deepgram/trigger/verification';

const base: DeepgramCredentials = { apiKey: 'dg-key-1', baseUrl: 'https://api.deepgram.com' };
const NO_SECURITY =
	'the Deepgram API credential sets no callback security: set a Callback Secret or a Basic Auth user and password there, or choose Verification: None (Insecure) in the trigger';
const UNKNOWN_KEY_ID =
	'the API key identifier for the dg-token check is unknown: deactivate and activate the workflow so the node can look it up, or set API Key ID in the Deepgram API credential';

test('None checks nothing and needs no credential', () => {
	expect(planVerification({ choice: 'none', checkDgToken: true })).toEqual({
		ok: true,
		methods: [],
		security: {},
	});
});

test('every method the credential sets is checked', () => {
	const credentials = {
		...base,
		callbackSecret: 'secret-1',
		callbackUser: 'dg',
		callbackPassword: 'pw-1',
	};
	expect(planVerification({ choice: 'credential', checkDgToken: false, credentials })).toEqual({
		ok: true,
		methods: ['basicAuth', 'callbackSecret'],
		security: { secret: 'secret-1', basicAuth: { user: 'dg', password: 'pw-1' } },
	});
});

test('only a callback secret: only the secret is checked', () => {
	expect(
		planVerification({
			choice: 'credential',
			checkDgToken: false,
			credentials: { ...base, callbackSecret: 's' },
		}),
	).toEqual({ ok: true, methods: ['callbackSecret'], security: { secret: 's' } });
});

test('a credential with no callback security fails closed', () => {
	expect(
		planVerification({ choice: 'credential', checkDgToken: false, credentials: base }),
	).toEqual({
		ok: false,
		reason: NO_SECURITY,
	});
});

test('no credential at all fails closed', () => {
	expect(planVerification({ choice: 'credential', checkDgToken: false })).toEqual({
		ok: false,
		reason: 'the node has no Deepgram API credential to verify callbacks with',
	});
});

test('dg-token uses the credential’s API Key ID first, then the looked-up one', () => {
	const withId = { ...base, callbackSecret: 's', apiKeyId: ' key-id-9 ' };
	expect(
		planVerification({
			choice: 'credential',
			checkDgToken: true,
			credentials: withId,
			lookedUpKeyId: 'key-id-1',
		}),
	).toEqual({
		ok: true,
		methods: ['callbackSecret', 'dgToken'],
		security: { secret: 's', apiKeyId: 'key-id-9' },
	});
	expect(
		planVerification({
			choice: 'credential',
			checkDgToken: true,
			credentials: { ...base, callbackSecret: 's' },
			lookedUpKeyId: 'key-id-1',
		}),
	).toEqual({
		ok: true,
		methods: ['callbackSecret', 'dgToken'],
		security: { secret: 's', apiKeyId: 'key-id-1' },
	});
});

test('dg-token alone is a configured check', () => {
	expect(
		planVerification({
			choice: 'credential',
			checkDgToken: true,
			credentials: base,
			lookedUpKeyId: 'key-id-1',
		}),
	).toEqual({
		ok: true,
		methods: ['dgToken'],
		security: { apiKeyId: 'key-id-1' },
	});
});

test('dg-token with no identifier known fails closed with what to do', () => {
	expect(
		planVerification({
			choice: 'credential',
			checkDgToken: true,
			credentials: { ...base, callbackSecret: 's' },
		}),
	).toEqual({
		ok: false,
		reason: UNKNOWN_KEY_ID,
	});
});

test('reasons never contain the credential’s secrets', () => {
	const credentials = { ...base, callbackSecret: 'secret-abc', callbackPassword: 'pw-abc' };
	const plans = [
		planVerification({ choice: 'credential', checkDgToken: true, credentials }),
		planVerification({ choice: 'credential', checkDgToken: false, credentials: base }),
	];
	for (const plan of plans) {
		const reason = plan.ok ? '' : plan.reason;
		expect(reason).not.toContain('secret-abc');
		expect(reason).not.toContain('pw-abc');
		expect(reason).not.toContain('dg-key-1');
	}
});

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
