/**
 * Remembered Deliveries keep a delivery for Deepgram's whole retry window, however many arrive
 * meanwhile, and forget a claim whose run could not be started. Every delivery goes through the
 * trigger's real webhook; only Date is faked, so the clock moves a second per 100 deliveries
 * without the test waiting for it.
 */
import { harnessLogs, type TriggerSession } from '../../harness';
import { IDEMPOTENCY_KEY } from '../../../nodes/Deepgram/shared/constants';
import { REMEMBER_FOR_MS } from '../../../nodes/Deepgram/trigger/deliveryMemory';
import {
	credential,
	deliver,
	PASSWORD,
	remembered,
	SECRET,
	triggerTestbed,
	USER,
	withBasicAuth,
} from './helpers';

const testbed = triggerTestbed();
const security = { callbackSecret: SECRET, callbackUser: USER, callbackPassword: PASSWORD };
const T0 = Date.parse('2026-12-07T10:00:00.000Z');

/** Deepgram's callback for one finished job, as the trigger's credential expects it. */
const result = (requestId: string, extra: Record<string, string> = {}) => ({
	metadata: { request_id: requestId, extra: { ...extra, callback_secret: SECRET } },
	results: { channels: [{ alternatives: [{ transcript: requestId, confidence: 0.9 }] }] },
});

const started = (answer: { text: string }) =>
	(JSON.parse(answer.text) as { started?: boolean }).started;

let session: TriggerSession;
beforeEach(async () => {
	session = await testbed.start({}, credential(testbed.emu, security));
	jest.useFakeTimers({
		now: T0,
		doNotFake: [
			'hrtime',
			'nextTick',
			'performance',
			'queueMicrotask',
			'requestAnimationFrame',
			'cancelAnimationFrame',
			'requestIdleCallback',
			'cancelIdleCallback',
			'setImmediate',
			'clearImmediate',
			'setInterval',
			'clearInterval',
			'setTimeout',
			'clearTimeout',
		],
	});
});
afterEach(() => {
	jest.useRealTimers();
});

test('at 100 deliveries a second for 60 s, a redelivery 30 s after its first delivery is recognised', async () => {
	const url = withBasicAuth(session.url);
	const redeliveries: Array<{ second: number; text: string }> = [];
	for (let second = 0; second < 60; second++) {
		jest.setSystemTime(T0 + second * 1000);
		const answers = await Promise.all(
			Array.from({ length: 100 }, (_, n) => deliver(url, { body: result(`req-${second}-${n}`) })),
		);
		expect(answers.filter(started)).toHaveLength(100);
		// Deepgram redelivers 30 s after an attempt whose 2xx it did not get.
		if (second >= 30) {
			const again = await deliver(url, { body: result(`req-${second - 30}-0`) });
			redeliveries.push({ second, text: JSON.parse(again.text).reason });
		}
	}
	expect(redeliveries).toEqual(
		Array.from({ length: 30 }, (_, n) => ({ second: 30 + n, text: 'already delivered' })),
	);
	expect(session.executions).toHaveLength(6000);
	// The saved memory holds all 6,000, each with its time: it survives a restart as well.
	const saved = session.staticData().remembered as string[];
	expect(saved).toHaveLength(6000);
	expect(saved[0]).toBe(`${T0} req-0-0`);

	// Once Deepgram has long stopped retrying, the memory lets go of the oldest.
	jest.setSystemTime(T0 + REMEMBER_FOR_MS);
	expect(started(await deliver(url, { body: result('req-0-1') }))).toBe(true);
	expect(session.staticData().remembered).toHaveLength(5901);
}, 120_000);

test('a claim released after a failed start lets the redelivery run', async () => {
	const url = withBasicAuth(session.url);
	// An expression the trigger reads after claiming the delivery, failing until the user fixes it.
	harnessLogs.clear();
	session.node.parameters.simplify = "={{ $('No such node').item.json.simplify }}";
	const failed = await deliver(url, { body: result('req-1') });
	expect([failed.status, JSON.parse(failed.text)]).toEqual([
		500,
		{
			code: 500,
			message: 'Callback not handled: the workflow could not be started; Deepgram will retry',
		},
	]);
	expect(session.executions).toEqual([]);
	expect(session.staticData()).toEqual({});
	expect(harnessLogs.at('error')).toEqual([
		'Deepgram Callback Trigger "Trigger under test": the workflow could not be started for request_id req-1: Referenced node doesn\'t exist',
	]);

	session.node.parameters.simplify = true;
	jest.setSystemTime(T0 + 30_000);
	const redelivered = await deliver(url, { body: result('req-1') });
	expect([redelivered.status, started(redelivered)]).toEqual([200, true]);
	expect(session.executions).toHaveLength(1);
	expect(session.staticData()).toEqual({ remembered: [remembered('req-1')] });
});

test('a delivery is a redelivery by its request_id or by its idempotency key, whichever was seen', async () => {
	const url = withBasicAuth(session.url);
	const answers = [
		await deliver(url, { body: result('req-1', { [IDEMPOTENCY_KEY]: 'submission-1' }) }),
		// A second job Deepgram accepted for the same submission.
		await deliver(url, { body: result('req-2', { [IDEMPOTENCY_KEY]: 'submission-1' }) }),
		// The first job again, echoing another submission's key.
		await deliver(url, { body: result('req-1', { [IDEMPOTENCY_KEY]: 'submission-2' }) }),
		// And without any.
		await deliver(url, { body: result('req-1') }),
	];
	expect(answers.map(started)).toEqual([true, false, false, false]);
	expect(session.executions).toHaveLength(1);
});
