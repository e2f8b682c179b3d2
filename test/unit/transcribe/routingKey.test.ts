import { withRoutingKey } from '../../../nodes/Deepgram/transcribe/routingKey';

const BASE = 'https://n8n.example.com/';
const QUERY = '?sig=a%2Fb%20c&flag&t=~x*(1)';
const routed = (url: string, method: 'POST' | 'PUT' = 'POST', base: string | undefined = BASE) =>
	withRoutingKey(new URL(url), method, 'n8n-42-0-abc', base).href;

describe('withRoutingKey', () => {
	it('appends dg_job to an n8n webhook URL and keeps its query byte for byte', () => {
		expect(routed(`https://n8n.example.com/webhook/abc${QUERY}`)).toBe(
			`https://n8n.example.com/webhook/abc${QUERY}&dg_job=n8n-42-0-abc`,
		);
	});

	it('leaves a third-party URL exactly as given', () => {
		expect(routed(`https://hooks.example.com/cb${QUERY}`)).toBe(
			`https://hooks.example.com/cb${QUERY}`,
		);
	});

	it('starts a query when there is none, and keeps a fragment last', () => {
		expect(routed('https://n8n.example.com/webhook/abc')).toBe(
			'https://n8n.example.com/webhook/abc?dg_job=n8n-42-0-abc',
		);
		expect(routed('https://n8n.example.com/webhook/abc?')).toBe(
			'https://n8n.example.com/webhook/abc?dg_job=n8n-42-0-abc',
		);
		expect(routed('https://n8n.example.com/webhook/abc?a=1#part')).toBe(
			'https://n8n.example.com/webhook/abc?a=1&dg_job=n8n-42-0-abc#part',
		);
	});

	it('never replaces a dg_job the user set', () => {
		expect(routed('https://n8n.example.com/webhook/abc?dg_job=mine')).toBe(
			'https://n8n.example.com/webhook/abc?dg_job=mine',
		);
	});

	it('only for POST, and only under n8n’s own address (host and path)', () => {
		expect(routed('https://n8n.example.com/webhook/abc', 'PUT')).toBe(
			'https://n8n.example.com/webhook/abc',
		);
		// n8n could not say where its webhooks are: no URL counts as its own.
		expect(
			withRoutingKey(new URL('https://n8n.example.com/webhook/abc'), 'POST', 'k', undefined).href,
		).toBe('https://n8n.example.com/webhook/abc');
		expect(routed('https://n8n.example.com.evil.test/webhook/abc')).toBe(
			'https://n8n.example.com.evil.test/webhook/abc',
		);
		expect(routed('https://n8n.example.com/other/x', 'POST', 'https://n8n.example.com/n8n/')).toBe(
			'https://n8n.example.com/other/x',
		);
	});
});
