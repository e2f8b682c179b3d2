import type { IExecuteFunctions } from 'n8n-workflow';

import { CALLBACK_ROUTING_PARAM, type CallbackMethod } from '../shared/constants';

/**
 * n8n's public webhook address (N8N_WEBHOOK_URL, formerly WEBHOOK_URL, else where n8n listens),
 * read from this execution's resume URL (`<base>/webhook-waiting/<execution id>`), so the node can
 * tell its own n8n's webhooks from other people's URLs. Undefined when n8n cannot say.
 */
export function ownWebhookBase(this: IExecuteFunctions): string | undefined {
	try {
		const resumeUrl = new URL(String(this.evaluateExpression('{{ $execution.resumeUrl }}', 0)));
		const path = resumeUrl.pathname.split('/').slice(0, -2).join('/');
		return `${resumeUrl.origin}${path}/`;
	} catch {
		// No resume URL in this context (n8n did not build one): no URL counts as ours.
		return undefined;
	}
}

/**
 * The callback URL with `dg_job=<key>` appended, so a load balancer in front of several n8n
 * webhook processes (queue mode) can send every delivery of one job, and the second job of a
 * retried submission, to the same process. Only for POST to this n8n's own webhooks (`base`):
 * other receivers may check their query string or refuse unknown parameters, and a PUT URL is
 * usually a pre-signed upload that must stay as given. Appended as text, so the rest of the URL
 * keeps every byte; a `dg_job` already there is the user's and stays.
 */
export function withRoutingKey(
	url: URL,
	method: CallbackMethod,
	key: string,
	base: string | undefined,
): URL {
	if (method !== 'POST' || !base || !url.href.startsWith(base)) return url;
	if (url.searchParams.has(CALLBACK_ROUTING_PARAM)) return url;
	const [beforeHash, ...hash] = url.href.split('#');
	const separator = url.search === '' ? (beforeHash.endsWith('?') ? '' : '?') : '&';
	const param = `${CALLBACK_ROUTING_PARAM}=${encodeURIComponent(key)}`;
	const routed = `${beforeHash}${separator}${param}${hash.length ? `#${hash.join('#')}` : ''}`;
	return new URL(routed);
}
