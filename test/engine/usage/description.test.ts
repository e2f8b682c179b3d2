/** What the editor shows: the node's description, evaluated by n8n-workflow where it is an expression. */
import type { INode } from 'n8n-workflow';

import { DeepgramUsageByTag } from '../../../nodes/Deepgram/DeepgramUsageByTag.node';
import { operations } from '../../../nodes/Deepgram/usage/actions/operations';
import { createWorkflow } from '../../harness/engine';
import { USAGE_NODE } from './helpers';

const { description } = new DeepgramUsageByTag();

function node(operation: string): INode {
	return {
		id: 'usage',
		name: 'Usage',
		type: USAGE_NODE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { operation },
	};
}

test.each([
	['usagePerTag', 'Usage per Tag'],
	['usageGroupedByTags', 'Usage Grouped by Tags'],
	['requestsWithTag', 'Requests with Tag'],
	['getRequest', 'Get Request'],
	['listFields', 'List Tags and Fields'],
])('the subtitle names the operation: %s → %s', (operation, label) => {
	const workflow = createWorkflow({ nodes: [node(operation)], connections: {} });
	const subtitle = workflow.expression.getSimpleParameterValue(
		node(operation),
		description.subtitle,
		'manual',
		{},
	);
	expect(subtitle).toBe(label);
});

test('an action node usable as a tool, with light and dark icons and the Deepgram credential', () => {
	expect(description).toMatchObject({
		name: 'deepgramUsageByTag',
		displayName: 'Deepgram Usage by Tag',
		usableAsTool: true,
		icon: { light: 'file:deepgram.svg', dark: 'file:deepgram.dark.svg' },
		credentials: [{ name: 'deepgramApi', required: true }],
	});
});

test('every operation option has a handler, and the date range shows for all but Get Request', () => {
	const operation = description.properties.find((p) => p.name === 'operation');
	const values = operation?.options?.map((o) => ('value' in o ? o.value : undefined));
	expect(values).toEqual([
		'getRequest',
		'listFields',
		'requestsWithTag',
		'usageGroupedByTags',
		'usagePerTag',
	]);
	expect(Object.keys(operations).sort()).toEqual(values);
	const start = description.properties.find((p) => p.name === 'start');
	expect(start?.displayOptions?.show?.operation).toEqual([
		'usagePerTag',
		'usageGroupedByTags',
		'requestsWithTag',
		'listFields',
	]);
});
