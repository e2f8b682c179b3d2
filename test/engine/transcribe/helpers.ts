/** Shared setup of the Transcribe engine tests: the emulator, the credential, binary items. */
import { createReadStream } from 'fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'http';
import type { AddressInfo } from 'net';
import { BinaryDataService } from 'n8n-core';
import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

import { initBinaryData, runNode } from '../../harness';

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

/** Runs the node once in n8n's engine. */
export function transcribe(
	emu: Emulator,
	parameters: INodeParameters,
	input: INodeExecutionData[],
	options: { continueOnFail?: boolean; credential?: ICredentialDataDecryptedObject } = {},
) {
	return runNode(
		{ type: TYPE, name: NODE_NAME, parameters, continueOnFail: options.continueOnFail },
		input,
		credentials(emu, options.credential),
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

/**
 * The binary data of a file as n8n's filesystem mode stores it: copied by n8n-core's own
 * BinaryDataService from a stream, so the item only carries an id.
 */
export async function storedBinary(path: string, mimeType = 'audio/wav'): Promise<IBinaryData> {
	await initBinaryData();
	// n8n-core's own DI container (the harness explains why it is not the top-level @n8n/di).
	const { Container } = require(
		require.resolve('@n8n/di', { paths: [require.resolve('n8n-core')] }),
	) as typeof import('@n8n/di');
	return await Container.get(BinaryDataService).store(
		{ type: 'execution', workflowId: 'harness-workflow', executionId: 'transcribe-test' },
		createReadStream(path),
		{ data: '', mimeType, fileName: 'audio.wav' },
	);
}

export interface Receiver {
	url: string;
	received: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }>;
	close(): Promise<void>;
}

/**
 * A callback receiver on a port Deepgram (and so the node) accepts. Loopback has a whole /8,
 * so a random 127.x.y.z address avoids clashing with anything else on the same port.
 */
export async function startReceiver(): Promise<Receiver> {
	const received: Receiver['received'] = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({
				method: req.method ?? '',
				url: req.url ?? '',
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			});
			res.writeHead(200).end('ok');
		});
	});
	for (let attempt = 0; attempt < 50; attempt++) {
		const host = `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${2 + Math.floor(Math.random() * 250)}`;
		for (const port of [8080, 8443]) {
			const bound = await new Promise<boolean>((resolve) => {
				server.once('error', () => resolve(false));
				server.listen(port, host, () => resolve(true));
			});
			if (!bound) continue;
			server.removeAllListeners('error');
			const address = server.address() as AddressInfo;
			return {
				url: `http://${address.address}:${address.port}`,
				received,
				close: () =>
					new Promise<void>((resolve) => {
						server.close(() => resolve());
						server.closeAllConnections();
					}),
			};
		}
	}
	throw new Error('no free loopback address on port 8080 or 8443');
}
