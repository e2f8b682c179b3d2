/**
 * Wait for Callback: only Deepgram's verified callback for the awaited request resumes the
 * execution. Everything else is answered (401/403/400, or 2xx for another request) and the
 * execution keeps waiting; once it resumed, a redelivery finds nothing to resume.
 */
import { harnessLogs } from '../../harness';
import { SECRET } from './helpers';
import {
	basicAuth,
	call,
	deepgramResult,
	postAsDeepgram,
	sentCallback,
	TRANSCRIPT,
	waitTestbed,
	waitWorkflow,
	withoutUserInfo,
} from './waitTestbed';

const bed = waitTestbed();

/** Starts an execution whose real callback does not come (the emulator holds it back). */
async function waiting(workflow = waitWorkflow(), credential?: Record<string, string>) {
	bed.emu.configure({ callbackDelayMs: 600_000 });
	harnessLogs.clear();
	const execution = await bed.start(workflow, undefined, credential);
	const callback = sentCallback(bed.emu);
	return { id: execution.id, callback, url: withoutUserInfo(callback) };
}

describe('a call to the resume URL that is not Deepgram’s verified callback', () => {
	it('is refused, and the execution keeps waiting', async () => {
		const { id, url } = await waiting();
		const genuine = await deepgramResult(bed.emu);
		const wrongSecret = await deepgramResult(bed.emu, 0, 'not-the-secret');
		const noSecret = await deepgramResult(bed.emu, 0, null);
		const withoutToken = new URL(url);
		withoutToken.search = '';

		const answers = {
			noResumeToken: await call(withoutToken.href, {
				headers: { authorization: basicAuth() },
				body: genuine,
			}),
			noAuthentication: await call(url, { body: noSecret }),
			noBasicAuth: await call(url, { body: genuine }),
			wrongPassword: await call(url, {
				headers: { authorization: basicAuth(undefined, 'wrong-password') },
				body: genuine,
			}),
			wrongSecret: await call(url, {
				headers: { authorization: basicAuth() },
				body: wrongSecret,
			}),
			noSecret: await call(url, { headers: { authorization: basicAuth() }, body: noSecret }),
		};

		expect(
			Object.fromEntries(
				Object.entries(answers).map(([name, answer]) => [name, [answer.status, answer.json]]),
			),
		).toEqual({
			// n8n's own check, before the node sees the call.
			noResumeToken: [401, { error: 'Invalid token' }],
			noAuthentication: [401, { code: 401, message: 'Callback rejected: not authenticated' }],
			noBasicAuth: [401, { code: 401, message: 'Callback rejected: not authenticated' }],
			wrongPassword: [403, { code: 403, message: 'Callback rejected: not authorized' }],
			wrongSecret: [403, { code: 403, message: 'Callback rejected: not authorized' }],
			noSecret: [401, { code: 401, message: 'Callback rejected: not authenticated' }],
		});
		// Which check failed is for the user's n8n log, one line per refused call, no secret in it.
		expect(harnessLogs.at('warn').map((line) => line.slice(line.lastIndexOf(': ') + 2))).toEqual([
			'missing Basic Authorization header',
			'missing Basic Authorization header',
			'wrong Basic Auth user or password',
			'wrong callback secret',
			'missing metadata.extra.callback_secret',
		]);
		expect(JSON.stringify(harnessLogs.lines)).not.toMatch(/not-the-secret|wrong-password/);
		expect(answers.noBasicAuth.headers['www-authenticate']).toBe('Basic realm="Deepgram callback"');
		expect(bed.server.execution(id).status).toBe('waiting');

		// The real callback still resumes it.
		const resumed = await call(url, { headers: { authorization: basicAuth() }, body: genuine });
		expect(resumed).toMatchObject({
			status: 200,
			json: { received: true, resumed: true, request_id: genuine.metadata.request_id },
		});
		const done = await bed.server.settled(id);
		expect(done.status).toBe('success');
		expect(done.items('Store Transcript').map((entry) => entry.json.transcript)).toEqual([
			TRANSCRIPT,
		]);
	});

	it('a verified body that is no pre-recorded result is refused with 400', async () => {
		const { id, url } = await waiting();
		const genuine = await deepgramResult(bed.emu);
		const streaming = {
			type: 'Results',
			is_final: true,
			channel: { alternatives: [{ transcript: 'hi', confidence: 1 }] },
			metadata: { request_id: genuine.metadata.request_id, extra: { callback_secret: SECRET } },
		};
		const headers = { authorization: basicAuth() };

		const answers = [
			await call(url, { headers, body: { metadata: { extra: { callback_secret: SECRET } } } }),
			await call(url, { headers, body: streaming }),
			await call(url, { headers: { ...headers, 'content-type': 'text/plain' }, body: 'hello' }),
		];

		expect(answers.map((answer) => [answer.status, answer.json])).toEqual([
			[
				400,
				{
					code: 400,
					message:
						'Callback rejected: the body is not a Deepgram transcription result, error or streaming message',
				},
			],
			[
				400,
				{
					code: 400,
					message:
						'Callback rejected: a streaming message is not the result of a pre-recorded transcription',
				},
			],
			[
				400,
				{
					code: 400,
					message: 'Callback rejected: the body must be a JSON object sent as application/json',
				},
			],
		]);
		expect(bed.server.execution(id).status).toBe('waiting');
	});

	it('Deepgram’s genuine callback for another request is acknowledged and resumes nothing', async () => {
		const { id: earlier } = await waiting();
		const otherResult = await deepgramResult(bed.emu, 0);
		const { id, callback } = await waiting();
		expect(earlier).not.toBe(id);

		const answer = await postAsDeepgram(callback, otherResult);

		expect(answer).toEqual({
			status: 200,
			json: {
				received: true,
				resumed: false,
				reason: 'not the request this execution is waiting for',
				request_id: otherResult.metadata.request_id,
			},
		});
		expect(bed.server.execution(id).status).toBe('waiting');
	});

	it('the resume URL answers only POST on the node’s path; elsewhere n8n finds no webhook', async () => {
		const { id, url } = await waiting();
		const genuine = await deepgramResult(bed.emu);
		const headers = { authorization: basicAuth() };
		const otherPath = new URL(url);
		otherPath.pathname = otherPath.pathname.replace(/\/deepgram$/, '');

		const answers = [
			await call(url, { method: 'PUT', headers, body: genuine }),
			await call(otherPath.href, { headers, body: genuine }),
		];

		expect(answers.map((answer) => answer.status)).toEqual([404, 404]);
		expect(bed.server.execution(id).status).toBe('waiting');
	});

	it('with dg-token checked, a call with a wrong dg-token is refused with 403', async () => {
		const { id, url } = await waiting(waitWorkflow({ checkDgToken: true }));
		const genuine = await deepgramResult(bed.emu);

		const answer = await call(url, {
			headers: { authorization: basicAuth(), 'dg-token': 'not-the-key-id' },
			body: genuine,
		});

		expect([answer.status, answer.json]).toEqual([
			403,
			{ code: 403, message: 'Callback rejected: not authorized' },
		]);
		expect(harnessLogs.at('warn').at(-1)).toMatch(/: wrong dg-token$/);
		expect(bed.server.execution(id).status).toBe('waiting');
	});

	it('with a callback secret and no Basic Auth, Deepgram’s error callback cannot be verified: 401, still waiting', async () => {
		const { id, url } = await waiting(waitWorkflow(), { callbackSecret: SECRET });
		const error = {
			err_code: 'REMOTE_CONTENT_ERROR',
			err_msg: 'The remote server hosting the media returned a client error: 404 Not Found.',
			request_id: (await deepgramResult(bed.emu)).metadata.request_id,
		};

		const answer = await call(url, { body: error });

		expect(answer.status).toBe(401);
		expect(bed.server.execution(id).status).toBe('waiting');
		expect(harnessLogs.at('warn').at(-1)).toMatch(
			/: a Deepgram error callback carries no metadata\.extra, so a callback secret alone cannot verify it: add a Basic Auth user and password to the Deepgram API credential$/,
		);
	});
});

describe('a redelivery after the execution resumed', () => {
	it('finds nothing to resume: n8n answers 409 and the execution stays as it ended', async () => {
		const execution = await bed.start();
		const [delivery] = await bed.emu.waitForCallbacks(1, 10_000);
		const done = await bed.server.settled(execution.id);
		expect(done.status).toBe('success');
		const ended = JSON.stringify(done.run);

		const redelivery = await call(delivery.url, {
			headers: { authorization: delivery.headers.authorization },
			body: delivery.body,
		});

		expect(redelivery.status).toBe(409);
		expect(JSON.stringify(bed.server.execution(execution.id).run)).toBe(ended);
	});
});

describe('answers never show a secret', () => {
	it('neither the refusals nor the acknowledgements echo the credential', async () => {
		const { url } = await waiting();
		const genuine = await deepgramResult(bed.emu);
		const texts = [
			await call(url, { headers: { authorization: basicAuth(undefined, 'x') }, body: genuine }),
			await call(url, { headers: { authorization: basicAuth() }, body: { nope: true } }),
		].map((answer) => JSON.stringify(answer.json));
		for (const text of texts) expect(text).not.toContain(SECRET);
	});
});
