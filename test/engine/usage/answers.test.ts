/**
 * A management answer that is not what Deepgram documents (a proxy's HTML page, `{}` instead of a
 * list) is an error, never an empty report.
 */
import { KEYS, runUsage, startEmulator, type Emulator } from './helpers';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator({ keys: [KEYS.plain] });
});
afterEach(() => emu.reset());
afterAll(() => emu.stop());

const range = { start: '2025-03-01', end: '2025-03-02' };
const project = { __rl: true, mode: 'id', value: 'proj-1' };

test.each([
	[
		'Requests with Tag: {} instead of a list of requests',
		{ operation: 'requestsWithTag', tags: ['a'], returnAll: true },
		'/v1/projects/proj-1/requests',
		{},
		'Deepgram answered 200 but not with a list of requests (a JSON object with "requests"): application/json, 2 bytes, starting "{}"',
	],
	[
		'Usage Grouped by Tags: a proxy’s HTML page',
		{ operation: 'usageGroupedByTags' },
		'/v1/projects/proj-1/usage/breakdown',
		'<html>maintenance</html>',
		'Deepgram answered 200 but not with a usage breakdown (a JSON object with "results"): text/plain; charset=utf-8, 24 bytes, starting "<html>maintenance</html>"',
	],
	[
		'List Tags and Fields: a JSON list instead of an object',
		{ operation: 'listFields' },
		'/v1/projects/proj-1/usage/fields',
		[],
		'Deepgram answered 200 but not with a list of usage fields (a JSON object): application/json, 2 bytes, starting "[]"',
	],
])('%s', async (_name, parameters, path, body, message) => {
	emu.fault({ path, status: 200, body });
	const result = await runUsage(
		emu,
		{ ...parameters, ...range, project },
		{ continueOnFail: true },
	);
	expect(result.error).toBeUndefined();
	expect(result.output.map((item) => item.json)).toEqual([
		{
			error: message,
			description:
				'The answer may come from a proxy or gateway in front of Deepgram: check the API Endpoint in the Deepgram API credential and run the node again.',
			status: 200,
		},
	]);
});
