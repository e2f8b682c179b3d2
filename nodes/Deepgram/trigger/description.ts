import type { INodeProperties, IWebhookDescription } from 'n8n-workflow';

import { ALLOWED_CALLBACK_PORTS, CALLBACK_METHODS, CALLBACK_REDELIVERY } from '../shared/constants';
import { ACK_RECEIVED } from './acknowledge';
import {
	ACKNOWLEDGE_RESPONSE,
	acknowledgeNotice,
	acknowledgeProperty,
	runLeaseOption,
} from './acknowledgeDescription';
import { DEFAULT_REMEMBERED_DELIVERIES, REMEMBER_FOR_MS } from './deliveryMemory';
import { REMEMBERED_DELIVERIES } from './options';
import { VERIFY_NONE, VERIFY_WITH_CREDENTIAL } from './verificationChoice';

const ports = `${ALLOWED_CALLBACK_PORTS.slice(0, -1).join(', ')} and ${ALLOWED_CALLBACK_PORTS.at(-1)}`;

/**
 * One webhook per method Deepgram may use (callback_method), on the same path; n8n registers
 * both. The node answers each request itself, at once, unless Acknowledge waits for the run.
 */
export const callbackWebhooks: IWebhookDescription[] = CALLBACK_METHODS.map((httpMethod) => ({
	name: 'default',
	httpMethod,
	...ACKNOWLEDGE_RESPONSE,
	path: 'webhook',
}));

export const triggerProperties: INodeProperties[] = [
	{
		displayName: `The Production URL under "Webhook URLs" above is this trigger's callback URL: give it to Deepgram as <code>callback</code> (the Deepgram Transcribe node does), with POST or PUT. Deepgram delivers only to ports ${ports}: n8n's default port 5678 does not work, so serve n8n through one of them and set <code>N8N_WEBHOOK_URL</code> (formerly <code>WEBHOOK_URL</code>) to that public address. Deepgram retries a delivery that gets no 2xx up to ${CALLBACK_REDELIVERY.attempts} times, ${CALLBACK_REDELIVERY.intervalSeconds} seconds apart.`,
		name: 'callbackUrlNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Verification',
		name: 'verification',
		type: 'options',
		options: [
			{
				name: "Use Credential's Callback Security (Recommended)",
				value: VERIFY_WITH_CREDENTIAL,
				description:
					'Every method the Deepgram API credential sets must pass: Basic Auth user and password (Deepgram’s recommended method) and the callback secret in metadata.extra. Missing values are answered 401, wrong ones 403; the reason goes to n8n’s log.',
			},
			{
				name: 'None (Insecure)',
				value: VERIFY_NONE,
				description: 'Accept every request sent to this URL',
			},
		],
		default: VERIFY_WITH_CREDENTIAL,
	},
	{
		displayName:
			'What is verified: a result (and a streaming Results or Metadata message) must pass every method the credential sets — Basic Auth, the callback secret echoed in metadata.extra, and dg-token when checked. Deepgram’s error callbacks and bare UtteranceEnd and SpeechStarted messages carry no metadata.extra: they pass on Basic Auth (and dg-token when checked) alone, and with only a callback secret they cannot be verified and are refused. Set Basic Auth in the credential to receive failed jobs on the Errors output.',
		name: 'secretOnlyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { verification: [VERIFY_WITH_CREDENTIAL] } },
	},
	{
		displayName: 'Also Check Dg-Token (Legacy)',
		name: 'checkDgToken',
		type: 'boolean',
		default: false,
		description:
			'Whether to also require the dg-token header to equal the API key identifier (from the credential, or looked up from the API key when the workflow is activated). Deepgram no longer supports this check since 2026-10-27 and may stop sending the header.',
		displayOptions: { show: { verification: [VERIFY_WITH_CREDENTIAL] } },
	},
	{
		displayName:
			'Anyone who learns this URL can start the workflow with made-up results. Use None only for tests, or when something in front of n8n already verifies callbacks.',
		name: 'noVerificationNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { verification: [VERIFY_NONE] } },
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return a simplified version of the response instead of the raw data',
	},
	acknowledgeProperty,
	acknowledgeNotice,
	{
		displayName: `Each Deepgram job starts the workflow once: a redelivery (same request_id, or a second job for the same submission, recognised by the idempotency_key the Deepgram Transcribe node sends) is answered 2xx and starts nothing. This n8n process remembers what it started for ${REMEMBER_FOR_MS / 60_000} minutes (Deepgram retries for 5), and the workflow’s static data keeps them across restarts (published workflow only, not the test URL). With several webhook processes (queue mode), copies landing on two processes at the same moment can both start it: make the workflow safe to run twice for one request_id.`,
		name: 'redeliveryNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { acknowledge: [ACK_RECEIVED] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Ignore Redeliveries',
				name: 'deduplicate',
				type: 'boolean',
				default: true,
				description:
					'Whether to answer a delivery that already started the workflow (same request_id; for streaming, same message) with 2xx and not start it again',
				displayOptions: { show: { '/acknowledge': [ACK_RECEIVED] } },
			},
			{
				displayName: 'Receive Streaming Messages',
				name: 'streamingMessages',
				type: 'boolean',
				default: true,
				description:
					'Whether to start the workflow for the messages of a live stream whose callback is this URL (Results, Metadata, UtteranceEnd, SpeechStarted). Off (the default for new triggers), they are refused with 400. Results and Metadata messages must echo the callback secret like results.',
			},
			{
				displayName: 'Only Final Streaming Results',
				name: 'onlyFinalResults',
				type: 'boolean',
				default: false,
				description:
					'Whether to start the workflow only for streaming Results marked is_final; other streaming messages are answered 2xx and dropped',
			},
			{
				displayName: 'Remembered Deliveries',
				name: 'rememberedDeliveries',
				type: 'number',
				typeOptions: {
					minValue: REMEMBERED_DELIVERIES.min,
					maxValue: REMEMBERED_DELIVERIES.max,
				},
				default: DEFAULT_REMEMBERED_DELIVERIES,
				description: `The most deliveries remembered at once, only a cap on memory: each is remembered for ${REMEMBER_FOR_MS / 60_000} minutes (Deepgram retries for 5), so keep it above your callbacks per second × ${REMEMBER_FOR_MS / 1000}`,
			},
			runLeaseOption,
		],
	},
];
