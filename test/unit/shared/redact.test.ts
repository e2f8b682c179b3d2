/** The one redaction rule (shared/redact.ts) and the URLs a node may show. */
import { securedCallbackUrl } from '../../../nodes/Deepgram/shared/callbackSender';
import { credentialSecrets } from '../../../nodes/Deepgram/shared/credentialSecrets';
import { buildQueryString } from '../../../nodes/Deepgram/shared/query';
import { redactSecrets, shownUrl } from '../../../nodes/Deepgram/shared/redact';

/** The forms a secret travels in, written out here independently of the code under test. */
function travelForms(secret: string): Record<string, string> {
	const userinfo = new URL('http://host/');
	userinfo.password = secret;
	const formEncoded = (text: string) => new URLSearchParams({ s: text }).toString().slice(2);
	return {
		plain: secret,
		'URL-encoded': encodeURIComponent(secret),
		'form-encoded': formEncoded(secret),
		'URL user info': userinfo.password,
		'double URL-encoded': encodeURIComponent(encodeURIComponent(secret)),
		'user info in a query': encodeURIComponent(userinfo.password),
		'JSON-escaped': JSON.stringify(secret).slice(1, -1),
		'JSON-escaped, URL-encoded': JSON.stringify(encodeURIComponent(secret)).slice(1, -1),
		base64: Buffer.from(secret).toString('base64'),
	};
}

/** The forms of `forms` that `text` still contains. */
const leaked = (text: string, forms: Record<string, string>) =>
	Object.entries(forms)
		.filter(([, form]) => text.includes(form))
		.map(([name]) => name);

// Short ones and ones that change under every encoding; no character of the surrounding text.
const SECRETS = ['Q', 'Zq', 'Z9%', 'p@ss:w/rd "q" \\ +&é~', 'dg-key-ZZZZZZZZZZZZ'];

describe('redactSecrets', () => {
	test.each(SECRETS)('masks %j in every form it travels in', (secret) => {
		const forms = travelForms(secret);
		const text = Object.entries(forms)
			.map(([name, form]) => `${name.toLowerCase()}: <${form}>`)
			.join('\n');
		expect(leaked(text, forms).length).toBeGreaterThan(0);
		const redacted = redactSecrets(text, [secret]);
		expect(leaked(redacted, forms)).toEqual([]);
		// Only the secrets are masked: the text around them stays.
		expect(redacted.split('\n')[0]).toBe('plain: <***>');
	});

	test('masks a secret however short, even one character', () => {
		expect(redactSecrets('key=k&x=1', ['k'])).toBe('***ey=***&x=1');
	});

	test('ignores empty secrets and masks every occurrence', () => {
		expect(redactSecrets('a key abc and abc again', ['', 'abc'])).toBe('a key *** and *** again');
	});

	test('a longer secret containing a shorter one is masked whole, not in pieces', () => {
		expect(redactSecrets('token xZZy end', ['xZ', 'xZZy'])).toBe('token *** end');
		expect(redactSecrets('token xZZy end', ['ZZ', 'xZZy'])).toBe('token *** end');
	});
});

describe('credentialSecrets with redactSecrets', () => {
	const credentials = {
		apiKey: 'K1',
		baseUrl: 'custom',
		callbackSecret: 'S2',
		callbackUser: 'deepgram',
		callbackPassword: 'P:3',
	};

	test('lists every secret of any length, and Basic Auth as user:password', () => {
		expect(credentialSecrets(credentials)).toEqual(['K1', 'S2', 'P:3', 'deepgram:P:3']);
		expect(credentialSecrets({ apiKey: 'k', baseUrl: 'x' })).toEqual(['k']);
	});

	test('a Basic Auth user without a password is a secret: alone, and as user: in the header', () => {
		const userOnly = { apiKey: 'K1', baseUrl: 'custom', callbackUser: 'dg-only-user' };
		expect(credentialSecrets(userOnly)).toEqual(['K1', 'dg-only-user', 'dg-only-user:']);
		const callback = securedCallbackUrl(new URL('http://n8n.example.com:8080/webhook/x'), {
			basicAuth: { user: 'dg-only-user', password: '' },
		});
		const header = `Basic ${Buffer.from('dg-only-user:').toString('base64')}`;
		expect(redactSecrets(`${callback} ${header}`, credentialSecrets(userOnly))).toBe(
			'http://***@n8n.example.com:8080/webhook/x Basic ***',
		);
	});

	test('the Basic Auth header and the callback URL Deepgram is sent hold no secret once redacted', () => {
		const header = `Authorization: Basic ${Buffer.from('deepgram:P:3').toString('base64')}`;
		const callback = securedCallbackUrl(new URL('http://n8n.example.com:8080/webhook/x'), {
			basicAuth: { user: 'deepgram', password: 'P:3' },
		});
		const path = `/v1/listen?${buildQueryString([
			['callback', callback],
			['extra', 'callback_secret:S2'],
		])}`;
		const text = `${header}\n${path}\nkey K1`;
		const redacted = redactSecrets(text, credentialSecrets(credentials));
		const forms = {
			...travelForms('K1'),
			...travelForms('S2'),
			...travelForms('P:3'),
			basicAuth: Buffer.from('deepgram:P:3').toString('base64'),
		};
		expect(leaked(text, forms)).toContain('double URL-encoded');
		expect(leaked(redacted, forms)).toEqual([]);
		expect(redacted).toBe(
			'Authorization: Basic ***\n' +
				'/v1/listen?callback=http%3A%2F%2Fdeepgram%3A***%40n8n.example.com%3A8080%2Fwebhook%2Fx' +
				'&extra=callback_secret%3A***\nkey ***',
		);
	});
});

describe('shownUrl', () => {
	test('drops Basic Auth user info and n8n’s resume token, keeps the rest', () => {
		expect(
			shownUrl(
				'http://deepgram:p%40ss@n8n.example.com:8080/webhook-waiting/42/deepgram?signature=tok3n',
			),
		).toBe('http://n8n.example.com:8080/webhook-waiting/42/deepgram');
		expect(shownUrl('https://u:p@h.example.com/cb?a=1&signature=t&b=2')).toBe(
			'https://h.example.com/cb?a=1&b=2',
		);
		expect(shownUrl('https://h.example.com/cb?a=1')).toBe('https://h.example.com/cb?a=1');
	});

	test('text that is not a URL is not shown', () => {
		expect(shownUrl('not a url with secret')).toBeNull();
		expect(shownUrl(null)).toBeNull();
		expect(shownUrl('')).toBeNull();
	});
});
