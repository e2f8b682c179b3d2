/**
 * Verification of real callbacks: the emulator transcribes, then delivers to the trigger's
 * webhook running in n8n-core's WebhookContext. Accepted deliveries start the workflow once;
 * rejected ones get 401/403 and start nothing.
 */
import type { TriggerSession } from '../../harness';
import {
	credential,
	deliver,
	executionsText,
	NOW,
	PASSWORD,
	SECRET,
	triggerTestbed,
	transcribeWithCallback,
	TRANSCRIPT,
	USER,
	withBasicAuth,
	type Emulator,
} from './helpers';

// One attempt: a rejected delivery is not retried, so its status is the only one.
const testbed = triggerTestbed({ callbackRetries: 0 });
let emu: Emulator;
let session: TriggerSession;
beforeAll(() => {
	emu = testbed.emu;
});

const result = (requestId: string, extra: Record<string, string> = {}) => [
	[
		{
			json: {
				request_id: requestId,
				created: NOW,
				duration: 4,
				channels: 1,
				transcript: TRANSCRIPT,
				confidence: 0.952437,
				extra,
			},
		},
	],
	[],
];

/** The one delivery attempt the emulator made. */
async function onlyAttempt() {
	const attempts = await emu.waitForCallbacks(1, { attempts: true });
	expect(attempts).toHaveLength(1);
	return attempts[0];
}

describe('accepted: each verification method, with the value Deepgram sends back', () => {
	test('Basic Auth in the callback URL', async () => {
		session = await testbed.start(
			{},
			credential(emu, { callbackUser: USER, callbackPassword: PASSWORD }),
		);
		const requestId = await transcribeWithCallback(emu, withBasicAuth(session.url), {
			extra: ['job:42'],
		});

		expect((await onlyAttempt()).status).toBe(200);
		expect(session.executions).toEqual([result(requestId, { job: '42' })]);
	});

	test('callback secret in metadata.extra, removed from the output', async () => {
		session = await testbed.start({}, credential(emu, { callbackSecret: SECRET }));
		const requestId = await transcribeWithCallback(emu, session.url, {
			secret: SECRET,
			extra: ['job:42'],
		});

		const attempt = await onlyAttempt();
		expect(attempt.status).toBe(200);
		expect(attempt.body).toMatchObject({ metadata: { extra: { callback_secret: SECRET } } });
		expect(session.executions).toEqual([result(requestId, { job: '42' })]);
		expect(executionsText(session)).not.toContain(SECRET);
	});

	test('Basic Auth and the secret together, both checked', async () => {
		session = await testbed.start(
			{},
			credential(emu, { callbackSecret: SECRET, callbackUser: USER, callbackPassword: PASSWORD }),
		);
		const requestId = await transcribeWithCallback(emu, withBasicAuth(session.url), {
			secret: SECRET,
		});

		expect((await onlyAttempt()).status).toBe(200);
		expect(session.executions).toEqual([result(requestId)]);
		expect(executionsText(session)).not.toContain(SECRET);
	});

	test('dg-token against the API Key ID set in the credential', async () => {
		session = await testbed.start(
			{ checkDgToken: true },
			credential(emu, { callbackSecret: SECRET, apiKeyId: 'key-id-1' }),
		);
		const requestId = await transcribeWithCallback(emu, session.url, { secret: SECRET });

		const attempt = await onlyAttempt();
		expect(attempt.headers['dg-token']).toBe('key-id-1');
		expect(attempt.status).toBe(200);
		expect(session.executions).toEqual([result(requestId)]);
	});

	test('dg-token against the identifier looked up when the workflow was activated', async () => {
		session = await testbed.start(
			{ checkDgToken: true },
			credential(emu, { callbackSecret: SECRET }),
		);
		expect(await session.activate()).toBe(true);
		const requestId = await transcribeWithCallback(emu, session.url, { secret: SECRET });

		expect((await onlyAttempt()).status).toBe(200);
		expect(session.executions).toEqual([result(requestId)]);
	});

	test('None accepts an unverified callback (and still drops the secret)', async () => {
		session = await testbed.start({ verification: 'none' }, credential(emu));
		const requestId = await transcribeWithCallback(emu, session.url, { secret: SECRET });

		expect((await onlyAttempt()).status).toBe(200);
		expect(session.executions).toEqual([result(requestId)]);
		expect(executionsText(session)).not.toContain(SECRET);
	});
});

describe('rejected by the trigger, so nothing starts', () => {
	test('missing Authorization header: 401', async () => {
		session = await testbed.start(
			{},
			credential(emu, { callbackUser: USER, callbackPassword: PASSWORD }),
		);
		await transcribeWithCallback(emu, session.url);

		expect((await onlyAttempt()).status).toBe(401);
		expect(session.executions).toEqual([]);
	});

	test('wrong Basic Auth password: 403', async () => {
		session = await testbed.start(
			{},
			credential(emu, { callbackUser: USER, callbackPassword: PASSWORD }),
		);
		await transcribeWithCallback(emu, withBasicAuth(session.url, USER, 'not-the-password'));

		expect((await onlyAttempt()).status).toBe(403);
		expect(session.executions).toEqual([]);
	});

	test('wrong callback secret: 403', async () => {
		session = await testbed.start({}, credential(emu, { callbackSecret: SECRET }));
		await transcribeWithCallback(emu, session.url, { secret: 'not-the-secret' });

		expect((await onlyAttempt()).status).toBe(403);
		expect(session.executions).toEqual([]);
	});

	test('callback secret missing: 401', async () => {
		session = await testbed.start({}, credential(emu, { callbackSecret: SECRET }));
		await transcribeWithCallback(emu, session.url, { extra: ['job:42'] });

		expect((await onlyAttempt()).status).toBe(401);
		expect(session.executions).toEqual([]);
	});

	test('wrong dg-token: 403', async () => {
		session = await testbed.start(
			{ checkDgToken: true },
			credential(emu, { callbackSecret: SECRET, apiKeyId: 'key-id-2' }),
		);
		await transcribeWithCallback(emu, session.url, { secret: SECRET });

		const attempt = await onlyAttempt();
		expect(attempt.headers['dg-token']).toBe('key-id-1');
		expect(attempt.status).toBe(403);
		expect(session.executions).toEqual([]);
	});

	test('dg-token header not sent (Deepgram after 2026-10-27 may not): 401', async () => {
		emu.configure({ callbackSendDgToken: false });
		session = await testbed.start(
			{ checkDgToken: true },
			credential(emu, { callbackSecret: SECRET, apiKeyId: 'key-id-1' }),
		);
		await transcribeWithCallback(emu, session.url, { secret: SECRET });

		expect((await onlyAttempt()).status).toBe(401);
		expect(session.executions).toEqual([]);
	});

	test('right secret but wrong Basic Auth: 403, every configured method must pass', async () => {
		session = await testbed.start(
			{},
			credential(emu, { callbackSecret: SECRET, callbackUser: USER, callbackPassword: PASSWORD }),
		);
		await transcribeWithCallback(emu, withBasicAuth(session.url, USER, 'not-the-password'), {
			secret: SECRET,
		});

		expect((await onlyAttempt()).status).toBe(403);
		expect(session.executions).toEqual([]);
	});

	test('right Basic Auth but no secret: 401', async () => {
		session = await testbed.start(
			{},
			credential(emu, { callbackSecret: SECRET, callbackUser: USER, callbackPassword: PASSWORD }),
		);
		await transcribeWithCallback(emu, withBasicAuth(session.url));

		expect((await onlyAttempt()).status).toBe(401);
		expect(session.executions).toEqual([]);
	});
});

describe('what a rejected sender is told', () => {
	test('401 for missing Basic Auth names the missing header and asks for Basic', async () => {
		session = await testbed.start(
			{},
			credential(emu, { callbackUser: USER, callbackPassword: PASSWORD }),
		);
		const answer = await deliver(session.url, {
			body: { metadata: { request_id: 'r' }, results: {} },
		});

		expect(answer.status).toBe(401);
		expect(answer.headers['www-authenticate']).toBe('Basic realm="Deepgram callback"');
		expect(JSON.parse(answer.text)).toEqual({
			code: 401,
			message: 'Callback rejected: missing Basic Authorization header',
		});
	});

	test('403 for a wrong secret says which check failed, never the secret', async () => {
		session = await testbed.start({}, credential(emu, { callbackSecret: SECRET }));
		const answer = await deliver(session.url, {
			body: { metadata: { request_id: 'r', extra: { callback_secret: 'guess' } }, results: {} },
		});

		expect(answer.status).toBe(403);
		expect(JSON.parse(answer.text)).toEqual({
			code: 403,
			message: 'Callback rejected: wrong callback secret',
		});
		expect(answer.text).not.toContain(SECRET);
		expect(session.executions).toEqual([]);
	});

	test('a credential with no callback security rejects every delivery (fail closed) with the reason', async () => {
		session = await testbed.start({}, credential(emu));
		await transcribeWithCallback(emu, session.url, { secret: SECRET });
		expect((await onlyAttempt()).status).toBe(403);

		const answer = await deliver(session.url, {
			body: { metadata: { request_id: 'r' }, results: {} },
		});
		expect(answer.status).toBe(403);
		expect(JSON.parse(answer.text)).toEqual({
			code: 403,
			message:
				'Callback rejected: the Deepgram API credential sets no callback security: set a Callback Secret or a Basic Auth user and password there, or choose Verification: None (Insecure) in the trigger',
		});
		expect(session.executions).toEqual([]);
	});

	test('dg-token asked for but never looked up: 403 explaining how to fix it', async () => {
		session = await testbed.start(
			{ checkDgToken: true },
			credential(emu, { callbackSecret: SECRET }),
		);
		const answer = await deliver(session.url, {
			headers: { 'dg-token': 'key-id-1' },
			body: { metadata: { request_id: 'r', extra: { callback_secret: SECRET } }, results: {} },
		});

		expect(answer.status).toBe(403);
		expect(JSON.parse(answer.text)).toEqual({
			code: 403,
			message:
				'Callback rejected: the API key identifier for the dg-token check is unknown: deactivate and activate the workflow so the node can look it up, or set API Key ID in the Deepgram API credential',
		});
		expect(session.executions).toEqual([]);
	});
});
