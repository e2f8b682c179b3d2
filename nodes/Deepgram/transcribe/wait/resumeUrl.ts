import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ALLOWED_CALLBACK_PORTS } from '../../shared/constants';
import { checkCallbackUrl } from '../../shared/rules';
import type { CallbackTarget } from '../request';

/**
 * The path the node's waiting webhook adds to the resume URL. A Deepgram callback redelivered
 * while the execution waits at another node (a Wait node, say) then finds no webhook (n8n answers
 * 404) instead of resuming that node.
 */
export const WAIT_WEBHOOK_PATH = 'deepgram';

/** The resume URL as users see it: no user info and no query, so never n8n's resume token. */
export function publicResumeUrl(url: URL): string {
	return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * This execution's resume URL (`$execution.resumeUrl`: n8n's webhook address, the execution id and
 * its resume token) with the node's webhook path, checked against Deepgram's callback rules. The
 * check sees the URL without its token, so no message can show it.
 */
export function resumeCallbackUrl(this: IExecuteFunctions): URL {
	const node = this.getNode();
	const url = new URL(String(this.evaluateExpression('{{ $execution.resumeUrl }}', 0)));
	url.pathname = `${url.pathname.replace(/\/$/, '')}/${WAIT_WEBHOOK_PATH}`;
	const shown = publicResumeUrl(url);
	try {
		checkCallbackUrl(node, shown, 'Resume URL');
	} catch (error) {
		throw new NodeOperationError(node, (error as Error).message, {
			description: `Deepgram calls back this execution’s resume URL, ${shown}, which n8n builds from its public webhook address: set N8N_WEBHOOK_URL (formerly WEBHOOK_URL) to an http(s) address Deepgram can reach on port ${ALLOWED_CALLBACK_PORTS.join(', ')}, such as https://n8n.example.com/, and restart n8n.`,
		});
	}
	return url;
}

/** Wait for Callback's target: this execution's resume URL, with POST. */
export function resumeTarget(this: IExecuteFunctions): CallbackTarget {
	const url = resumeCallbackUrl.call(this);
	return { url, method: 'POST', shown: publicResumeUrl(url) };
}
