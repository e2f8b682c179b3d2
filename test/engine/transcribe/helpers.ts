/** Shared setup of the Transcribe engine tests: the emulator, the credential, binary items. */
import type {
	ICredentialDataDecryptedObject,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

import { runNode, storeBinaryFile } from '../../harness';

const { startEmulator } = require('../../emulator') as typeof import('../../emulator');

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;
export { startEmulator };

export const TYPE = 'n8n-nodes-deepgram-callback.deepgramTranscribe';
export const NODE_NAME = 'Deepgram Transcribe';

export const SECRET = 'cb-secret-Ω-123';
export const BASIC_USER = 'deepgram';
export const BASIC_PASSWORD = 'p@ss:w/rd';

/** The credential pointed at the emulator; `security` adds the callback secret and Basic Auth. */
export function credentials(emu: Emulator, extra: ICredentialDataDecryptedObject = {}) {
	return {
		deepgramApi: { apiKey: 'dg-key-1', baseUrl: 'custom', customBaseUrl: emu.baseUrl, ...extra },
	};
}

export const securedCredential = {
	callbackSecret: SECRET,
	callbackUser: BASIC_USER,
	callbackPassword: BASIC_PASSWORD,
};

/** Options switching on every analysis the Simplified output flattens. */
export const EVERY_ANALYSIS = {
	punctuate: true,
	diarize: true,
	paragraphs: true,
	utterances: true,
	summarize: true,
	sentiment: true,
	topics: true,
	intents: true,
	detectEntities: true,
};

/** Runs the node once in n8n's engine. */
export function transcribe(
	emu: Emulator,
	parameters: INodeParameters,
	input: INodeExecutionData[],
	options: {
		continueOnFail?: boolean;
		/** n8n's Retry On Fail with this many tries in all. */
		maxTries?: number;
		credential?: ICredentialDataDecryptedObject;
		/** n8n's public webhook address (N8N_WEBHOOK_URL): callback URLs under it are n8n's own. */
		webhookBase?: string;
		stopWhen?: Promise<unknown>;
	} = {},
) {
	return runNode(
		{
			type: TYPE,
			name: NODE_NAME,
			parameters,
			continueOnFail: options.continueOnFail,
			maxTries: options.maxTries,
		},
		input,
		credentials(emu, options.credential),
		{ webhookBase: options.webhookBase, stopWhen: options.stopWhen },
	);
}

/** An item whose binary data n8n holds in memory (base64), as small files arrive from many nodes. */
export function memoryAudioItem(
	audio: Buffer,
	mimeType = 'audio/wav',
	field = 'data',
): INodeExecutionData {
	return {
		json: {},
		binary: { [field]: { data: audio.toString('base64'), mimeType, fileName: 'audio.wav' } },
	};
}

/** A file's binary data as n8n's filesystem mode stores it (the item carries only its id). */
export const storedBinary = (path: string, mimeType = 'audio/wav') =>
	storeBinaryFile(path, mimeType);
