import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from './shared/constants';
import { callbackWebhooks, triggerProperties } from './trigger/description';
import { keyLookupMethods } from './trigger/webhookMethods';
import { STREAMING_OPT_IN_VERSION } from './trigger/options';
import { VERIFY_NONE, VERIFY_WITH_CREDENTIAL } from './trigger/verificationChoice';
import { receiveCallback } from './trigger/webhook';

export class DeepgramCallbackTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Deepgram Callback Trigger',
		name: 'deepgramCallbackTrigger',
		icon: { light: 'file:deepgram.svg', dark: 'file:deepgram.dark.svg' },
		group: ['trigger'],
		// 1.1 changes nothing in the node: n8n 2.41 evaluates a legacy Webhook v1 expression on every
		// request for nodes at version 1, so new nodes skip that cost. 1.2 takes streaming messages
		// only with Receive Streaming Messages on (trigger/options.ts).
		version: [1, 1.1, STREAMING_OPT_IN_VERSION],
		defaultVersion: STREAMING_OPT_IN_VERSION,
		subtitle: `={{$parameter["verification"] === "${VERIFY_NONE}" ? "Unverified callbacks" : "Verified callbacks"}}`,
		description:
			'Starts the workflow when Deepgram delivers a transcription result to its callback URL',
		defaults: { name: 'Deepgram Callback Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Results', 'Errors'],
		credentials: [
			{
				name: CREDENTIAL_TYPE,
				required: true,
				displayOptions: { show: { verification: [VERIFY_WITH_CREDENTIAL] } },
			},
		],
		webhooks: callbackWebhooks,
		// What the editor says while the trigger listens: Deepgram, not the user, creates the event.
		triggerPanel: {
			header: 'Send a job to Deepgram with the Test URL as its callback',
			executionsHelp: {
				inactive:
					'<b>While building</b>: click Execute step, then send a job to Deepgram (a Deepgram Transcribe node with Send to Callback URL) whose callback is the <b>Test URL</b>; the result shows up here.<br /><br /><b>In production</b>: publish the workflow and use the <b>Production URL</b> as callback; results show up in the executions list.',
				active:
					'<b>While building</b>: click Execute step, then send a job to Deepgram whose callback is the <b>Test URL</b>; the result shows up here.<br /><br /><b>In production</b>: the workflow is published, so Deepgram’s callbacks to the <b>Production URL</b> run it; they show up in the <a data-key="executions">executions list</a>.',
			},
			activationHint:
				'Once the workflow is built, publish it and give Deepgram the Production URL as callback: every transcription result then runs it, once.',
		},
		properties: triggerProperties,
	};

	webhookMethods = { default: keyLookupMethods };

	webhook = receiveCallback;
}
