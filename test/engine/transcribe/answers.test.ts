/**
 * No silent wrong answers: a 2xx that is not what Deepgram documents (cut off, a proxy's HTML
 * page, `{}`, no request_id) fails the item saying what came and whether Deepgram may have
 * accepted the job; Retry-After is honoured up to the retry budget; a stream is closed when its
 * attempt ends.
 */
import { readdirSync, readlinkSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import type { INodeParameters } from 'n8n-workflow';
import { join } from 'path';

import { memoryAudioItem, startEmulator, storedBinary, transcribe, type Emulator } from './helpers';

const { makeWav } = require('../../emulator/wav') as typeof import('../../emulator/wav');

const WAV = makeWav({ seconds: 1 });
const HTML = '<html><body><h1>Welcome to our proxy</h1></body></html>';
const MAYBE_ACCEPTED =
	'Deepgram may have received and processed (and billed) the request, so it was not sent again. With a callback URL, Deepgram may still call back (a Deepgram Callback Trigger starts its workflow once per job). Check Deepgram Usage by Tag → Requests with Tag before sending it again.';
const MAY_HAVE_BEEN_ACCEPTED = `The answer may come from a proxy or gateway in front of Deepgram. ${MAYBE_ACCEPTED}`;

let emu: Emulator;
let dir: string;
beforeAll(async () => {
	emu = await startEmulator();
	dir = mkdtempSync(join(tmpdir(), 'dg-answers-'));
});
afterEach(() => emu.reset());
afterAll(async () => {
	await emu.stop();
	rmSync(dir, { recursive: true, force: true });
});

const callback = { resultsProcessing: 'callback', callbackUrl: 'https://hooks.example.com/cb' };
const failedItem = async (parameters: INodeParameters) => {
	const result = await transcribe(emu, parameters, [memoryAudioItem(WAV)], {
		continueOnFail: true,
	});
	expect(result.error).toBeUndefined();
	return result.output[0].json;
};

describe('a 2xx that is not a Deepgram result is an error, never an empty transcript', () => {
	it.each([
		[
			'a proxy’s HTML page',
			{ status: 200, body: HTML },
			`Deepgram answered 200 but not with a transcription result (metadata.request_id and results.channels): text/plain; charset=utf-8, 55 bytes, starting "${HTML.replace(/"/g, '\\"')}"`,
		],
		[
			'an empty JSON object',
			{ status: 200, body: {} },
			'Deepgram answered 200 but not with a transcription result (metadata.request_id and results.channels): application/json, 2 bytes, starting "{}"',
		],
		[
			'a result without results.channels',
			{ status: 200, body: { metadata: { request_id: 'r-1' }, results: {} } },
			expect.stringContaining('Deepgram answered 200 but not with a transcription result'),
		],
	])('sync: %s', async (_name, fault, message) => {
		emu.fault({ path: '/v1/listen', ...fault });
		expect(await failedItem({})).toEqual({
			error: message,
			description: MAY_HAVE_BEEN_ACCEPTED,
			status: 200,
		});
	});

	it('sync: a result cut off halfway (no Content-Length) says it was cut off; the job was served and billed', async () => {
		emu.fault({ path: '/v1/listen', afterAccept: true, cut: true });
		const json = await failedItem({});
		expect(json.error).toBe(
			`Deepgram's answer (200) from ${emu.baseUrl} was cut off before its end (ERR_BAD_RESPONSE)`,
		);
		expect(json.description).toBe(MAYBE_ACCEPTED);
		expect(emu.served).toHaveLength(1);
		expect(emu.served[0].code).toBe(200);
	});

	it.each([
		['a proxy’s HTML page', { status: 200, body: HTML }],
		['no request_id', { status: 200, body: { accepted: true } }],
		['an empty request_id', { status: 200, body: { request_id: '' } }],
	])('callback mode: %s is not an accepted job', async (_name, fault) => {
		emu.fault({ path: '/v1/listen', ...fault });
		const json = await failedItem(callback);
		expect(json.error).toMatch(
			/^Deepgram answered 200 but not with a callback acceptance \(\{"request_id": …\}\): /,
		);
		expect(json.description).toBe(MAY_HAVE_BEEN_ACCEPTED);
		expect(json.request_id).toBeUndefined();
	});

	it('without Continue On Fail the node stops with the same message', async () => {
		emu.fault({ path: '/v1/listen', status: 200, body: {} });
		const result = await transcribe(emu, callback, [memoryAudioItem(WAV)]);
		expect(result.error?.message).toBe(
			'Deepgram answered 200 but not with a callback acceptance ({"request_id": …}): application/json, 2 bytes, starting "{}" [item 0]',
		);
	});

	it('a valid answer still passes', async () => {
		const json = await failedItem(callback);
		expect(json.request_id).toBe(emu.served[0].request_id);
	});
});

describe('retries say what happened', () => {
	it('a Retry-After beyond the retry budget is not waited for: the error says so at once', async () => {
		emu.fault({ path: '/v1/listen', status: 429, retryAfter: 200 });
		const started = Date.now();
		const json = await failedItem({});
		expect(Date.now() - started).toBeLessThan(10_000);
		expect(json.description).toBe(
			"Deepgram limits concurrent requests per project: lower the node’s concurrency, or retry later. Waiting 200 s more (Deepgram's Retry-After or the backoff) would pass the node's retry budget of 180 s, so it stopped here.",
		);
		expect(emu.requests).toHaveLength(1);
	});

	it('after a retry, the budget message counts the tries', async () => {
		emu.fault({ path: '/v1/listen', status: 503 });
		emu.fault({ path: '/v1/listen', status: 429, retryAfter: 200 });
		const json = await failedItem({});
		expect(json.description).toMatch(/ Tried 2 times\. Waiting 200 s more /);
	});

	it('a status that is not retried does not claim it was', async () => {
		emu.fault({ path: '/v1/listen', status: 501 });
		const json = await failedItem({});
		expect(json.description).toBe(
			'Deepgram failed on its side. Try again later or enable Retry On Fail.',
		);
		expect(emu.requests).toHaveLength(1);
	});
});

describe('streams', () => {
	/** Open file descriptors of this process pointing at `path`. */
	const openHandles = (path: string) =>
		readdirSync('/proc/self/fd').filter((fd) => {
			try {
				return readlinkSync(`/proc/self/fd/${fd}`).startsWith(path);
			} catch {
				return false;
			}
		}).length;

	/**
	 * A 429 goes back to the batch (which closes the upload); a 503 is retried inside the
	 * transport, where only the per-attempt close keeps the stream from being held.
	 */
	it.each([429, 503])(
		'a stream is closed when its attempt ends, not held through the Retry-After wait (%i)',
		async (status) => {
			const file = join(dir, `upload-${status}.wav`);
			// Large enough that Deepgram's answer comes while the upload is still being sent.
			writeFileSync(file, makeWav({ seconds: 600 }));
			const item = { json: {}, binary: { data: await storedBinary(file) } };
			emu.fault({ path: '/v1/listen', status, retryAfter: 2, early: true });

			const run = transcribe(emu, {}, [item]);
			const binaryDir = join(process.env.N8N_USER_FOLDER!, 'binaryData');
			await new Promise((resolve) => setTimeout(resolve, 1000)); // inside the 2 s wait
			const duringWait = openHandles(binaryDir);
			const result = await run;

			expect(result.error).toBeUndefined();
			expect(emu.requests.map((request) => request.status)).toEqual([status, 200]);
			expect(duringWait).toBe(0);
			// A destroyed file stream releases its descriptor a moment later (fs.close is async).
			for (let tick = 0; tick < 50 && openHandles(binaryDir) > 0; tick++) {
				await new Promise((resolve) => setTimeout(resolve, 10));
			}
			expect(openHandles(binaryDir)).toBe(0);
		},
	);
});
