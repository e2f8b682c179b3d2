import type { INodeProperties } from 'n8n-workflow';

import { CUSTOM_MODEL } from '../choices';

export const modelProperties: INodeProperties[] = [
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		options: [
			{ name: 'Base', value: 'base' },
			{ name: 'Custom Model', value: CUSTOM_MODEL, description: 'Enter any model name' },
			{ name: 'Enhanced', value: 'enhanced' },
			{ name: 'Nova-2', value: 'nova-2' },
			{ name: 'Nova-2 Medical', value: 'nova-2-medical' },
			{ name: 'Nova-2 Meeting', value: 'nova-2-meeting' },
			{ name: 'Nova-2 Phone Call', value: 'nova-2-phonecall' },
			{ name: 'Nova-3', value: 'nova-3', description: 'Deepgram’s most accurate general model' },
			{ name: 'Nova-3 Medical', value: 'nova-3-medical' },
		],
		default: 'nova-3',
		description: 'The Deepgram model that transcribes the audio',
	},
	{
		displayName: 'Custom Model',
		name: 'customModel',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. nova-2-finance',
		description: 'Any model name Deepgram accepts, including custom-trained models',
		displayOptions: { show: { model: [CUSTOM_MODEL] } },
	},
	{
		displayName: 'Detect Language',
		name: 'detectLanguage',
		type: 'boolean',
		default: false,
		description: 'Whether Deepgram should detect the spoken language instead of being told it',
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'string',
		default: 'en',
		placeholder: 'e.g. en-US',
		description:
			'BCP-47 language code of the audio, such as en, en-GB or es; multi for Nova-3’s multilingual mode',
		displayOptions: { show: { detectLanguage: [false] } },
	},
	{
		displayName: 'Candidate Languages',
		name: 'languageCandidates',
		type: 'string',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Language' },
		default: [],
		placeholder: 'e.g. es',
		description: 'Language codes to choose from; leave empty to consider every language',
		displayOptions: { show: { detectLanguage: [true] } },
	},
];
