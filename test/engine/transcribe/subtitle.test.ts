/** The subtitle the editor shows under the node, evaluated by n8n-workflow. */
import type { INode } from 'n8n-workflow';

import { DeepgramTranscribe } from '../../../nodes/Deepgram/DeepgramTranscribe.node';
import { createWorkflow } from '../../harness/engine';
import { NODE_NAME, TYPE } from './helpers';

const { description } = new DeepgramTranscribe();

test.each([
	[{ model: 'nova-3', resultsProcessing: 'transcript' }, 'nova-3 · transcript'],
	[{ model: 'nova-3', resultsProcessing: 'callback' }, 'nova-3 · callback'],
	[
		{ model: 'custom', customModel: 'nova-2-finance', resultsProcessing: 'wait' },
		'nova-2-finance · wait for callback',
	],
])('%j → %s', (parameters, subtitle) => {
	const node: INode = {
		id: 'transcribe',
		name: NODE_NAME,
		type: TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
	const workflow = createWorkflow({ nodes: [node], connections: {} });
	expect(
		workflow.expression.getSimpleParameterValue(node, description.subtitle, 'manual', {}),
	).toBe(subtitle);
});
