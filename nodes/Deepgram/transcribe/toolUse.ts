import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { AUDIO_SOURCE, RESULTS } from './choices';

/** n8n runs a node handed to an AI Agent as `<type>Tool` (the same name `@tool` display rules test). */
function runsAsAgentTool(this: IExecuteFunctions): boolean {
	return this.getNode().type.endsWith('Tool');
}

/**
 * What an agent cannot use, refused before anything is sent: it has no binary file to hand over,
 * and a tool call cannot stay open while the execution waits for Deepgram's callback.
 */
export function refuseWhatAgentsCannotUse(this: IExecuteFunctions): void {
	if (!runsAsAgentTool.call(this)) return;
	const node = this.getNode();
	if (this.getNodeParameter('resultsProcessing', 0) === RESULTS.wait) {
		throw new NodeOperationError(
			node,
			'Wait for Callback cannot run as an AI Agent tool: the agent would wait for Deepgram’s callback with no answer. Set Results Processing to Return Transcript (the agent gets the transcript) or Send to Callback URL (it gets the request ID).',
		);
	}
	if (this.getNodeParameter('audioSource', 0) === AUDIO_SOURCE.binary) {
		throw new NodeOperationError(
			node,
			'An AI Agent cannot hand this tool a binary file: set Audio Source to URL and the Audio URL to {{ $fromAI("audio_url") }}, so the agent passes the audio’s address.',
		);
	}
}

/** Shown only on the tool variant of the node. */
export const agentToolNotice: INodeProperties = {
	displayName:
		'As an AI Agent tool: set Audio Source to URL with the Audio URL from {{ $fromAI("audio_url") }}, and Results Processing to Return Transcript or Send to Callback URL. Binary files and Wait for Callback are refused with a message to the agent.',
	name: 'agentToolNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { '@tool': [true] } },
};
