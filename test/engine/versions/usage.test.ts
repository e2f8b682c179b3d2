/**
 * Version guard for Deepgram Usage by Tag: for every version the node declares, each operation
 * (Usage per Tag with its default items and with costs, Usage Grouped by Tags, Requests with Tag,
 * Get Request, List Tags and Fields, an error item) keeps the stored shape, on the March data set.
 */
import type { INodeParameters } from 'n8n-workflow';

import { DeepgramUsageByTag } from '../../../nodes/Deepgram/DeepgramUsageByTag.node';
import { runNode } from '../../harness';
import {
	credentials,
	KEYS,
	MARCH,
	USAGE_NODE,
	useMarchData,
	type MarchFixture,
} from '../usage/helpers';
import { expectStoredShape, orphanExamples, versionsOf } from './storedExamples';

const { description } = new DeepgramUsageByTag();
const march = useMarchData({ pricePerHour: 2 });
const range = { start: MARCH.start, end: MARCH.end };

/** Each example: the node's parameters (from the March data set), and Continue On Fail. */
const EXAMPLES: Record<
	string,
	{ parameters: (fixture: MarchFixture) => INodeParameters; continueOnFail?: boolean }
> = {
	'usagePerTag-defaults': {
		parameters: () => ({
			operation: 'usagePerTag',
			...range,
			tagSource: 'list',
			tags: ['acme', 'beta'],
		}),
	},
	'usagePerTag-costs': {
		parameters: () => ({
			operation: 'usagePerTag',
			...range,
			tagSource: 'all',
			options: { includeBilledCost: true, pricePerHour: 0.5, includeDaily: false },
		}),
	},
	usageGroupedByTags: {
		parameters: () => ({
			operation: 'usageGroupedByTags',
			...range,
			options: { pricePerHour: 0.5 },
		}),
	},
	requestsWithTag: {
		parameters: () => ({
			operation: 'requestsWithTag',
			...range,
			tags: ['gamma'],
			returnAll: true,
		}),
	},
	getRequest: {
		parameters: (fixture) => ({ operation: 'getRequest', requestId: fixture.sent.c2.id }),
	},
	listFields: { parameters: () => ({ operation: 'listFields', ...range }) },
	'error-item': {
		parameters: () => ({ operation: 'getRequest', requestId: 'no-such-request' }),
		continueOnFail: true,
	},
};

describe.each(versionsOf(description))(`${description.displayName} version %s`, (typeVersion) => {
	test.each(Object.keys(EXAMPLES))('%s keeps its output shape', async (example) => {
		const { parameters, continueOnFail } = EXAMPLES[example];
		const result = await runNode(
			{ type: USAGE_NODE, parameters: parameters(march), continueOnFail, typeVersion },
			[{ json: {} }],
			credentials(march.emu, KEYS.plain.key, 'proj-1'),
		);
		expect(result.error).toBeUndefined();
		expectStoredShape(description, typeVersion, example, [result.output]);
	});
});

test('every stored example is checked (versions are kept, examples are not left behind)', () => {
	expect(orphanExamples(description, Object.keys(EXAMPLES))).toEqual([]);
});
