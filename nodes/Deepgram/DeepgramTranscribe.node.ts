import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from './shared/constants';
import { RESULTS } from './transcribe/choices';
import { transcribeProperties } from './transcribe/descriptions';
import { transcribe } from './transcribe/execute';
import { refuseWhatAgentsCannotUse } from './transcribe/toolUse';
import { transcribeAndWait } from './transcribe/wait/execute';
import { resumeOnCallback, waitWebhooks } from './transcribe/wait/webhook';

export class DeepgramTranscribe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Deepgram Transcribe',
		name: 'deepgramTranscribe',
		icon: { light: 'file:deepgram.svg', dark: 'file:deepgram.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ ($parameter["model"] === "custom" ? $parameter["customModel"] : $parameter["model"]) + " · " + ($parameter["resultsProcessing"] === "callback" ? "callback" : $parameter["resultsProcessing"] === "wait" ? "wait for callback" : "transcript") }}',
		description:
			'Transcribe pre-recorded audio with Deepgram, with callbacks, tags and extra metadata',
		defaults: { name: 'Deepgram Transcribe' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		webhooks: waitWebhooks,
		waitingNodeTooltip: 'Waiting for Deepgram to call back with the transcript',
		properties: transcribeProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		refuseWhatAgentsCannotUse.call(this);
		const waits = this.getNodeParameter('resultsProcessing', 0) === RESULTS.wait;
		return waits ? await transcribeAndWait.call(this) : await transcribe.call(this);
	}

	webhook = resumeOnCallback;
}
