/**
 * Secrets of any length stay out of the Usage node's errors and error items, in every encoding a
 * Deepgram message could echo them in.
 */
import { runNode } from '../../harness';
import { startEmulator, type Emulator } from './helpers';

const USAGE_NODE = 'n8n-nodes-deepgram-callback.deepgramUsageByTag';
// Short secrets: each under four characters.
const KEY = 'Kq7';
const SECRET = 'S2';
const USER = 'u';
const PASSWORD = 'P:3';

const FORMS = {
	key: KEY,
	secret: SECRET,
	password: PASSWORD,
	'password, URL-encoded': encodeURIComponent(PASSWORD),
	'password, double URL-encoded': encodeURIComponent(encodeURIComponent(PASSWORD)),
	'password, JSON-escaped in a string': JSON.stringify(`"${PASSWORD}"`).slice(1, -1),
	'Basic Auth, base64': Buffer.from(`${USER}:${PASSWORD}`).toString('base64'),
};
const leaks = (text: string) =>
	Object.entries(FORMS)
		.filter(([, form]) => text.includes(form))
		.map(([name]) => name);

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator({ keys: [{ key: KEY, id: 'key-id-short', projectId: 'proj-1' }] });
});
afterAll(() => emu?.stop());

/** A Deepgram 400 whose message echoes every form of every secret. */
function echoingFault() {
	emu.fault({
		path: '/v1/projects/proj-1/usage/breakdown',
		status: 400,
		body: {
			err_code: 'Bad Request',
			err_msg: `echo ${Object.values(FORMS).join(' | ')}`,
			request_id: 'req-echo',
		},
	});
}

const run = (continueOnFail: boolean) =>
	runNode(
		{
			type: USAGE_NODE,
			parameters: { operation: 'usagePerTag', tagSource: 'list', tags: ['t'] },
			continueOnFail,
		},
		[{ json: {} }],
		{
			deepgramApi: {
				apiKey: KEY,
				baseUrl: 'custom',
				customBaseUrl: emu.baseUrl,
				projectId: 'proj-1',
				callbackSecret: SECRET,
				callbackUser: USER,
				callbackPassword: PASSWORD,
			},
		},
	);

test('the error that stops the node holds no secret form', async () => {
	echoingFault();
	const result = await run(false);
	expect(result.error?.message).toMatch(/^Deepgram 400 \[Bad Request\]: echo /);
	// Everything the error carries: message, description, context and the API's answer.
	const error = result.error as unknown as Record<string, unknown>;
	const text = JSON.stringify({ ...error, message: error.message, description: error.description });
	expect(text).toContain('req-echo');
	expect(leaks(text)).toEqual([]);
});

test('the error item under Continue on Fail holds no secret form', async () => {
	echoingFault();
	const result = await run(true);
	expect(result.output).toHaveLength(1);
	expect(String(result.output[0].json.error)).toMatch(/^Deepgram 400/);
	expect(leaks(JSON.stringify(result.output))).toEqual([]);
});
