import {
	callbackSecurityFrom,
	credentialSecrets,
	extraWithSecret,
	publicCallbackUrl,
	securedCallbackUrl,
	verifyCallback,
	withoutCallbackSecret,
	type CallbackRequest,
	type CallbackSecurity,
} from '../../../nodes/Deepgram/shared/callbackSecurity';
import { testNode } from './node';

const security: CallbackSecurity = {
	secret: 's3cr3t-value',
	basicAuth: { user: 'deepgram', password: 'p@ss:w/rd' },
	apiKeyId: 'key-id-1',
};
const basic = (user: string, password: string) =>
	`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const delivery = (headers: CallbackRequest['headers'], secret?: string): CallbackRequest => ({
	headers,
	body: {
		metadata: {
			request_id: 'r-1',
			extra: secret === undefined ? { job: '1' } : { job: '1', callback_secret: secret },
		},
	},
});
const good = delivery(
	{ authorization: basic('deepgram', 'p@ss:w/rd'), 'dg-token': 'key-id-1' },
	's3cr3t-value',
);

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
		expect(publicCallbackUrl(secured)).toBe('https://n8n.example.com/webhook/x?a=1');
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

	it('reserves the callback_secret key', () => {
		expect(() => extraWithSecret(testNode, [{ key: 'callback_secret', value: 'x' }], {})).toThrow(
			'Extra Metadata: the key "callback_secret" is reserved: set the Callback Secret in the Deepgram API credential instead',
		);
	});
});

describe('verifyCallback', () => {
	const all = ['basicAuth', 'callbackSecret', 'dgToken'] as const;

	it('passes a delivery that carries every configured method', () => {
		expect(verifyCallback(good, all, security)).toEqual({ ok: true });
	});

	it('passes anything when no method is asked for (the user chose None)', () => {
		expect(verifyCallback(delivery({}), [], {})).toEqual({ ok: true });
	});

	it.each([
		[
			'missing Authorization',
			delivery({ 'dg-token': 'key-id-1' }, 's3cr3t-value'),
			401,
			'basicAuth',
		],
		[
			'wrong password',
			delivery(
				{ authorization: basic('deepgram', 'nope'), 'dg-token': 'key-id-1' },
				's3cr3t-value',
			),
			403,
			'basicAuth',
		],
		[
			'not Basic',
			delivery({ authorization: 'Bearer abc', 'dg-token': 'key-id-1' }, 's3cr3t-value'),
			401,
			'basicAuth',
		],
		[
			'missing secret',
			delivery({
				authorization: basic('deepgram', 'p@ss:w/rd'),
				'dg-token': 'key-id-1',
			}),
			401,
			'callbackSecret',
		],
		[
			'wrong secret',
			delivery(
				{
					authorization: basic('deepgram', 'p@ss:w/rd'),
					'dg-token': 'key-id-1',
				},
				's3cr3t-valuX',
			),
			403,
			'callbackSecret',
		],
		[
			'missing dg-token',
			delivery({ authorization: basic('deepgram', 'p@ss:w/rd') }, 's3cr3t-value'),
			401,
			'dgToken',
		],
		[
			'wrong dg-token',
			delivery(
				{
					authorization: basic('deepgram', 'p@ss:w/rd'),
					'dg-token': 'key-id-2',
				},
				's3cr3t-value',
			),
			403,
			'dgToken',
		],
		[
			'secret right but Basic Auth wrong',
			delivery({ authorization: basic('deepgram', 'x'), 'dg-token': 'key-id-1' }, 's3cr3t-value'),
			403,
			'basicAuth',
		],
		[
			'one value missing and another wrong',
			delivery({ 'dg-token': 'key-id-9' }, 's3cr3t-value'),
			403,
			'dgToken',
		],
	])('rejects %s', (_name, request, status, method) => {
		expect(verifyCallback(request, all, security)).toMatchObject({
			ok: false,
			status,
			method,
		});
	});

	it('fails closed when a method is asked for but the credential lacks its value', () => {
		expect(verifyCallback(good, ['callbackSecret'], {})).toMatchObject({
			ok: false,
			status: 403,
		});
		expect(verifyCallback(good, ['basicAuth'], {})).toMatchObject({
			ok: false,
			status: 403,
		});
		expect(verifyCallback(good, ['dgToken'], {})).toMatchObject({
			ok: false,
			status: 403,
		});
	});

	it('takes the first value of a repeated header and never throws on odd bodies', () => {
		expect(
			verifyCallback(
				{ headers: { 'dg-token': ['key-id-1', 'x'] }, body: null },
				['dgToken'],
				security,
			),
		).toEqual({ ok: true });
		expect(
			verifyCallback({ headers: {}, body: 'text' }, ['callbackSecret'], security),
		).toMatchObject({ status: 401 });
		expect(
			verifyCallback(
				{ headers: {}, body: { metadata: { extra: { callback_secret: 7 } } } },
				['callbackSecret'],
				security,
			),
		).toMatchObject({ status: 401 });
	});

	it('never puts a secret in its reason', () => {
		const verdict = verifyCallback(delivery({}, 'guess'), all, security);
		expect(JSON.stringify(verdict)).not.toMatch(/s3cr3t|p@ss|guess/);
	});
});

describe('withoutCallbackSecret', () => {
	it('removes only the secret, without touching the original', () => {
		const body = {
			metadata: { request_id: 'r', extra: { job: '1', callback_secret: 's' } },
			results: {},
		};
		expect(withoutCallbackSecret(body)).toEqual({
			metadata: { request_id: 'r', extra: { job: '1' } },
			results: {},
		});
		expect(body.metadata.extra.callback_secret).toBe('s');
	});

	it('returns bodies without a secret as they are', () => {
		const body = { metadata: { extra: { job: '1' } } };
		expect(withoutCallbackSecret(body)).toBe(body);
		expect(withoutCallbackSecret(undefined)).toBeUndefined();
	});
});
