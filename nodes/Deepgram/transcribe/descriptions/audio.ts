import type { INodeProperties } from 'n8n-workflow';

import { AUDIO_SOURCE } from '../choices';

export const audioProperties: INodeProperties[] = [
	{
		displayName: 'Audio Source',
		name: 'audioSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Binary File',
				value: AUDIO_SOURCE.binary,
				description: 'Upload audio or video from a binary field of the input item',
			},
			{
				name: 'URL',
				value: AUDIO_SOURCE.url,
				description: 'Let Deepgram download the audio from a public URL',
			},
		],
		default: 'binary',
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the audio or video file',
		description:
			'Any audio/* or video/* file, or application/octet-stream. Large files are streamed to Deepgram from disk.',
		displayOptions: { show: { audioSource: [AUDIO_SOURCE.binary] } },
	},
	{
		displayName: 'Audio URL',
		name: 'audioUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/interview.mp3',
		description: 'A public http(s) address Deepgram can download the audio from',
		displayOptions: { show: { audioSource: [AUDIO_SOURCE.url] } },
	},
];
