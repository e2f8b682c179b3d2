/**
 * Acknowledge "When the Workflow Has Finished": n8n answers after the run (the harness answers a
 * lastNode webhook as n8n 2.41 does: an empty 200 after success, 500 after a failure), so Deepgram
 * delivers a failed run again; copies during a run are refused, and a redelivery after success
 * starts nothing.
 */
import { harnessLogs, type TriggerSession } from '../../harness';
import {
	authenticDelivery,
	credential,
	deliver,
	PASSWORD,
	SECRET,
	transcribeWithCallback,
	triggerTestbed,
	USER,
	withBasicAuth,
	type Emulator,
} from './helpers';

const testbed = triggerTestbed();
let emu: Emulator;
let session: TriggerSession;
const security = { callbackSecret: SECRET, callbackUser: USER, callbackPassword: PASSWORD };
const FINISHED = { acknowledge: 'finished' };

beforeEach(async () => {
	emu = testbed.emu;
	session = await testbed.start(FINISHED, credential(emu, security));
});

/** Deepgram's authentic delivery for one job (to a session of its own), ready to be copied here. */
async function authenticCopy() {
	const source = await testbed.start({}, credential(emu, security));
	const { requestId, copyTo } = await authenticDelivery(emu, source.url);
	return { requestId, copy: () => copyTo(session.url) };
}

test('a run that succeeds: the node leaves the answer to n8n, which answers 200 after the run', async () => {
	let answeredBeforeRunEnded = false;
	session.finishRun = async () => {
		answeredBeforeRunEnded = emu.callbacks.length > 0;
		return 'success';
	};
	const requestId = await transcribeWithCallback(emu, withBasicAuth(session.url), {
		secret: SECRET,
	});
	const [delivered] = await emu.waitForCallbacks(1);

	expect(delivered).toMatchObject({ requestId, attempt: 1, status: 200 });
	expect(answeredBeforeRunEnded).toBe(false);
	expect(session.executions).toHaveLength(1);
	expect(session.executions[0][0][0].json).toMatchObject({ request_id: requestId });
	// Nothing written for the run: n8n would not save it (see trigger/webhook.ts).
	expect(session.staticData()).toEqual({});
});

test('the first run fails: n8n answers 500, Deepgram delivers again and the second run succeeds', async () => {
	const outcomes: Array<'success' | 'error'> = ['error', 'success'];
	session.finishRun = async () => outcomes.shift() ?? 'success';
	const requestId = await transcribeWithCallback(emu, withBasicAuth(session.url), {
		secret: SECRET,
	});
	await emu.waitForCallbacks(1);

	expect(emu.callbacks.map(({ attempt, status }) => [attempt, status])).toEqual([
		[1, 500],
		[2, 200],
	]);
	expect(session.executions).toHaveLength(2);

	// A redelivery after the success starts nothing and writes what succeeded to static data.
	const again = await deliver(withBasicAuth(session.url), {
		body: emu.callbacks[1].body as object,
	});
	expect(again.status).toBe(200);
	expect(JSON.parse(again.text)).toEqual({
		received: true,
		started: false,
		reason: 'already delivered',
		request_id: requestId,
	});
	expect(session.executions).toHaveLength(2);
	expect(session.staticData()).toEqual({ finished: [requestId] });
});

test('a copy arriving while the run is in progress gets 409 and starts nothing', async () => {
	const { requestId, copy } = await authenticCopy();
	let release: (outcome: 'success' | 'error') => void = () => {};
	let started: () => void = () => {};
	const running = new Promise<void>((resolve) => (started = resolve));
	session.finishRun = () =>
		new Promise((resolve) => {
			release = resolve;
			started();
		});

	const first = copy();
	await running;
	const refused = await copy();
	expect(refused.status).toBe(409);
	expect(JSON.parse(refused.text)).toEqual({
		code: 409,
		message: 'A run for this delivery is in progress; deliver it again later',
		request_id: requestId,
	});
	expect(session.executions).toHaveLength(1);

	release('success');
	expect(await first).toMatchObject({ status: 200, text: '' });
	const after = await copy();
	expect(after.status).toBe(200);
	expect(JSON.parse(after.text)).toMatchObject({ started: false, reason: 'already delivered' });
	expect(session.executions).toHaveLength(1);
});

test('a failed run is forgotten: the next copy runs again', async () => {
	const { copy } = await authenticCopy();
	session.finishRun = async () => 'error';
	expect((await copy()).status).toBe(500);
	session.finishRun = async () => 'success';
	expect((await copy()).status).toBe(200);
	expect(session.executions).toHaveLength(2);
});

test('a key already saved as delivered starts nothing', async () => {
	const { requestId, copy } = await authenticCopy();
	session.staticData().finished = [requestId];
	const answer = await copy();
	expect(JSON.parse(answer.text)).toMatchObject({ started: false, reason: 'already delivered' });
	expect(session.executions).toHaveLength(0);
});

test('"When Received" is unchanged: answered 200 by the node before the run, which n8n never waits for', async () => {
	const received = await testbed.start({ acknowledge: 'received' }, credential(emu, security));
	received.finishRun = () => new Promise(() => undefined);
	const requestId = await transcribeWithCallback(emu, withBasicAuth(received.url), {
		secret: SECRET,
	});
	const [delivered] = await emu.waitForCallbacks(1);
	expect(delivered.status).toBe(200);
	expect(received.executions).toHaveLength(1);
	expect(received.staticData()).toEqual({
		remembered: [expect.stringMatching(new RegExp(`^\\d+ ${requestId}( |$)`))],
	});
});

test('Run Lease out of range: the delivery gets 500 naming nothing (the log names the field), and nothing runs', async () => {
	const { copy } = await authenticCopy();
	harnessLogs.clear();
	session = await testbed.start(
		{ ...FINISHED, options: { runLeaseSeconds: 5 } },
		credential(emu, security),
	);
	const answer = await copy();
	expect([answer.status, JSON.parse(answer.text)]).toEqual([
		500,
		{
			code: 500,
			message: 'Callback not handled: an option of the trigger is invalid; n8n’s log says which',
		},
	]);
	expect(harnessLogs.at('error')).toEqual([
		'Deepgram Callback Trigger "Trigger under test": Run Lease (Seconds) must be a number from 10 to 600, not 5',
	]);
	expect(session.executions).toHaveLength(0);
});
