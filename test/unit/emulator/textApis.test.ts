/** Contract tests of the emulator's minimal POST /v1/speak and POST /v1/read. */
import { startEmulator } from '../../emulator';
import { call } from './helpers';

type Emu = Awaited<ReturnType<typeof startEmulator>>;
const json = { 'content-type': 'application/json' };

let emu: Emu;
beforeAll(async () => {
	emu = await startEmulator({ keys: [{ key: 'dg-key-1', tags: ['keytag'] }] });
});
afterAll(() => emu.stop());
beforeEach(() => emu.reset());

test('speak: audio back, its characters counted on a tagged record', async () => {
	const r = await call(emu.baseUrl, '/v1/speak?model=aura-2-thalia-en&tag=a&tag=b', {
		body: JSON.stringify({ text: 'Hi 🎧' }),
		headers: json,
	});
	expect(r.status).toBe(200);
	expect(r.headers['content-type']).toBe('audio/wav');
	expect(r.headers['dg-char-count']).toBe('4');
	expect(emu.served).toMatchObject([
		{ endpoint: 'speak', method: 'sync', code: 200, tags: ['a', 'b', 'keytag'], ttsCharacters: 4 },
	]);
});

test('read: Deepgram’s ReadV1Response shape, tokens in and out on the record', async () => {
	const r = await call(emu.baseUrl, '/v1/read?summarize=v2&language=en&tag=t', {
		body: JSON.stringify({ text: 'One two three. Four five.' }),
		headers: json,
	});
	expect(r.status).toBe(200);
	expect(r.body).toEqual({
		metadata: {
			metadata: {
				request_id: r.headers['dg-request-id'],
				created: expect.any(String),
				language: 'en',
				summary_info: { model_uuid: expect.any(String), input_tokens: 5, output_tokens: 3 },
			},
		},
		results: { summary: { results: { summary: { text: 'One two three.' } } } },
	});
	expect(emu.served).toMatchObject([
		{ endpoint: 'read', tokensIn: 5, tokensOut: 3, tags: ['t', 'keytag'] },
	]);
});

test.each([
	['no body', undefined],
	['no text', JSON.stringify({ url: 'https://example.com' })],
	['empty text', JSON.stringify({ text: ' ' })],
])('%s -> 400', async (_name, body) => {
	const r = await call(emu.baseUrl, '/v1/speak', { method: 'POST', body, headers: json });
	expect(r.status).toBe(400);
	expect(emu.served).toHaveLength(0);
});

test('speak over 2000 characters -> 413', async () => {
	const r = await call(emu.baseUrl, '/v1/speak', {
		body: JSON.stringify({ text: 'x'.repeat(2001) }),
		headers: json,
	});
	expect(r.status).toBe(413);
});
