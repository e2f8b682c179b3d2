/**
 * Version guard for Deepgram Callback Trigger: for every version the node declares, what a
 * verified delivery starts (a pre-recorded result simplified and raw, a Deepgram error payload on
 * the Errors output, a streaming Results message) keeps the stored shape.
 */
import type { INodeParameters } from 'n8n-workflow';

import { DeepgramCallbackTrigger } from '../../../nodes/Deepgram/DeepgramCallbackTrigger.node';
import {
	credential,
	deliver,
	PASSWORD,
	SECRET,
	transcribeWithCallback,
	triggerTestbed,
	USER,
	withBasicAuth,
	type Emulator,
} from '../trigger/helpers';
import { expectStoredShape, orphanExamples, versionsOf } from './storedExamples';

const { description } = new DeepgramCallbackTrigger();
const testbed = triggerTestbed({ callbackRetries: 0 });
const security = { callbackSecret: SECRET, callbackUser: USER, callbackPassword: PASSWORD };

/** Each example: the trigger's parameters, and what is sent to it through the emulator or directly. */
const EXAMPLES: Record<
	string,
	{ parameters: INodeParameters; send(emu: Emulator, url: string): Promise<unknown> }
> = {
	'result-simplified': {
		parameters: {},
		send: (emu, url) => transcribeWithCallback(emu, url, { secret: SECRET, extra: ['job:42'] }),
	},
	'result-raw': {
		parameters: { simplify: false },
		send: (emu, url) => transcribeWithCallback(emu, url, { secret: SECRET, extra: ['job:42'] }),
	},
	'error-payload': {
		parameters: {},
		send: (emu, url) =>
			transcribeWithCallback(emu, url, {
				secret: SECRET,
				json: { url: 'https://media.example.com/missing.wav' },
			}),
	},
	'streaming-results': {
		// Taken by every version with the option on (from 1.2 it is off unless set).
		parameters: { options: { streamingMessages: true } },
		send: (_emu, url) =>
			deliver(url, {
				body: {
					type: 'Results',
					channel_index: [0, 1],
					duration: 1.5,
					start: 0,
					is_final: true,
					speech_final: true,
					from_finalize: false,
					channel: { alternatives: [{ transcript: 'good morning', confidence: 0.97, words: [] }] },
					metadata: {
						request_id: 'stream-1',
						model_uuid: 'model-1',
						extra: { callback_secret: SECRET },
					},
				},
			}),
	},
};

describe.each(versionsOf(description))(`${description.displayName} version %s`, (typeVersion) => {
	test.each(Object.keys(EXAMPLES))('%s keeps its output shape', async (example) => {
		const { parameters, send } = EXAMPLES[example];
		const session = await testbed.start(parameters, credential(testbed.emu, security), typeVersion);
		await send(testbed.emu, withBasicAuth(session.url));
		if (example !== 'streaming-results') await testbed.emu.waitForCallbacks(1, { attempts: true });
		expect(session.executions).toHaveLength(1);
		expectStoredShape(description, typeVersion, example, session.executions[0]);
	});
});

test('every stored example is checked (versions are kept, examples are not left behind)', () => {
	expect(orphanExamples(description, Object.keys(EXAMPLES))).toEqual([]);
});
