/**
 * The callback URLs "Requests with Tag" and "Get Request" output carry neither Basic Auth user
 * info nor n8n's resume token, wherever the record keeps the URL: in `details.config` (SDK
 * shape), as the spec's `callback` string, or only in the path of a request still processing.
 */
import { runNode } from '../../harness';
import { memoryAudioItem } from '../transcribe/helpers';
import { credentials, KEYS, runUsage, startEmulator, testClock, type Emulator } from './helpers';

const { makeWav } = require('../../emulator/wav') as typeof import('../../emulator/wav');

const TRANSCRIBE_NODE = 'n8n-nodes-deepgram-callback.deepgramTranscribe';
/** n8n's resume URL shape; `.invalid` and a delivery delay longer than the file: never called. */
const RESUME_URL = 'http://callback.invalid:8080/webhook-waiting/42/deepgram?signature=tok3n';
const SHOWN = 'http://callback.invalid:8080/webhook-waiting/42/deepgram';
// Short on purpose, with a character URL encoding changes.
const PASSWORD = 'P:3';
const DAY = { start: '2025-06-01', end: '2025-06-01' };

let emu: Emulator;
const clock = testClock();
const sent: Record<'credentialAuth' | 'typedAuth' | 'processing', string> = {
	credentialAuth: '',
	typedAuth: '',
	processing: '',
};

async function transcribeWithCallback(callbackUrl: string, basicAuth: boolean): Promise<string> {
	const result = await runNode(
		{
			type: TRANSCRIBE_NODE,
			parameters: { tags: ['cb-urls'], resultsProcessing: 'callback', callbackUrl },
		},
		[memoryAudioItem(makeWav({ seconds: 1 }))],
		{
			deepgramApi: {
				...credentials(emu, KEYS.plain.key).deepgramApi,
				...(basicAuth ? { callbackUser: 'deepgram', callbackPassword: PASSWORD } : {}),
			},
		},
		// n8n's own address: the URL gets dg_job, which outputs must not show either.
		{ webhookBase: 'http://callback.invalid:8080/' },
	);
	const id = result.output[0]?.json.request_id;
	if (typeof id !== 'string') throw new Error(`no request_id: ${JSON.stringify(result.output)}`);
	return id;
}

beforeAll(async () => {
	emu = await startEmulator({
		now: clock.now,
		keys: [KEYS.plain],
		// Records keep the URL as sent, user info included, so only the node can hide it.
		recordCallbackCredentials: true,
		callbackDelayMs: 600_000,
	});
	clock.set('2025-06-01T10:00:00Z');
	sent.credentialAuth = await transcribeWithCallback(RESUME_URL, true);
	clock.set('2025-06-01T10:00:01Z');
	sent.typedAuth = await transcribeWithCallback(
		RESUME_URL.replace('http://', `http://me:${encodeURIComponent(PASSWORD)}@`),
		false,
	);
	// Still processing: the record has no details yet, the URL is only in its path.
	emu.configure({ latencyMs: 600_000 });
	clock.set('2025-06-01T10:00:02Z');
	sent.processing = await transcribeWithCallback(RESUME_URL, true);
	emu.configure({ latencyMs: 0 });
});
afterAll(() => emu?.stop());

/** What a leak would look like in the output, in any encoding the URL had on its way. */
const LEAKS = [
	'signature',
	'tok3n',
	'deepgram:',
	'me:',
	'@',
	PASSWORD,
	encodeURIComponent(PASSWORD),
];
const leaks = (output: unknown) => LEAKS.filter((form) => JSON.stringify(output).includes(form));

test('the emulator holds the URLs with user info and token, as the node sent them', () => {
	const record = emu.served.find((r) => r.request_id === sent.credentialAuth);
	expect(record?.callbackUrl).toMatch(
		/^http:\/\/deepgram:P%3A3@callback\.invalid:8080\/webhook-waiting\/42\/deepgram\?signature=tok3n&dg_job=n8n-\d+-0-[0-9a-f]{12}$/,
	);
	expect(record?.config.callback).toBe(record?.callbackUrl);
	expect(emu.served.find((r) => r.request_id === sent.processing)?.code).toBeUndefined();
});

describe.each(['sdk', 'spec'] as const)('%s record shape', (shape) => {
	beforeEach(() => emu.configure({ recordShape: shape }));

	test('Requests with Tag: every callback URL without user info or resume token', async () => {
		const result = await runUsage(emu, {
			operation: 'requestsWithTag',
			...DAY,
			tags: ['cb-urls'],
			returnAll: true,
		});
		expect(result.error).toBeUndefined();
		const byId = Object.fromEntries(result.output.map((item) => [item.json.request_id, item.json]));
		expect(Object.keys(byId).sort()).toEqual(Object.values(sent).sort());
		for (const id of Object.values(sent)) {
			expect((byId[id].callback as { url: unknown }).url).toBe(SHOWN);
		}
		expect(leaks(result.output)).toEqual([]);
	});

	test('Get Request: the same', async () => {
		for (const id of Object.values(sent)) {
			const result = await runUsage(emu, { operation: 'getRequest', requestId: id });
			expect(result.error).toBeUndefined();
			expect((result.output[0].json.callback as { url: unknown }).url).toBe(SHOWN);
			expect(leaks(result.output)).toEqual([]);
		}
	});
});
