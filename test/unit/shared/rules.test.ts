import {
	checkCallbackMethod,
	checkCallbackUrl,
	checkExtra,
	checkTags,
} from '../../../nodes/Deepgram/shared/rules';
import { testNode } from './node';

describe('checkCallbackUrl', () => {
	it.each([
		'https://n8n.example.com/webhook/abc/deepgram',
		'http://n8n.example.com/webhook/abc',
		'https://n8n.example.com:8443/webhook/abc',
		'http://127.0.0.1:8080/webhook/abc?x=1&y=2',
		'https://user:p%40ss@n8n.example.com/webhook/abc',
	])('accepts %s', (url) => {
		expect(checkCallbackUrl(testNode, url).href).toBe(new URL(url).href);
	});

	it('refuses n8n’s default port and explains N8N_WEBHOOK_URL and WEBHOOK_URL', () => {
		expect(() => checkCallbackUrl(testNode, 'http://localhost:5678/webhook/abc')).toThrow(
			'callback port 5678 is not allowed by Deepgram: use 80, 443, 8080 or 8443 (n8n listens on 5678 by default: put it behind a proxy on 443 or run it on 8080, and set N8N_WEBHOOK_URL — formerly WEBHOOK_URL — to that public address)',
		);
	});

	it('refuses any other port with the allowed list', () => {
		expect(() => checkCallbackUrl(testNode, 'https://example.com:3000/cb')).toThrow(
			'callback port 3000 is not allowed by Deepgram: use 80, 443, 8080 or 8443',
		);
	});

	it('refuses schemes other than http and https', () => {
		expect(() => checkCallbackUrl(testNode, 'wss://example.com/cb')).toThrow(
			'Callback URL must use http or https, not "wss": Deepgram posts pre-recorded results over HTTP(S)',
		);
	});

	it('refuses a host with an underscore, which Deepgram cannot resolve', () => {
		expect(() => checkCallbackUrl(testNode, 'https://my_host.example.com/cb')).toThrow(
			'Callback URL host "my_host.example.com" contains "_", which Deepgram cannot resolve ("Failed to resolve callback."): use a host name without underscores',
		);
	});

	it('never repeats a password typed into a URL it cannot read', () => {
		expect(() => checkCallbackUrl(testNode, 'pa ss@n8n.example.com/cb')).toThrow(
			'Callback URL "***@n8n.example.com/cb" is not a valid URL',
		);
		expect(() => checkCallbackUrl(testNode, 'https://user:pass@exa mple.com/cb')).toThrow(
			'Callback URL "https://***@exa mple.com/cb" is not a valid URL',
		);
	});

	it('refuses text that is not a URL, naming the field it was given', () => {
		expect(() => checkCallbackUrl(testNode, 'n8n.example.com/cb', 'Resume URL')).toThrow(
			'Resume URL "n8n.example.com/cb" is not a valid URL: use a full address such as https://n8n.example.com/webhook/…',
		);
	});
});

describe('checkCallbackMethod', () => {
	it.each([
		['POST', 'POST'],
		['put', 'PUT'],
		[' Put ', 'PUT'],
	])('accepts %s as %s', (given, expected) => {
		expect(checkCallbackMethod(testNode, given)).toBe(expected);
	});

	it('refuses other methods', () => {
		expect(() => checkCallbackMethod(testNode, 'GET')).toThrow(
			'Callback Method "GET" is not supported by Deepgram: use POST or PUT',
		);
	});
});

describe('checkTags', () => {
	it('keeps tags as given, spaces and unicode included', () => {
		expect(checkTags(testNode, ['team a', 'kündé', 'x'.repeat(128)])).toEqual([
			'team a',
			'kündé',
			'x'.repeat(128),
		]);
	});

	it('counts characters, not UTF-16 units: 128 emoji are allowed', () => {
		expect(checkTags(testNode, ['🎧'.repeat(128)])).toHaveLength(1);
	});

	it('refuses a tag over 128 characters', () => {
		expect(() => checkTags(testNode, ['ok', 'y'.repeat(129)])).toThrow(
			'Tags: tag 2 is 129 characters long; Deepgram allows at most 128: shorten it',
		);
	});

	it('refuses an empty tag', () => {
		expect(() => checkTags(testNode, ['  '])).toThrow(
			'Tags: tag 1 is empty: remove it or give it a value',
		);
	});
});

describe('checkExtra', () => {
	it('keeps the last value of a repeated key, as Deepgram does', () => {
		expect(
			checkExtra(testNode, [
				{ key: 'team', value: 'marketing' },
				{ key: 'job', value: 'a:b&c' },
				{ key: 'team', value: 'gtm' },
			]),
		).toEqual([
			{ key: 'team', value: 'gtm' },
			{ key: 'job', value: 'a:b&c' },
		]);
	});

	it('allows exactly 2048 characters as key:value and refuses 2049', () => {
		expect(checkExtra(testNode, [{ key: 'k', value: 'v'.repeat(2046) }])).toHaveLength(1);
		expect(() => checkExtra(testNode, [{ key: 'k', value: 'v'.repeat(2047) }])).toThrow(
			'Extra Metadata: "k" is 2049 characters as key:value; Deepgram allows at most 2048: shorten the value',
		);
	});

	it('refuses an empty key and a key with ":"', () => {
		expect(() => checkExtra(testNode, [{ key: '', value: 'x' }])).toThrow(
			'Extra Metadata: pair 1 has an empty key: give it a name',
		);
		expect(() => checkExtra(testNode, [{ key: 'a:b', value: 'x' }])).toThrow(
			'Extra Metadata: key "a:b" contains ":", which Deepgram uses to split key from value: remove it from the key',
		);
	});
});
