/**
 * A batch reads the credential once: each request sends the key as a plain header, with no
 * credential lookup and no `authenticate` expression per request.
 */
import { HarnessCredentialsHelper } from '../../harness/credentialsHelper';
import { memoryAudioItem, startEmulator, transcribe, type Emulator } from './helpers';

const { makeWav } = require('../../emulator/wav') as typeof import('../../emulator/wav');

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterEach(() => {
	emu.reset();
	jest.restoreAllMocks();
});
afterAll(() => emu.stop());

it('20 items: one credential read, no per-request authentication, the Token header on every request', async () => {
	const reads = jest.spyOn(HarnessCredentialsHelper.prototype, 'getDecrypted');
	const authentications = jest.spyOn(HarnessCredentialsHelper.prototype, 'authenticate');
	const input = Array.from({ length: 20 }, () => memoryAudioItem(makeWav({ seconds: 0.1 })));
	const result = await transcribe(emu, {}, input);
	expect(result.error).toBeUndefined();
	expect(reads).toHaveBeenCalledTimes(1);
	expect(authentications).not.toHaveBeenCalled();
	expect(emu.requests.map((request) => request.headers.authorization)).toEqual(
		Array(20).fill('Token dg-key-1'),
	);
});

it('a 429 sent again and a network failure keep the key out of the run', async () => {
	emu.fault({ path: '/v1/listen', status: 429, retryAfter: 0 });
	const sent = await transcribe(emu, {}, [memoryAudioItem(makeWav({ seconds: 0.1 }))]);
	expect(sent.error).toBeUndefined();
	const unreachable = await transcribe(emu, {}, [memoryAudioItem(makeWav({ seconds: 0.1 }))], {
		credential: { customBaseUrl: 'http://deepgram-emulator.invalid' },
	});
	expect(unreachable.error?.message).toMatch(/deepgram-emulator\.invalid/);
	for (const run of [sent.run, unreachable.run])
		expect(JSON.stringify(run)).not.toContain('dg-key-1');
});
