import {
	callbackSecurityFrom,
	type CallbackSecurity,
} from '../../../nodes/Deepgram/shared/callbackSecurity';
import {
	extraWithSecret,
	securedCallbackUrl,
	withoutNodeExtra,
} from '../../../nodes/Deepgram/shared/callbackSender';
import { credentialSecrets } from '../../../nodes/Deepgram/shared/credentialSecrets';
import { shownUrl } from '../../../nodes/Deepgram/shared/redact';
import { testNode } from './node';

const security: CallbackSecurity = {
	secret: 's3cr3t-value',
	basicAuth: { user: 'deepgram', password: 'p@ss:w/rd' },
	apiKeyId: 'key-id-1',
};
describe('callbackSecurityFrom / credentialSecrets', () => {
	it('reads only what the credential configures', () => {
		expect(callbackSecurityFrom({ apiKey: 'k', baseUrl: 'x' })).toEqual({});
		expect(
			callbackSecurityFrom({
				apiKey: 'k',
				baseUrl: 'x',
				callbackSecret: 's',
				callbackUser: 'u',
				callbackPassword: 'p',
				apiKeyId: ' id ',
			}),
		).toEqual({
			secret: 's',
			basicAuth: { user: 'u', password: 'p' },
			apiKeyId: 'id',
		});
	});

	it('lists the API key, callback secret, password and user:password as secrets', () => {
		expect(
			credentialSecrets({
				apiKey: 'dg-key-1',
				baseUrl: 'x',
				callbackSecret: 'secret-1',
				callbackPassword: 'password-1',
				callbackUser: 'user',
			}),
		).toEqual(['dg-key-1', 'secret-1', 'password-1', 'user:password-1']);
	});
});

describe('callback URLs', () => {
	it('embeds Basic Auth, encoding special characters, and shows users the URL without it', () => {
		const secured = securedCallbackUrl(new URL('https://n8n.example.com/webhook/x?a=1'), security);
		expect(secured).toBe('https://deepgram:p%40ss%3Aw%2Frd@n8n.example.com/webhook/x?a=1');
		expect(shownUrl(secured)).toBe('https://n8n.example.com/webhook/x?a=1');
	});

	it('leaves the URL alone without Basic Auth', () => {
		expect(securedCallbackUrl(new URL('https://h.example.com/cb'), {})).toBe(
			'https://h.example.com/cb',
		);
	});
});

describe('extraWithSecret', () => {
	it('adds the credential’s secret after the user’s pairs', () => {
		expect(extraWithSecret(testNode, [{ key: 'job', value: '1' }], security)).toEqual([
			{ key: 'job', value: '1' },
			{ key: 'callback_secret', value: 's3cr3t-value' },
		]);
		expect(extraWithSecret(testNode, [{ key: 'job', value: '1' }], {})).toEqual([
			{ key: 'job', value: '1' },
		]);
	});

	it('adds the idempotency key before the secret, when given', () => {
		expect(extraWithSecret(testNode, [], security, 'n8n-7-0-abc')).toEqual([
			{ key: 'idempotency_key', value: 'n8n-7-0-abc' },
			{ key: 'callback_secret', value: 's3cr3t-value' },
		]);
	});

	it('reserves the callback_secret and idempotency_key keys', () => {
		expect(() => extraWithSecret(testNode, [{ key: 'callback_secret', value: 'x' }], {})).toThrow(
			'Extra Metadata: the key "callback_secret" is reserved: set the Callback Secret in the Deepgram API credential instead',
		);
		expect(() => extraWithSecret(testNode, [{ key: 'idempotency_key', value: 'x' }], {})).toThrow(
			'Extra Metadata: the key "idempotency_key" is reserved: the node sets it to recognise a job Deepgram accepted twice',
		);
	});

	it('takes keys named like Object’s own properties as ordinary keys', () => {
		const pairs = ['constructor', 'toString', '__proto__', 'hasOwnProperty'].map((key) => ({
			key,
			value: 'v',
		}));
		expect(extraWithSecret(testNode, pairs, {})).toEqual(pairs);
	});
});

describe('withoutNodeExtra', () => {
	it('removes only the secret and the idempotency key, without touching the original', () => {
		const body = {
			metadata: {
				request_id: 'r',
				extra: { job: '1', callback_secret: 's', idempotency_key: 'n8n-1-0-abc' },
			},
			results: {},
		};
		expect(withoutNodeExtra(body)).toEqual({
			metadata: { request_id: 'r', extra: { job: '1' } },
			results: {},
		});
		expect(body.metadata.extra.callback_secret).toBe('s');
	});

	it('leaves keys named like Object’s own properties alone', () => {
		const body = JSON.parse(
			'{"metadata":{"extra":{"constructor":"a","toString":"b","__proto__":"c"}}}',
		) as { metadata: { extra: Record<string, string> } };
		expect(withoutNodeExtra(body)).toBe(body);
		expect(Object.keys(body.metadata.extra)).toEqual(['constructor', 'toString', '__proto__']);
	});

	it('returns bodies without a secret as they are', () => {
		const body = { metadata: { extra: { job: '1' } } };
		expect(withoutNodeExtra(body)).toBe(body);
		expect(withoutNodeExtra(undefined)).toBeUndefined();
	});
});
