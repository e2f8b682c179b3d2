import type { INode } from 'n8n-workflow';

/** The node the pure rule functions name in their errors. */
export const testNode: INode = {
	id: 'unit-node',
	name: 'Deepgram Transcribe',
	type: 'n8n-nodes-deepgram-callback.deepgramTranscribe',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
