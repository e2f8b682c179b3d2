import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { API_BASE_URLS, CUSTOM_BASE_URL } from '../nodes/Deepgram/shared/constants';

export class DeepgramApi implements ICredentialType {
	name = 'deepgramApi';

	displayName = 'Deepgram API';

	icon: Icon = {
		light: 'file:../nodes/Deepgram/deepgram.svg',
		dark: 'file:../nodes/Deepgram/deepgram.dark.svg',
	};

	documentationUrl = 'https://developers.deepgram.com/docs/create-additional-api-keys';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'A Deepgram API key. The Usage by Tag node needs one with the usage:read scope.',
		},
		{
			displayName: 'API Endpoint',
			name: 'baseUrl',
			type: 'options',
			options: [
				...API_BASE_URLS.map(({ name, url }) => ({ name, value: url })),
				{
					name: 'Custom (Self-Hosted Deepgram or a Local Emulator)',
					value: CUSTOM_BASE_URL,
				},
			],
			default: API_BASE_URLS[0].url,
			description:
				'Where transcription requests go. Management calls (projects, usage) always use the global endpoint unless a custom URL is set.',
		},
		{
			displayName: 'Custom Base URL',
			name: 'customBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://localhost:8080',
			displayOptions: { show: { baseUrl: [CUSTOM_BASE_URL] } },
		},
		{
			displayName: 'Default Project ID',
			name: 'projectId',
			type: 'string',
			default: '',
			description:
				'Optional. The project the Usage by Tag node reports on when the node does not pick one.',
		},
		{
			displayName:
				'Callback security: set these once and the Transcribe node adds them to every callback, while the Callback Trigger accepts only callbacks that carry them',
			name: 'callbackSecurityNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Callback Secret',
			name: 'callbackSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Sent as extra=callback_secret:… and checked in metadata.extra of each callback (Deepgram’s method since 2026-10-27). Removed from every output.',
		},
		{
			displayName: 'Callback Basic Auth User',
			name: 'callbackUser',
			type: 'string',
			default: '',
			description:
				'With a password, embedded in the callback URL as https://user:password@host/…; Deepgram sends it back as a Basic Authorization header (its recommended method)',
		},
		{
			displayName: 'Callback Basic Auth Password',
			name: 'callbackPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'API Key ID (Legacy Dg-Token Check)',
			name: 'apiKeyId',
			type: 'string',
			default: '',
			description:
				'The identifier of the API key, which older Deepgram callbacks carry in the dg-token header. Only used when the Callback Trigger checks dg-token; left empty, it is looked up from the key when the workflow is activated.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Token {{$credentials.apiKey}}',
			},
		},
	};

	// Management calls always use the global host, so the test asks it (or the custom URL).
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{$credentials.baseUrl === "${CUSTOM_BASE_URL}" ? $credentials.customBaseUrl.replace(/\\/+$/, "") : "${API_BASE_URLS[0].url}"}}`,
			url: '/v1/projects',
			method: 'GET',
		},
		// n8n's credential tester passes on the status code only, so each answer Deepgram documents
		// for this call is spelled out here with Deepgram's own code and message.
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Deepgram 401 [INVALID_AUTH]: Invalid credentials. Check the API key: it may be mistyped, deleted or expired.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Deepgram 403 [INSUFFICIENT_PERMISSIONS]: User does not have sufficient permissions. Use a key with at least the member scope.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'Deepgram 404 at /v1/projects: this is not a Deepgram API. Check the API Endpoint or Custom Base URL.',
				},
			},
		],
	};
}
