import type { INodeProperties } from 'n8n-workflow';

import { AUDIO_SOURCE } from '../choices';

const rawAudioOnly = { show: { '/audioSource': [AUDIO_SOURCE.binary] } };

/**
 * Deepgram's transcription features; each maps to one /v1/listen parameter, named at the end of
 * its description (see ../query.ts). Which models take an option is Deepgram's, as its docs say.
 */
export const optionsProperties: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Channels (Raw Audio)',
				name: 'channels',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
				description: 'Number of channels of raw audio, with Encoding (channels)',
				displayOptions: rawAudioOnly,
			},
			{
				displayName: 'Custom Intent Mode',
				name: 'customIntentMode',
				type: 'options',
				options: [
					{
						name: 'Extended',
						value: 'extended',
						description: 'Your intents and the ones Deepgram detects',
					},
					{ name: 'Strict', value: 'strict', description: 'Only your intents' },
				],
				default: 'extended',
				description: 'How Custom Intents combine with detected ones (custom_intent_mode)',
			},
			{
				displayName: 'Custom Intents',
				name: 'customIntent',
				type: 'string',
				typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Intent' },
				default: [],
				placeholder: 'e.g. cancel subscription',
				description: 'Intents to look for, up to 100 (custom_intent; English only)',
			},
			{
				displayName: 'Custom Topic Mode',
				name: 'customTopicMode',
				type: 'options',
				options: [
					{
						name: 'Extended',
						value: 'extended',
						description: 'Your topics and the ones Deepgram detects',
					},
					{ name: 'Strict', value: 'strict', description: 'Only your topics' },
				],
				default: 'extended',
				description: 'How Custom Topics combine with detected ones (custom_topic_mode)',
			},
			{
				displayName: 'Custom Topics',
				name: 'customTopic',
				type: 'string',
				typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Topic' },
				default: [],
				placeholder: 'e.g. billing',
				description: 'Topics to look for, up to 100 (custom_topic; English only)',
			},
			{
				displayName: 'Detect Entities',
				name: 'detectEntities',
				type: 'boolean',
				default: true,
				description:
					'Whether to identify entities such as names, places and dates (detect_entities)',
			},
			{
				displayName: 'Diarization Model',
				name: 'diarizeModel',
				type: 'options',
				options: [
					{ name: 'Latest (Currently V2)', value: 'latest' },
					{ name: 'V1', value: 'v1' },
					{ name: 'V2', value: 'v2' },
				],
				default: 'latest',
				description:
					'Whether and how to tell speakers apart: every word and utterance gets its speaker (diarize_model; all models)',
			},
			{
				displayName: 'Diarize (Deprecated)',
				name: 'diarize',
				type: 'boolean',
				default: true,
				description:
					'Whether to tell speakers apart with the older switch; Deepgram replaced it with Diarization Model (diarize)',
			},
			{
				displayName: 'Dictation',
				name: 'dictation',
				type: 'boolean',
				default: true,
				description:
					'Whether spoken punctuation commands ("comma", "new line") become punctuation; needs Punctuate (dictation; English)',
			},
			{
				displayName: 'Encoding (Raw Audio)',
				name: 'encoding',
				type: 'options',
				options: [
					{ name: 'AMR-NB', value: 'amr-nb' },
					{ name: 'AMR-WB', value: 'amr-wb' },
					{ name: 'FLAC', value: 'flac' },
					{ name: 'G.729', value: 'g729' },
					{ name: 'Linear PCM 16-Bit', value: 'linear16' },
					{ name: 'Mu-Law', value: 'mulaw' },
					{ name: 'Opus', value: 'opus' },
					{ name: 'Speex', value: 'speex' },
				],
				default: 'linear16',
				description:
					'Encoding of headerless raw audio from the binary field; needs Sample Rate. Leave out for WAV, MP3 and other containers (encoding).',
				displayOptions: rawAudioOnly,
			},
			{
				displayName: 'Filler Words',
				name: 'fillerWords',
				type: 'boolean',
				default: true,
				description:
					'Whether to keep filler words such as "uh" and "um" in the transcript (filler_words)',
			},
			{
				displayName: 'Intents',
				name: 'intents',
				type: 'boolean',
				default: true,
				description: 'Whether to recognize the speakers’ intents (intents; English only)',
			},
			{
				displayName: 'Keyterms',
				name: 'keyterm',
				type: 'string',
				typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Keyterm' },
				default: [],
				placeholder: 'e.g. Deepgram',
				description:
					'Words or phrases to recognize more reliably, such as product names (keyterm; Nova-3 only)',
			},
			{
				displayName: 'Keywords',
				name: 'keywords',
				type: 'string',
				typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Keyword' },
				default: [],
				placeholder: 'e.g. snuffleupagus:5',
				description:
					'Words to boost, optionally with an intensifier as word:number (keywords; Nova-2 and older, not Nova-3)',
			},
			{
				displayName: 'Measurements',
				name: 'measurements',
				type: 'boolean',
				default: true,
				description:
					'Whether spoken measurements become abbreviations ("ten kilograms" becomes "10 kg") (measurements; English)',
			},
			{
				displayName: 'Model Version',
				name: 'version',
				type: 'string',
				default: 'latest',
				placeholder: 'e.g. latest',
				description: 'Version of the model to use; Deepgram’s default is latest (version)',
			},
			{
				displayName: 'Multichannel',
				name: 'multichannel',
				type: 'boolean',
				default: true,
				description: 'Whether to transcribe each audio channel separately (multichannel)',
			},
			{
				displayName: 'Numerals',
				name: 'numerals',
				type: 'boolean',
				default: true,
				description: 'Whether to write numbers as digits ("nine" becomes "9") (numerals)',
			},
			{
				displayName: 'Opt Out of Model Improvement',
				name: 'mipOptOut',
				type: 'boolean',
				default: true,
				description:
					'Whether to keep this audio out of Deepgram’s Model Improvement Program; this can change the price (mip_opt_out)',
			},
			{
				displayName: 'Paragraphs',
				name: 'paragraphs',
				type: 'boolean',
				default: true,
				description: 'Whether to split the transcript into paragraphs (paragraphs)',
			},
			{
				displayName: 'Profanity Filter',
				name: 'profanityFilter',
				type: 'boolean',
				default: true,
				description: 'Whether to mask profanity in the transcript (profanity_filter)',
			},
			{
				displayName: 'Punctuate',
				name: 'punctuate',
				type: 'boolean',
				default: true,
				description: 'Whether to add punctuation and capitalization (punctuate)',
			},
			{
				displayName: 'Redact',
				name: 'redact',
				type: 'multiOptions',
				options: [
					{ name: 'Aggressive Numbers', value: 'aggressive_numbers' },
					{ name: 'Numbers', value: 'numbers' },
					{ name: 'PCI (Payment Card Data)', value: 'pci' },
					{ name: 'PHI (Health Information)', value: 'phi' },
					{ name: 'PII (Personal Information)', value: 'pii' },
				],
				default: [],
				description: 'Sensitive information to remove from the transcript (redact)',
			},
			{
				displayName: 'Replace',
				name: 'replace',
				type: 'string',
				typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Replacement' },
				default: [],
				placeholder: 'e.g. acme:Acme Corp',
				description:
					'Terms to replace in the transcript, as find:replacement; without a replacement the term is removed (replace)',
			},
			{
				displayName: 'Sample Rate (Raw Audio)',
				name: 'sampleRate',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 16000,
				description: 'Samples per second of raw audio, with Encoding (sample_rate)',
				displayOptions: rawAudioOnly,
			},
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Search Term' },
				default: [],
				placeholder: 'e.g. refund',
				description:
					'Terms or phrases to find in the audio; the output lists each hit with its time (search)',
			},
			{
				displayName: 'Sentiment',
				name: 'sentiment',
				type: 'boolean',
				default: true,
				description:
					'Whether to analyze sentiment per segment and overall (sentiment; English only)',
			},
			{
				displayName: 'Smart Format',
				name: 'smartFormat',
				type: 'boolean',
				default: true,
				description:
					'Whether to format dates, times, numbers, currency and more for readability, also punctuating (smart_format)',
			},
			{
				displayName: 'Summarize',
				name: 'summarize',
				type: 'boolean',
				default: true,
				description: 'Whether to add a short summary of the audio (summarize=v2; English only)',
			},
			{
				displayName: 'Topics',
				name: 'topics',
				type: 'boolean',
				default: true,
				description: 'Whether to detect the topics discussed (topics; English only)',
			},
			{
				displayName: 'Utterance Split (Seconds)',
				name: 'uttSplit',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: 0.8,
				description:
					'Pause in seconds that starts a new utterance; Deepgram’s default is 0.8 (utt_split; with Utterances)',
			},
			{
				displayName: 'Utterances',
				name: 'utterances',
				type: 'boolean',
				default: true,
				description:
					'Whether to split the transcript into utterances with start and end times (utterances)',
			},
		],
	},
	{
		displayName: 'Additional Query Parameters',
		name: 'additionalQuery',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Parameter',
		default: {},
		description:
			'Deepgram parameters this node has no setting for yet, sent as name=value (a name may repeat). Names the node sets itself, such as callback, tag or extra, are refused.',
		options: [
			{
				displayName: 'Parameter',
				name: 'parameters',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. new_feature',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. true',
					},
				],
			},
		],
	},
];
