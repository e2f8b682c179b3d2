/**
 * The node against Deepgram's own request type: every query field of `ListenV1RequestUrl`
 * (@deepgram/sdk, read at compile time) is produced by some setting of the node, and the node
 * sends no parameter outside that type but the raw-audio ones Deepgram documents.
 */
import type { listen } from '@deepgram/sdk';
import type { IExecuteFunctions, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { prepareRequest } from '../../../nodes/Deepgram/transcribe/request';
import { NODE_QUERY_PARAMETERS, type NodeQueryKey } from '../../../nodes/Deepgram/transcribe/query';
import { testNode } from '../shared/node';

/** The query fields of Deepgram's pre-recorded request (`url` is the body). */
type ListenQueryField = Exclude<keyof listen.v1.ListenV1RequestUrl, 'url'>;
/** Documented by Deepgram for raw audio (deepgram-api.md §2), missing from the SDK type. */
const DOCUMENTED_EXTRAS = ['sample_rate', 'channels'] as const;

type Equal<A, B> =
	(<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only while the node's parameter list is exactly Deepgram's fields plus the extras. */
const nodeSendsExactlyDeepgramsFields: Equal<
	NodeQueryKey,
	ListenQueryField | (typeof DOCUMENTED_EXTRAS)[number]
> = true;

const binarySource = { audioSource: 'binary', binaryPropertyName: 'data' };
const callback = { resultsProcessing: 'callback', callbackUrl: 'https://hooks.example.com/cb' };

/**
 * For each field of Deepgram's type, node parameters that make the node send it. A field missing
 * here, or one Deepgram's type does not have, fails to compile.
 */
const SETTINGS: Record<ListenQueryField, INodeParameters> = {
	callback,
	callback_method: { ...callback, callbackMethod: 'PUT' },
	extra: { extraMetadata: { pairs: [{ key: 'job', value: '1' }] } },
	sentiment: { options: { sentiment: true } },
	summarize: { options: { summarize: true } },
	tag: { tags: ['team-a'] },
	topics: { options: { topics: true } },
	custom_topic: { options: { customTopic: ['billing'] } },
	custom_topic_mode: { options: { customTopicMode: 'strict' } },
	intents: { options: { intents: true } },
	custom_intent: { options: { customIntent: ['cancel'] } },
	custom_intent_mode: { options: { customIntentMode: 'strict' } },
	detect_entities: { options: { detectEntities: true } },
	detect_language: { detectLanguage: true },
	diarize: { options: { diarize: true } },
	diarize_model: { options: { diarizeModel: 'v2' } },
	dictation: { options: { dictation: true } },
	encoding: { ...binarySource, options: { encoding: 'linear16', sampleRate: 8000 } },
	filler_words: { options: { fillerWords: true } },
	keyterm: { options: { keyterm: ['n8n'] } },
	keywords: { options: { keywords: ['n8n:2'] } },
	language: { language: 'de' },
	measurements: { options: { measurements: true } },
	model: { model: 'nova-2' },
	multichannel: { options: { multichannel: true } },
	numerals: { options: { numerals: true } },
	paragraphs: { options: { paragraphs: true } },
	profanity_filter: { options: { profanityFilter: true } },
	punctuate: { options: { punctuate: true } },
	redact: { options: { redact: ['pci'] } },
	replace: { options: { replace: ['a:b'] } },
	search: { options: { search: ['refund'] } },
	smart_format: { options: { smartFormat: true } },
	utterances: { options: { utterances: true } },
	utt_split: { options: { uttSplit: 1.2 } },
	version: { options: { version: 'latest' } },
	mip_opt_out: { options: { mipOptOut: true } },
};
const EXTRA_SETTINGS: Record<(typeof DOCUMENTED_EXTRAS)[number], INodeParameters> = {
	sample_rate: { ...binarySource, options: { encoding: 'mulaw', sampleRate: 8000 } },
	channels: { ...binarySource, options: { encoding: 'mulaw', sampleRate: 8000, channels: 2 } },
};

const DEFAULTS: INodeParameters = {
	audioSource: 'url',
	audioUrl: 'https://media.example.com/a.wav',
	model: 'nova-3',
	language: 'en',
	resultsProcessing: 'transcript',
	callbackMethod: 'POST',
};
const item: INodeExecutionData = {
	json: {},
	binary: { data: { data: '', mimeType: 'application/octet-stream' } },
};

const SENDER = {
	security: {},
	scope: { instanceId: 'i', workflowId: 'w', nodeId: 'n', executionId: '7', runIndex: 0 },
};

/** `prepareRequest` with the item's parameters, as n8n would give them (dotted names too). */
function queryFor(parameters: INodeParameters): string[] {
	const all = { ...DEFAULTS, ...parameters };
	const context = {
		getNode: () => testNode,
		getExecutionId: () => '7',
		getNodeParameter: (name: string, _index: number, fallback?: unknown) => {
			const value = name
				.split('.')
				.reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part], all);
			return value === undefined ? fallback : value;
		},
	} as unknown as IExecuteFunctions;
	return prepareRequest.call(context, 0, item, SENDER).query.map(([key]) => key);
}

describe('every field of Deepgram’s ListenV1RequestUrl', () => {
	it('is the node’s own list of parameters, with the two raw-audio extras', () => {
		expect(nodeSendsExactlyDeepgramsFields).toBe(true);
		expect(Object.keys(SETTINGS)).toHaveLength(37);
		expect(Object.keys(NODE_QUERY_PARAMETERS).sort()).toEqual(
			[...Object.keys(SETTINGS), ...DOCUMENTED_EXTRAS].sort(),
		);
	});

	it.each(Object.entries({ ...SETTINGS, ...EXTRA_SETTINGS }))(
		'%s is sent by a node setting',
		(field, parameters) => {
			expect(queryFor(parameters)).toContain(field);
		},
	);
});
