/**
 * Version guard for Deepgram Transcribe: for every version the node declares, each results mode
 * (Return Transcript simplified / with analyses / raw / with captions, Send to Callback URL, an
 * error item) gives output of the stored shape. Wait for Callback: transcribeWait.test.ts.
 */
import { createHash } from 'crypto';
import type { INodeParameters } from 'n8n-workflow';

import { DeepgramTranscribe } from '../../../nodes/Deepgram/DeepgramTranscribe.node';
import { runNode } from '../../harness';
import {
	credentials,
	EVERY_ANALYSIS,
	memoryAudioItem,
	NODE_NAME,
	securedCredential,
	startEmulator,
	TYPE,
	type Emulator,
} from '../transcribe/helpers';
import { expectStoredShape, orphanExamples, versionsOf } from './storedExamples';

const { makeWav } = require('../../emulator/wav') as typeof import('../../emulator/wav');

const { description } = new DeepgramTranscribe();
const WAV = makeWav({ seconds: 2 });
const extraMetadata = { pairs: [{ key: 'job', value: '42' }] };

/** Each example: the node's parameters, and whether Continue On Fail is on. */
const EXAMPLES: Record<
	string,
	{ parameters: INodeParameters; audio?: Buffer; continueOnFail?: boolean }
> = {
	'transcript-simplified': { parameters: { tags: ['team-a'], extraMetadata } },
	'transcript-simplified-analyses': {
		parameters: {
			detectLanguage: true,
			options: EVERY_ANALYSIS,
			extraMetadata,
		},
	},
	'transcript-raw': { parameters: { output: 'raw', options: { punctuate: true }, extraMetadata } },
	'transcript-captions': { parameters: { captions: true, options: { punctuate: true } } },
	'transcript-raw-captions': { parameters: { output: 'raw', captions: true } },
	callback: {
		parameters: {
			resultsProcessing: 'callback',
			callbackUrl: 'https://hooks.example.com/deepgram',
			tags: ['team-a'],
			extraMetadata,
		},
	},
	'error-item': {
		parameters: {},
		audio: Buffer.from('{"not":"audio"}'),
		continueOnFail: true,
	},
};

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator({
		transcripts: { [createHash('sha256').update(WAV).digest('hex')]: 'Hello there. How are you?' },
		// Callbacks of the callback example go nowhere: the output is what is compared.
		callbackRetries: 0,
		allowedCallbackPorts: null,
	});
});
afterEach(() => emu.reset());
afterAll(() => emu.stop());

describe.each(versionsOf(description))(`${description.displayName} version %s`, (typeVersion) => {
	test.each(Object.keys(EXAMPLES))('%s keeps its output shape', async (example) => {
		const { parameters, audio = WAV, continueOnFail } = EXAMPLES[example];
		const result = await runNode(
			{ type: TYPE, name: NODE_NAME, parameters, continueOnFail, typeVersion },
			[memoryAudioItem(audio)],
			credentials(emu, securedCredential),
		);
		expect(result.error).toBeUndefined();
		expectStoredShape(description, typeVersion, example, result.outputs(NODE_NAME));
	});
});

test('every stored example is checked (versions are kept, examples are not left behind)', () => {
	expect(orphanExamples(description, [...Object.keys(EXAMPLES), ...WAIT_EXAMPLES])).toEqual([]);
});

/** Stored by transcribeWait.test.ts. */
const WAIT_EXAMPLES = ['wait-waiting', 'wait-resumed'];
