/**
 * Every check made before a request is sent: the node stops with a message naming the field (and
 * the item), and Deepgram receives nothing, not even the items that were fine.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import {
	memoryAudioItem,
	securedCredential,
	startEmulator,
	transcribe,
	type Emulator,
} from './helpers';

const { makeWav } = require('../../emulator/wav') as typeof import('../../emulator/wav');

const WAV = makeWav({ seconds: 1 });

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterEach(() => emu.reset());
afterAll(() => emu.stop());

/** Runs the node on a good item followed by the item under test; expects it to stop. */
async function refused(
	parameters: INodeParameters,
	item: INodeExecutionData = memoryAudioItem(WAV),
) {
	const result = await transcribe(emu, parameters, [memoryAudioItem(WAV), item], {
		credential: securedCredential,
	});
	expect(result.error?.name).toBe('NodeOperationError');
	expect(emu.requests).toHaveLength(0);
	return {
		message: result.error?.message,
		description: result.error?.description,
		itemIndex: (result.error?.context as { itemIndex?: number } | undefined)?.itemIndex,
	};
}

/** An expression giving the value for the second item only, and a valid one for the first. */
const secondItem = (value: unknown, first: unknown) =>
	`={{ $itemIndex === 1 ? ${JSON.stringify(value)} : ${JSON.stringify(first)} }}`;

const callback = (callbackUrl: string, more: INodeParameters = {}): INodeParameters => ({
	resultsProcessing: 'callback',
	callbackUrl: `={{ $itemIndex === 1 ? ${JSON.stringify(callbackUrl)} : "https://hooks.example.com/cb" }}`,
	...more,
});

describe('callback URL and method', () => {
	it('refuses a scheme other than http and https', async () => {
		expect(await refused(callback('ftp://hooks.example.com/cb'))).toEqual({
			message:
				'Callback URL must use http or https, not "ftp": Deepgram posts pre-recorded results over HTTP(S) [item 1]',
			description: 'Check the "Callback URL" field.',
			itemIndex: 1,
		});
	});

	it('refuses n8n’s port 5678 and explains N8N_WEBHOOK_URL and WEBHOOK_URL', async () => {
		const { message } = await refused(callback('http://n8n.example.com:5678/webhook/abc'));
		expect(message).toBe(
			'callback port 5678 is not allowed by Deepgram: use 80, 443, 8080 or 8443 (n8n listens on 5678 by default: put it behind a proxy on 443 or run it on 8080, and set N8N_WEBHOOK_URL — formerly WEBHOOK_URL — to that public address) [item 1]',
		);
	});

	it('refuses any other port, listing the allowed ones', async () => {
		expect((await refused(callback('https://hooks.example.com:3000/cb'))).message).toBe(
			'callback port 3000 is not allowed by Deepgram: use 80, 443, 8080 or 8443 [item 1]',
		);
	});

	it('refuses a host with "_"', async () => {
		expect((await refused(callback('https://my_host.example.com/cb'))).message).toBe(
			'Callback URL host "my_host.example.com" contains "_", which Deepgram cannot resolve ("Failed to resolve callback."): use a host name without underscores [item 1]',
		);
	});

	it('refuses text that is not a URL', async () => {
		expect((await refused(callback('hooks.example.com/cb'))).message).toBe(
			'Callback URL "hooks.example.com/cb" is not a valid URL: use a full address such as https://n8n.example.com/webhook/… [item 1]',
		);
	});

	it('refuses a callback method other than POST and PUT', async () => {
		expect(
			await refused(
				callback('https://hooks.example.com/cb', {
					callbackMethod: '={{ $itemIndex === 1 ? "GET" : "POST" }}',
				}),
			),
		).toEqual({
			message: 'Callback Method "GET" is not supported by Deepgram: use POST or PUT [item 1]',
			description: 'Check the "Callback Method" field.',
			itemIndex: 1,
		});
	});
});

describe('tags', () => {
	it('refuses a tag over 128 characters', async () => {
		const tags = ['ok', `={{ $itemIndex === 1 ? "${'é'.repeat(129)}" : "fine" }}`];
		expect(await refused({ tags })).toEqual({
			message:
				'Tags: tag 2 is 129 characters long; Deepgram allows at most 128: shorten it [item 1]',
			description: 'Check the "Tags" field.',
			itemIndex: 1,
		});
	});

	it('accepts exactly 128 characters', async () => {
		const result = await transcribe(emu, { tags: ['x'.repeat(128)] }, [memoryAudioItem(WAV)]);
		expect(result.error).toBeUndefined();
		expect(emu.requests[0].query.at(-1)).toEqual(['tag', 'x'.repeat(128)]);
	});

	it('refuses an empty tag', async () => {
		expect((await refused({ tags: ['ok', secondItem(' ', 'fine')] })).message).toBe(
			'Tags: tag 2 is empty: remove it or give it a value [item 1]',
		);
	});
});

describe('extra metadata', () => {
	const extra = (key: unknown, value: unknown): INodeParameters => ({
		extraMetadata: {
			pairs: [
				{ key: 'job', value: '1' },
				{ key: secondItem(key, 'key'), value: secondItem(value, 'value') },
			],
		},
	});

	it('refuses a pair over 2048 characters as key:value', async () => {
		expect(await refused(extra('note', 'v'.repeat(2044)))).toEqual({
			message:
				'Extra Metadata: "note" is 2049 characters as key:value; Deepgram allows at most 2048: shorten the value [item 1]',
			description: 'Check the "Extra Metadata" field.',
			itemIndex: 1,
		});
	});

	it('refuses an empty key', async () => {
		expect((await refused(extra('', 'value'))).message).toBe(
			'Extra Metadata: pair 2 has an empty key: give it a name [item 1]',
		);
	});

	it('refuses ":" in a key', async () => {
		expect((await refused(extra('a:b', 'value'))).message).toBe(
			'Extra Metadata: key "a:b" contains ":", which Deepgram uses to split key from value: remove it from the key [item 1]',
		);
	});

	it('refuses the reserved callback_secret key, with or without a callback', async () => {
		const expected = {
			message:
				'Extra Metadata: the key "callback_secret" is reserved: set the Callback Secret in the Deepgram API credential instead [item 1]',
			description: 'Check the "Extra Metadata" field.',
			itemIndex: 1,
		};
		expect(await refused(extra('callback_secret', 'guess'))).toEqual(expected);
		expect(
			await refused({
				...callback('https://hooks.example.com/cb'),
				...extra('callback_secret', 'guess'),
			}),
		).toEqual(expected);
	});
});

describe('audio', () => {
	it('refuses binary data that is not audio or video, naming the field and the type found', async () => {
		expect(await refused({}, memoryAudioItem(Buffer.from('%PDF-1.7'), 'application/pdf'))).toEqual({
			message: 'Input Binary Field "data" holds "application/pdf", not audio or video [item 1]',
			description:
				'Deepgram transcribes audio and video: pass an audio/* or video/* file, or set its MIME type to application/octet-stream.',
			itemIndex: 1,
		});
	});

	it('accepts video and application/octet-stream', async () => {
		const result = await transcribe(emu, {}, [
			memoryAudioItem(WAV, 'video/mp4'),
			memoryAudioItem(WAV, 'application/octet-stream'),
		]);
		expect(result.error).toBeUndefined();
		expect(emu.requests.map((request) => request.headers['content-type']).sort()).toEqual([
			'application/octet-stream',
			'video/mp4',
		]);
	});

	it('refuses a missing binary field, listing the fields the item has', async () => {
		expect(await refused({}, memoryAudioItem(WAV, 'audio/wav', 'audio'))).toEqual({
			message: 'Input Binary Field: the item has no binary field "data" [item 1]',
			description: 'Check the "Input Binary Field" field: this item’s binary fields are "audio".',
			itemIndex: 1,
		});
	});

	it('refuses an item without binary data, suggesting where audio comes from', async () => {
		expect((await refused({}, { json: {} })).description).toBe(
			'The item has no binary data: read or download the audio in an earlier node, or set Audio Source to URL.',
		);
	});

	it('refuses an audio URL that is not http or https', async () => {
		expect(
			await refused({
				audioSource: 'url',
				audioUrl: '={{ $itemIndex === 1 ? "file:///etc/passwd" : "https://example.com/a.wav" }}',
			}),
		).toEqual({
			message:
				'Audio URL "file:///etc/passwd" is not an http or https address Deepgram can download from [item 1]',
			description:
				'Check the "Audio URL" field: use a full public address such as https://example.com/audio.mp3',
			itemIndex: 1,
		});
	});

	it('refuses an empty custom model', async () => {
		expect(
			(await refused({ model: 'custom', customModel: secondItem('  ', 'nova-2') })).message,
		).toBe('Custom Model is empty: enter a Deepgram model name [item 1]');
	});
});
