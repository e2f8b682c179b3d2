import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from './shared/constants';
import { transcribeProperties } from './transcribe/descriptions';
import { transcribe } from './transcribe/execute';

export class DeepgramTranscribe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Deepgram Transcribe',
		name: 'deepgramTranscribe',
		icon: { light: 'file:deepgram.svg', dark: 'file:deepgram.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ ($parameter["model"] === "custom" ? $parameter["customModel"] : $parameter["model"]) + " · " + ($parameter["resultsProcessing"] === "callback" ? "callback" : "transcript") }}',
		description:
			'Transcribe pre-recorded audio with Deepgram, with callbacks, tags and extra metadata',
		defaults: { name: 'Deepgram Transcribe' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: transcribeProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await transcribe.call(this);
	}
}
