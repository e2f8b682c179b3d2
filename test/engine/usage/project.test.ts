/** The project (picker, ID, credential default) and the errors Deepgram gives for it, in n8n's engine. */
import { LoadOptionsContext } from 'n8n-core';
import type { INode } from 'n8n-workflow';

import { searchProjects } from '../../../nodes/Deepgram/usage/methods/listSearch';
import { createAdditionalData, createWorkflow } from '../../harness/engine';
import {
	credentials,
	jsonOf,
	KEYS,
	managementCalls,
	runUsage,
	startEmulator,
	USAGE_NODE,
	type Emulator,
} from './helpers';
import { runNode } from '../../harness';

let emu: Emulator;

beforeAll(async () => {
	emu = await startEmulator({ keys: [KEYS.plain, KEYS.noUsage] });
});
beforeEach(() => {
	emu.requests.length = 0;
});
afterAll(() => emu.stop());

const fields = { operation: 'listFields', start: '2025-03-01', end: '2025-03-01' };
const locator = (mode: 'list' | 'id', value: string) => ({ __rl: true, mode, value });

describe('which project', () => {
	test('an empty picker uses the credential’s Default Project ID', async () => {
		const result = await runUsage(
			emu,
			{ ...fields, project: locator('list', '') },
			{ projectId: 'proj-1' },
		);
		expect(result.error).toBeUndefined();
		expect(managementCalls(emu)).toEqual([
			'/v1/projects/proj-1/usage/fields?start=2025-03-01&end=2025-03-01',
		]);
	});

	test('a project chosen by ID wins over the credential’s default', async () => {
		const result = await runUsage(
			emu,
			{ ...fields, project: locator('id', ' proj-1 ') },
			{ projectId: 'proj-other' },
		);
		expect(result.error).toBeUndefined();
		expect(result.output[0].json.project_id).toBe('proj-1');
		expect(managementCalls(emu)).toEqual([
			'/v1/projects/proj-1/usage/fields?start=2025-03-01&end=2025-03-01',
		]);
	});

	test('neither a project nor a default: a clear error before any call', async () => {
		const result = await runNode(
			{ type: USAGE_NODE, parameters: { ...fields, project: locator('list', '') } },
			[{ json: {} }],
			credentials(emu, KEYS.plain.key),
		);
		expect(result.error?.message).toBe(
			'No project: pick one in "Project", or set "Default Project ID" in the Deepgram API credential [item 0]',
		);
		expect(managementCalls(emu)).toEqual([]);
	});
});

describe('Deepgram’s errors', () => {
	test('an unknown project ID gives Deepgram’s 404', async () => {
		const result = await runUsage(emu, { ...fields, project: locator('id', 'proj-missing') });
		expect(result.error?.message).toBe(
			'Deepgram 404 [PROJECT_NOT_FOUND]: Project not found. [item 0]',
		);
		expect(result.error?.description).toBe(
			'Check the project ID or request ID: it does not exist for this key.',
		);
	});

	test('a malformed project ID gives Deepgram’s plain-text 404, the ID sent encoded', async () => {
		const result = await runUsage(emu, { ...fields, project: locator('id', 'not a uuid') });
		expect(result.error?.message).toBe(
			'Deepgram 404: UUID parsing failed: invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found ` ` at 4 [item 0]',
		);
		expect(emu.requests[0].path).toBe('/v1/projects/not%20a%20uuid/usage/fields');
	});

	test('a key without usage:read gives Deepgram’s 403 naming the scope', async () => {
		const result = await runUsage(
			emu,
			{ operation: 'usagePerTag', tags: ['acme'] },
			{ key: KEYS.noUsage.key },
		);
		expect(result.error?.message).toMatch(
			/^Deepgram 403 \[INSUFFICIENT_PERMISSIONS\]: Your account does not have the required scope to perform that action for this project\. Missing scope: usage:read \(request_id [0-9a-f-]{36}\) \[item 0\]$/,
		);
	});

	test('Continue on Fail: the failing item becomes {error}, the others go on, all paired', async () => {
		const result = await runUsage(
			emu,
			{ ...fields, project: locator('id', '={{ $json.project }}') },
			{
				continueOnFail: true,
				input: [{ json: { project: 'proj-missing' } }, { json: { project: 'proj-1' } }],
			},
		);
		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(jsonOf(result.output)).toEqual([
			{
				error: 'Deepgram 404 [PROJECT_NOT_FOUND]: Project not found.',
				description: 'Check the project ID or request ID: it does not exist for this key.',
				status: 404,
				code: 'PROJECT_NOT_FOUND',
			},
			{
				project_id: 'proj-1',
				start: '2025-03-01',
				end: '2025-03-01',
				tags: [],
				models: [],
				processing_methods: [],
				features: [],
				languages: [],
			},
		]);
	});

	test('no secret in an error', async () => {
		const result = await runUsage(emu, { ...fields, project: locator('id', 'proj-missing') });
		expect(JSON.stringify(result.error)).not.toContain(KEYS.plain.key);
	});
});

describe('the project picker (list search)', () => {
	async function search(filter: string | undefined, projectId?: string) {
		const node: INode = {
			id: 'usage',
			name: 'Deepgram Usage by Tag',
			type: USAGE_NODE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
			credentials: { deepgramApi: { id: 'deepgramApi-id', name: 'deepgramApi' } },
		};
		const workflow = createWorkflow({ nodes: [node], connections: {} });
		const additionalData = createAdditionalData(
			credentials(emu, KEYS.plain.key, projectId),
			workflow,
		);
		const context = new LoadOptionsContext(workflow, node, additionalData, 'project');
		return searchProjects.call(context, filter);
	}

	test('lists the key’s projects and marks the credential’s default', async () => {
		expect(await search(undefined, 'proj-1')).toEqual({
			results: [{ name: 'Emulated project (credential default)', value: 'proj-1' }],
		});
		expect(managementCalls(emu)).toEqual(['/v1/projects']);
	});

	test('filters by name or ID, case-insensitively', async () => {
		expect(await search('EMULATED')).toEqual({
			results: [{ name: 'Emulated project', value: 'proj-1' }],
		});
		expect(await search('proj-1')).toEqual({
			results: [{ name: 'Emulated project', value: 'proj-1' }],
		});
		expect(await search('other')).toEqual({ results: [] });
	});
});
