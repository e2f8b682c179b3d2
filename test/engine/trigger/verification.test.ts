/**
 * Verification of real callbacks: the emulator transcribes, then delivers to the trigger's
 * webhook running in n8n-core's WebhookContext. Accepted deliveries start the workflow once;
 * rejected ones get 401/403 and start nothing.
 */
import { connect } from 'net';

import { harnessLogs, type TriggerSession } from '../../harness';
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

describe('what a refused caller is told, and what the log says', () => {
	const everything = {
		callbackSecret: SECRET,
		callbackUser: USER,
		callbackPassword: PASSWORD,
		apiKeyId: 'key-id-1',
	};
	const basic = (userInfo: string) => `Basic ${Buffer.from(userInfo).toString('base64')}`;
	const body = (secret?: string) => ({
		metadata: {
			request_id: 'req-refused-1',
			extra: secret === undefined ? {} : { callback_secret: secret },
		},
		results: {},
	});
	const good = { authorization: basic(`${USER}:${PASSWORD}`), 'dg-token': 'key-id-1' };

	beforeEach(() => harnessLogs.clear());

	test('every failing check gets the same body: one for 401, one for 403; the reasons go to the log', async () => {
		session = await testbed.start({ checkDgToken: true }, credential(emu, everything));
		const cases = {
			missingBasicAuth: { headers: { 'dg-token': 'key-id-1' }, body: body(SECRET) },
			missingSecret: { headers: good, body: body() },
			missingDgToken: { headers: { authorization: good.authorization }, body: body(SECRET) },
			wrongBasicAuth: {
				headers: { ...good, authorization: basic(`${USER}:guess-pw`) },
				body: body(SECRET),
			},
			malformedBasicAuth: {
				headers: { ...good, authorization: 'Basic dTpw:' },
				body: body(SECRET),
			},
			wrongSecret: { headers: good, body: body('guess-secret') },
			wrongDgToken: { headers: { ...good, 'dg-token': 'key-id-2' }, body: body(SECRET) },
		};
		const answers: Record<string, [number, string, string | undefined]> = {};
		for (const [name, request] of Object.entries(cases)) {
			const answer = await deliver(session.url, request);
			answers[name] = [answer.status, answer.text, answer.headers['www-authenticate'] as string];
		}

		const unauthenticated: [number, string, string] = [
			401,
			'{"code":401,"message":"Callback rejected: not authenticated"}',
			'Basic realm="Deepgram callback"',
		];
		const unauthorized: [number, string, undefined] = [
			403,
			'{"code":403,"message":"Callback rejected: not authorized"}',
			undefined,
		];
		expect(answers).toEqual({
			missingBasicAuth: unauthenticated,
			missingSecret: unauthenticated,
			missingDgToken: unauthenticated,
			wrongBasicAuth: unauthorized,
			malformedBasicAuth: unauthorized,
			wrongSecret: unauthorized,
			wrongDgToken: unauthorized,
		});
		expect(session.executions).toEqual([]);

		const prefix = `Deepgram callback refused with %s by node "Trigger under test" of workflow "Harness workflow" (${session.workflow.id}) from 127.0.0.1, request_id req-refused-1: %s`;
		const line = (status: number, reason: string) =>
			prefix.replace('%s', String(status)).replace('%s', reason);
		expect(harnessLogs.at('warn').map((message) => message.replace('::ffff:', ''))).toEqual([
			line(401, 'missing Basic Authorization header'),
			line(401, 'missing metadata.extra.callback_secret'),
			line(401, 'missing dg-token header'),
			line(403, 'wrong Basic Auth user or password'),
			line(403, 'the Authorization header is not Basic with base64 user:password'),
			line(403, 'wrong callback secret'),
			line(403, 'wrong dg-token'),
		]);
		const logged = JSON.stringify(harnessLogs.lines);
		for (const secret of [
			SECRET,
			PASSWORD,
			'guess-pw',
			'guess-secret',
			basic(`${USER}:${PASSWORD}`),
		]) {
			expect(logged).not.toContain(secret);
		}
	});

	test('a second Authorization header is refused even when the first one is right', async () => {
		session = await testbed.start(
			{},
			credential(emu, { callbackUser: USER, callbackPassword: PASSWORD }),
		);
		const right = basic(`${USER}:${PASSWORD}`);
		const answer = await rawDeliver(
			session.url,
			[
				['Authorization', right],
				['Authorization', basic(`${USER}:other`)],
			],
			body(),
		);

		expect(answer.status).toBe(403);
		expect(session.executions).toEqual([]);
		expect(harnessLogs.at('warn')[0]).toMatch(/: more than one Authorization header$/);
	});

	test('a credential with no callback security refuses every delivery (fail closed), saying why in the log', async () => {
		session = await testbed.start({}, credential(emu));
		await transcribeWithCallback(emu, session.url, { secret: SECRET });
		expect((await onlyAttempt()).status).toBe(403);

		const answer = await deliver(session.url, { body: body() });
		expect([answer.status, answer.text]).toEqual([
			403,
			'{"code":403,"message":"Callback rejected: not authorized"}',
		]);
		expect(session.executions).toEqual([]);
		expect(harnessLogs.at('warn').at(-1)).toMatch(
			/: the Deepgram API credential sets no callback security: set a Callback Secret or a Basic Auth user and password there$/,
		);
	});

	test('dg-token asked for but never looked up: 403, the log says how to fix it', async () => {
		session = await testbed.start(
			{ checkDgToken: true },
			credential(emu, { callbackSecret: SECRET }),
		);
		const answer = await deliver(session.url, {
			headers: { 'dg-token': 'key-id-1' },
			body: body(SECRET),
		});

		expect(answer.status).toBe(403);
		expect(session.executions).toEqual([]);
		expect(harnessLogs.at('warn')[0]).toMatch(
			/: the API key identifier for the dg-token check is unknown: set API Key ID in the Deepgram API credential \(the Callback Trigger also looks it up when its workflow is published\)$/,
		);
	});
});

/** A request with headers exactly as listed (Node's client would merge or drop repeats). */
function rawDeliver(url: string, headers: Array<[string, string]>, json: object) {
	const target = new URL(url);
	const payload = JSON.stringify(json);
	const head = [
		`POST ${target.pathname}${target.search} HTTP/1.1`,
		`Host: ${target.host}`,
		'Content-Type: application/json',
		`Content-Length: ${Buffer.byteLength(payload)}`,
		'Connection: close',
		...headers.map(([name, value]) => `${name}: ${value}`),
	].join('\r\n');
	return new Promise<{ status: number; text: string }>((resolve, reject) => {
		const socket = connect(Number(target.port), target.hostname, () => {
			// write, not end: a half-closed connection may be dropped before the answer
			socket.write(`${head}\r\n\r\n${payload}`);
		});
		const chunks: Buffer[] = [];
		socket.on('data', (chunk: Buffer) => chunks.push(chunk));
		socket.on('error', reject);
		socket.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			resolve({
				status: Number(text.split(' ')[1]),
				text: text.slice(text.indexOf('\r\n\r\n') + 4),
			});
		});
	});
}
