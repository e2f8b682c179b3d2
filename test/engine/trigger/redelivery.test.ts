/**
 * Deepgram retries a delivery that got no 2xx. The workflow must start exactly once per
 * request_id: when n8n was unreachable at first, and when n8n's 2xx never reached Deepgram.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { TriggerSession } from '../../harness';
import {
	credential,
	deliver,
	freePort,
	PASSWORD,
	remembered,
	SECRET,
	startProxy,
	triggerTestbed,
	transcribeWithCallback,
	USER,
	withBasicAuth,
	type Emulator,
	type Proxy,
} from './helpers';

const testbed = triggerTestbed();
let emu: Emulator;
let session: TriggerSession;
let proxy: Proxy | undefined;

const security = { callbackSecret: SECRET, callbackUser: USER, callbackPassword: PASSWORD };

beforeEach(async () => {
	emu = testbed.emu;
	session = await testbed.start({}, credential(emu, security));
});
afterEach(async () => {
	await proxy?.close();
	proxy = undefined;
});

/** The trigger's URL as reached through a proxy on `port`. */
function viaPort(port: number): string {
	const url = new URL(session.url);
	url.port = String(port);
	return withBasicAuth(url.href);
}

test('n8n unreachable for the first attempt: Deepgram retries and the workflow starts once', async () => {
	const port = await freePort();
	const requestId = await transcribeWithCallback(emu, viaPort(port), { secret: SECRET });

	const [refused] = await emu.waitForCallbacks(1, { attempts: true });
	expect(refused).toMatchObject({
		requestId,
		attempt: 1,
		status: undefined,
		error: 'ECONNREFUSED',
	});
	proxy = await startProxy(port, session.url);

	const [delivered] = await emu.waitForCallbacks(1);
	// Every attempt before the proxy came up was refused; the first one it got succeeded.
	const attempts = emu.callbacks.map(({ status, error }) => status ?? error);
	expect(attempts.slice(0, -1).every((outcome) => outcome === 'ECONNREFUSED')).toBe(true);
	expect(delivered).toMatchObject({ requestId, status: 200 });
	expect(session.executions).toHaveLength(1);
	expect(session.executions[0][0][0].json).toMatchObject({ request_id: requestId });
	expect(session.staticData()).toEqual({ remembered: [remembered(requestId)] });
});

test('n8n’s 2xx lost on the way back: the redelivery is answered 2xx and starts nothing', async () => {
	const port = await freePort();
	proxy = await startProxy(port, session.url, 1);
	const requestId = await transcribeWithCallback(emu, viaPort(port), { secret: SECRET });

	await emu.waitForCallbacks(1);
	expect(emu.callbacks.map(({ attempt, status }) => [attempt, status])).toEqual([
		[1, undefined],
		[2, 200],
	]);
	// The node answers a delivery it starts itself, before n8n starts the run: that is what makes
	// n8n 2.41 save the memory of deliveries (see trigger/webhook.ts).
	expect(proxy.upstreamAnswers).toEqual([
		{
			status: 200,
			text: JSON.stringify({ received: true, started: true, request_id: requestId }),
		},
		{
			status: 200,
			text: JSON.stringify({
				received: true,
				started: false,
				reason: 'already delivered',
				request_id: requestId,
			}),
		},
	]);
	expect(session.executions).toHaveLength(1);
});

test('a redelivered request_id, sent again by hand, starts nothing', async () => {
	const requestId = await transcribeWithCallback(emu, withBasicAuth(session.url), {
		secret: SECRET,
	});
	const [first] = await emu.waitForCallbacks(1);
	expect(session.executions).toHaveLength(1);

	const again = await deliver(withBasicAuth(session.url), { body: first.body as object });
	expect(again.status).toBe(200);
	expect(JSON.parse(again.text)).toEqual({
		received: true,
		started: false,
		reason: 'already delivered',
		request_id: requestId,
	});
	expect(session.executions).toHaveLength(1);
});

test('two jobs are two executions, and both are remembered', async () => {
	const first = await transcribeWithCallback(emu, withBasicAuth(session.url), { secret: SECRET });
	await emu.waitForCallbacks(1);
	const second = await transcribeWithCallback(emu, withBasicAuth(session.url), { secret: SECRET });
	await emu.waitForCallbacks(2);

	expect(session.executions.map((execution) => execution[0][0].json.request_id)).toEqual([
		first,
		second,
	]);
	expect(session.staticData()).toEqual({ remembered: [remembered(first), remembered(second)] });
});

test('a rejected delivery is not remembered: the genuine one later still starts the workflow', async () => {
	const requestId = await transcribeWithCallback(emu, withBasicAuth(session.url), {
		secret: SECRET,
	});
	const [genuine] = await emu.waitForCallbacks(1);
	session = await testbed.start({}, credential(emu, security));

	const forged = await deliver(withBasicAuth(session.url, USER, 'guess'), {
		body: genuine.body as object,
	});
	expect(forged.status).toBe(403);
	expect(session.staticData()).toEqual({});

	const real = await deliver(withBasicAuth(session.url), { body: genuine.body as object });
	expect(real.status).toBe(200);
	expect(session.executions.map((execution) => execution[0][0].json.request_id)).toEqual([
		requestId,
	]);
});

describe('options', () => {
	const resend = async (parameters: INodeParameters) => {
		session = await testbed.start(parameters, credential(emu, security));
		await transcribeWithCallback(emu, withBasicAuth(session.url), { secret: SECRET });
		const [delivery] = await emu.waitForCallbacks(1);
		return deliver(withBasicAuth(session.url), { body: delivery.body as object });
	};

	test('Ignore Redeliveries off: every delivery starts the workflow, nothing is stored', async () => {
		const again = await resend({ options: { deduplicate: false } });
		expect(again.status).toBe(200);
		expect(session.executions).toHaveLength(2);
		expect(session.staticData()).toEqual({});
	});

	test('Remembered Deliveries bounds the memory: the oldest id is forgotten', async () => {
		session = await testbed.start(
			{ options: { rememberedDeliveries: 2 } },
			credential(emu, security),
		);
		const ids: string[] = [];
		for (let n = 1; n <= 3; n++) {
			ids.push(await transcribeWithCallback(emu, withBasicAuth(session.url), { secret: SECRET }));
			await emu.waitForCallbacks(n);
		}
		expect(session.staticData()).toEqual({ remembered: [remembered(ids[1]), remembered(ids[2])] });

		const oldest = emu.callbacks.find((attempt) => attempt.requestId === ids[0]);
		await deliver(withBasicAuth(session.url), { body: oldest?.body as object });
		expect(session.executions).toHaveLength(4);
	});
});
