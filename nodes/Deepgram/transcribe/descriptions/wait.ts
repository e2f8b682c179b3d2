import type { INodeProperties } from 'n8n-workflow';

import { ALLOWED_CALLBACK_PORTS } from '../../shared/constants';
import { RESULTS } from '../choices';
import { TIME_LIMIT } from '../wait/timeLimit';

const ports = `${ALLOWED_CALLBACK_PORTS.slice(0, -1).join(', ')} or ${ALLOWED_CALLBACK_PORTS.at(-1)}`;
const showForWait = { show: { resultsProcessing: [RESULTS.wait] } };

/** Wait for Callback: the execution pauses until Deepgram calls back its resume URL. */
export const waitProperties: INodeProperties[] = [
	{
		displayName: `The execution pauses until Deepgram calls back this execution’s resume URL (<code>$execution.resumeUrl</code>): n8n’s public webhook address, <code>N8N_WEBHOOK_URL</code> (formerly <code>WEBHOOK_URL</code>), which must use port ${ports}. The callback must carry the credential’s Basic Auth and callback secret (set at least one there); any other call is refused and the execution keeps waiting. Deepgram’s error callback for a failed job carries no secret: with Basic Auth in the credential it fails the node at once, with a callback secret alone it cannot be verified and the node fails at the time limit. <b>One item per execution</b>: for several, put a Loop Over Items node (batch size 1) before this node, or use Send to Callback URL with a Deepgram Callback Trigger.`,
		name: 'waitNotice',
		type: 'notice',
		default: '',
		displayOptions: showForWait,
	},
	{
		displayName: 'Time Limit',
		name: 'timeLimit',
		type: 'number',
		typeOptions: { minValue: TIME_LIMIT.min },
		// Nova finishes within 10 minutes (Whisper 20) and Deepgram retries a refused delivery for
		// about 5 minutes more: 30 minutes covers both, with room for the upload.
		default: 30,
		description:
			'How long to wait for the callback. After that the node fails with the request_id (with Continue On Fail, it outputs the error). n8n looks for expired waits about once a minute.',
		displayOptions: showForWait,
	},
	{
		displayName: 'Time Limit Unit',
		name: 'timeLimitUnit',
		type: 'options',
		options: [
			{ name: 'Hours', value: 'hours' },
			{ name: 'Minutes', value: 'minutes' },
			{ name: 'Seconds', value: 'seconds' },
		],
		default: 'minutes',
		displayOptions: showForWait,
	},
	{
		displayName: 'Also Check Dg-Token (Legacy)',
		name: 'checkDgToken',
		type: 'boolean',
		default: false,
		description:
			'Whether to also require the dg-token header to equal the API key identifier (from the credential, or looked up from the API key before sending). Deepgram no longer supports this check since 2026-10-27 and may stop sending the header.',
		displayOptions: showForWait,
	},
];
