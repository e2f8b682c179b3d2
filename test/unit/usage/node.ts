import type { INode } from 'n8n-workflow';

/** The node object pure helpers name in their errors. */
export const usageNode: INode = {
	id: 'usage-node',
	name: 'Deepgram Usage by Tag',
	type: 'n8n-nodes-deepgram-callback.deepgramUsageByTag',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
