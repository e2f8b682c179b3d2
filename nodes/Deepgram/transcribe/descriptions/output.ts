import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_CONCURRENT, MAX_CONCURRENT, OUTPUT, RESULTS } from '../choices';

/** Both modes that output the transcript: from Deepgram's answer, or from its callback. */
const showForTranscript = { show: { resultsProcessing: [RESULTS.transcript, RESULTS.wait] } };

export const outputProperties: INodeProperties[] = [
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{
				name: 'Simplified',
				value: OUTPUT.simplified,
				description: 'Transcript, confidence and the requested analyses as flat fields',
			},
			{
				name: 'Raw',
				value: OUTPUT.raw,
				description: 'Deepgram’s full response, with every word and its timing',
			},
		],
		default: 'simplified',
		displayOptions: showForTranscript,
	},
	{
		displayName: 'Add Captions',
		name: 'captions',
		type: 'boolean',
		default: false,
		description:
			'Whether to add SRT and WebVTT captions built from the word timings, as captions.srt and captions.vtt',
		displayOptions: showForTranscript,
	},
	{
		displayName: 'Request Options',
		name: 'requestOptions',
		type: 'collection',
		placeholder: 'Add Request Option',
		default: {},
		options: [
			{
				displayName: 'Adapt Concurrency to Rate Limits',
				name: 'adaptiveConcurrency',
				type: 'boolean',
				default: true,
				description:
					'Whether to send fewer requests at once when Deepgram answers 429, and more again as they succeed; when off, Max Concurrent Requests is used throughout',
			},
			{
				displayName: 'Idempotency Key',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				placeholder: 'e.g. {{ $json.fileName }}',
				description:
					'Names the job, for example the file name or a record ID, so that running the node again (another execution, a re-run) does not send an item Deepgram already accepted in this n8n: its earlier result is returned, marked "reused". Without it, only n8n\'s Retry On Fail within one execution is recognised. Sent to Deepgram as extra idempotency_key (hashed with the node and its options), which the Callback Trigger uses to start one run per job.',
			},
			{
				displayName: MAX_CONCURRENT.field,
				name: 'maxConcurrent',
				type: 'number',
				typeOptions: { minValue: MAX_CONCURRENT.min },
				default: DEFAULT_MAX_CONCURRENT,
				description:
					'How many items are sent to Deepgram at the same time at most. Deepgram limits concurrent requests per project (100 on pay-as-you-go for Nova, fewer for Whisper); with Adapt Concurrency to Rate Limits on, the node settles on that limit after its first 429s. Lower this if other workflows share the project.',
			},
		],
	},
];
