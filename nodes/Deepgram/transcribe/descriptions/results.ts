import type { INodeProperties } from 'n8n-workflow';

import {
	ALLOWED_CALLBACK_PORTS,
	CALLBACK_METHODS,
	MAX_EXTRA_PAIR_LENGTH,
	MAX_TAG_LENGTH,
} from '../../shared/constants';
import { tagList } from '../../shared/tagList.description';
import { RESULTS } from '../choices';
import { waitProperties } from './wait';

const ports = ALLOWED_CALLBACK_PORTS.join(', ');
const showForCallback = { show: { resultsProcessing: [RESULTS.callback] } };

/** Deepgram's results-processing parameters: callback (or this execution's resume URL), callback_method, tag and extra. */
export const resultsProperties: INodeProperties[] = [
	{
		displayName: 'Results Processing',
		name: 'resultsProcessing',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Return Transcript',
				value: RESULTS.transcript,
				description:
					'Output the transcript Deepgram answers with; the request stays open while Deepgram works',
			},
			{
				name: 'Send to Callback URL',
				value: RESULTS.callback,
				description:
					'Output the request ID at once; Deepgram sends the transcript to a callback URL, such as a Deepgram Callback Trigger',
			},
			{
				name: 'Wait for Callback',
				value: RESULTS.wait,
				description:
					'Pause the execution while Deepgram works and resume it with the transcript when Deepgram’s verified callback arrives (one item per execution)',
			},
		],
		default: 'transcript',
	},
	{
		displayName: 'Callback URL',
		name: 'callbackUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://n8n.example.com/webhook/…/deepgram',
		description: `Where Deepgram sends the transcript: http or https, on port ${ports}, with no "_" in the host name`,
		displayOptions: showForCallback,
	},
	{
		displayName: 'Callback Method',
		name: 'callbackMethod',
		type: 'options',
		options: CALLBACK_METHODS.map((method) => ({ name: method, value: method })),
		default: 'POST',
		description: 'PUT suits pre-signed upload URLs, such as Amazon S3',
		displayOptions: showForCallback,
	},
	{
		displayName:
			'The credential’s Callback Secret and Basic Auth user and password are added to every callback, so a Deepgram Callback Trigger using the same credential accepts it. They never appear in the output.',
		name: 'callbackSecurityNotice',
		type: 'notice',
		default: '',
		displayOptions: showForCallback,
	},
	...waitProperties,
	tagList(
		`Labels for usage reports (see the Deepgram Usage by Tag node), up to ${MAX_TAG_LENGTH} characters each`,
	),
	{
		displayName: 'Extra Metadata',
		name: 'extraMetadata',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Metadata',
		description: `Key-value pairs Deepgram returns in metadata.extra of the result, up to ${MAX_EXTRA_PAIR_LENGTH} characters per key:value; a repeated key keeps its last value`,
		options: [
			{
				displayName: 'Pair',
				name: 'pairs',
				values: [
					{
						displayName: 'Key',
						name: 'key',
						type: 'string',
						default: '',
						placeholder: 'e.g. job_id',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
					},
				],
			},
		],
	},
];
