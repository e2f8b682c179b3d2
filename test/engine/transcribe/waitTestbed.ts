/**
 * Shared setup of the Wait for Callback engine tests: the emulator, the harness's stand-in for
 * n8n's waiting executions (on a port Deepgram calls back to), the fixture workflow with chosen
 * parameters, and plain HTTP calls to a resume URL.
 */
import axios from 'axios';
import { createHash } from 'crypto';
import type { IDataObject, INodeExecutionData, INodeParameters, IWorkflowBase } from 'n8n-workflow';

import { startWaitingServer, type HarnessExecution, type WaitingServer } from '../../harness';
import {
	BASIC_PASSWORD,
	BASIC_USER,
	credentials,
	NODE_NAME,
	SECRET,
	securedCredential,
	startEmulator,
	type Emulator,
} from './helpers';

const { makeWav } = require('../../emulator/wav') as typeof import('../../emulator/wav');
const fixture = require('./workflows/transcribe-and-wait.json') as IWorkflowBase;

type EmulatorOptions = NonNullable<Parameters<typeof startEmulator>[0]>;

export const AUDIO_URL = 'https://media.example.com/interview.wav';
export const AUDIO = makeWav({ seconds: 2 });
/** What the emulator transcribes AUDIO to (without punctuation, as smart_format is off). */
export const TRANSCRIPT = 'thanks for calling back';
/** A URL the emulator cannot fetch: Deepgram reports the failure in its callback. */
export const MISSING_AUDIO_URL = 'https://media.example.com/missing.wav';

/** The emulator as every test starts from: quick deliveries, quick retries of a refused one. */
const EMULATOR_BASE: EmulatorOptions = {
	urlAudio: { [AUDIO_URL]: AUDIO },
	transcripts: { [createHash('sha256').update(AUDIO).digest('hex')]: TRANSCRIPT },
	callbackDelayMs: 5,
	callbackRetryDelayMs: 50,
};

/** The fixture with the Transcribe node's parameters changed (and optionally Continue On Fail). */
export function waitWorkflow(
	parameters: INodeParameters = {},
	options: { continueOnFail?: boolean } = {},
): IWorkflowBase {
	const workflow = JSON.parse(JSON.stringify(fixture)) as IWorkflowBase;
	const node = workflow.nodes.find((entry) => entry.name === NODE_NAME)!;
	node.parameters = { ...node.parameters, ...parameters };
	if (options.continueOnFail) node.onError = 'continueRegularOutput';
	return workflow;
}

export const item = (job = 'job-1', url = AUDIO_URL): INodeExecutionData => ({
	json: { url, job },
});

export interface WaitTestbed {
	emu: Emulator;
	server: WaitingServer;
	/** Starts the fixture (or `workflow`) with one item until it waits or ends. */
	start(
		workflow?: IWorkflowBase,
		input?: INodeExecutionData[],
		credential?: IDataObject,
	): Promise<HarnessExecution>;
}

/**
 * Registers the hooks a test file needs: one emulator and one waiting server for the file, the
 * emulator reset to its base options before each test.
 */
export function waitTestbed(options: EmulatorOptions = {}): WaitTestbed {
	const testbed: WaitTestbed = {
		emu: undefined as unknown as Emulator,
		server: undefined as unknown as WaitingServer,
		start: (workflow = waitWorkflow(), input = [item()], credential = securedCredential) =>
			testbed.server.start(workflow, {
				credentials: credentials(testbed.emu, credential as never),
				input,
			}),
	};
	beforeAll(async () => {
		testbed.emu = await startEmulator({ ...EMULATOR_BASE, ...options });
		testbed.server = await startWaitingServer();
	});
	beforeEach(() => {
		testbed.emu.reset();
		testbed.emu.configure({ ...EMULATOR_BASE, ...options });
	});
	afterAll(async () => {
		await testbed.server?.stop();
		await testbed.emu?.stop();
	});
	return testbed;
}

/** The `callback` the emulator received in its last listen request (user info included). */
export function sentCallback(emu: Emulator): URL {
	const request = emu.requests.filter((entry) => entry.path === '/v1/listen').at(-1);
	const value = request?.query.find(([key]) => key === 'callback')?.[1];
	if (!value) throw new Error('the emulator received no callback URL');
	return new URL(value);
}

/** The same URL without user info, as a caller other than Deepgram would use it. */
export function withoutUserInfo(url: URL): string {
	const copy = new URL(url.href);
	copy.username = '';
	copy.password = '';
	return copy.href;
}

export const basicAuthOnly = { callbackUser: BASIC_USER, callbackPassword: BASIC_PASSWORD };

export const basicAuth = (user = BASIC_USER, password = BASIC_PASSWORD) =>
	`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

export type DeepgramBody = IDataObject & { metadata: { request_id: string; extra: IDataObject } };

/**
 * The body Deepgram posts for the emulator's `index`-th request (a copy, with `secret` echoed
 * in place of the credential's, or none for null), once the emulator has finished the job.
 */
export async function deepgramResult(
	emu: Emulator,
	index = 0,
	secret: string | null = SECRET,
): Promise<DeepgramBody> {
	for (let polls = 0; emu.served[index]?.result === undefined; polls++) {
		if (polls > 500) throw new Error(`the emulator did not finish request ${index}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	const result = JSON.parse(JSON.stringify(emu.served[index].result)) as DeepgramBody;
	if (secret === null) delete result.metadata.extra.callback_secret;
	else result.metadata.extra.callback_secret = secret;
	return result;
}

/** One HTTP call to a resume URL, as anyone on the internet could make it. */
export async function call(
	url: string,
	{
		method = 'POST',
		headers = {},
		body,
	}: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
) {
	const answer = await axios.request({
		url,
		method,
		headers: { 'content-type': 'application/json', ...headers },
		data: body === undefined ? undefined : JSON.stringify(body),
		validateStatus: () => true,
		transformResponse: (text: string) => text,
	});
	let json: unknown;
	try {
		json = JSON.parse(answer.data as string);
	} catch {
		json = undefined;
	}
	return { status: answer.status, headers: answer.headers, json };
}

/** A delivery as Deepgram makes it: Basic Auth from the URL's user info, a JSON body. */
export async function postAsDeepgram(url: URL, body: unknown) {
	const answer = await call(withoutUserInfo(url), {
		headers: {
			authorization: basicAuth(decodeURIComponent(url.username), decodeURIComponent(url.password)),
		},
		body,
	});
	return { status: answer.status, json: answer.json };
}
