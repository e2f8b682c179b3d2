/**
 * Exactly one run per Deepgram job on one n8n: copies of one delivery arriving together or one
 * after the other, and Deepgram's error callback with the recommended credential (secret + Basic
 * Auth), which reaches the Errors output once.
 */
import { harnessLogs, type TriggerSession } from '../../harness';
import {
	authenticDelivery,
	credential,
	deliver,
	PASSWORD,
	remembered,
	SECRET,
	triggerTestbed,
	transcribeWithCallback,
	USER,
	withBasicAuth,
	type Emulator,
} from './helpers';

const testbed = triggerTestbed();
let emu: Emulator;
let session: TriggerSession;
const recommended = { callbackSecret: SECRET, callbackUser: USER, callbackPassword: PASSWORD };

beforeEach(async () => {
	emu = testbed.emu;
	session = await testbed.start({}, credential(emu, recommended));
});

/** Deepgram's authentic delivery for one job to the session, ready to be replayed there. */
async function deliveredToSession() {
	const { requestId, copyTo } = await authenticDelivery(emu, session.url);
	return { requestId, replay: () => copyTo(session.url) };
}

test('10 copies at the same moment, then 10 one after the other, start exactly one run', async () => {
	// The emulator delivers once to the first session; its copies go to a second, fresh one.
	const { requestId, replay } = await deliveredToSession();
	const fresh = await testbed.start({}, credential(emu, recommended));
	const toFresh = () =>
		deliver(fresh.url, {
			headers: { authorization: emu.callbacks[0].headers.authorization },
			body: emu.callbacks[0].body as object,
		});

	const together = await Promise.all(Array.from({ length: 10 }, toFresh));
	const afterwards = [];
	for (let i = 0; i < 10; i++) afterwards.push(await toFresh());

	expect([...together, ...afterwards].map((answer) => answer.status)).toEqual(
		new Array(20).fill(200),
	);
	const started = [...together, ...afterwards].filter(
		(answer) => JSON.parse(answer.text).started === true,
	);
	expect(started).toHaveLength(1);
	expect(fresh.executions).toHaveLength(1);
	expect(fresh.executions[0][0][0].json).toMatchObject({ request_id: requestId });
	expect(fresh.staticData()).toEqual({ remembered: [remembered(requestId)] });

	// The first session ran once for the emulator's delivery; replays there start nothing either.
	expect((await replay()).status).toBe(200);
	expect(session.executions).toHaveLength(1);
});

test('a copy sent right after the first copy’s 2xx starts nothing', async () => {
	const { replay } = await deliveredToSession();
	const answers = [await replay(), await replay()];
	expect(answers.map((answer) => JSON.parse(answer.text))).toEqual([
		expect.objectContaining({ started: false, reason: 'already delivered' }),
		expect.objectContaining({ started: false, reason: 'already delivered' }),
	]);
	expect(session.executions).toHaveLength(1);
});

test('Deepgram’s error callback for a failed job reaches the Errors output once, verified by Basic Auth', async () => {
	const requestId = await transcribeWithCallback(emu, withBasicAuth(session.url), {
		secret: SECRET,
		json: { url: 'https://media.example.com/missing.wav' },
	});
	const [delivered] = await emu.waitForCallbacks(1);
	expect(delivered.body).toEqual({
		err_code: 'REMOTE_CONTENT_ERROR',
		err_msg: 'The remote server hosting the media returned a client error: 404 Not Found.',
		request_id: requestId,
	});
	expect(delivered.status).toBe(200);
	// A redelivery of the error starts nothing.
	const again = await deliver(session.url, {
		headers: { authorization: delivered.headers.authorization },
		body: delivered.body as object,
	});
	expect(JSON.parse(again.text)).toMatchObject({ started: false });

	expect(session.executions).toEqual([
		[
			[],
			[
				{
					json: {
						request_id: requestId,
						err_code: 'REMOTE_CONTENT_ERROR',
						err_msg: 'The remote server hosting the media returned a client error: 404 Not Found.',
					},
				},
			],
		],
	]);
});

test('Remembered Deliveries that is not a whole number in range: activation fails naming the field; deliveries get 500 naming nothing, the log says which', async () => {
	harnessLogs.clear();
	const broken = await testbed.start(
		{ options: { rememberedDeliveries: '={{ "pw-hunter2" }}' } },
		credential(emu, recommended),
	);
	await expect(broken.activate()).rejects.toThrow(
		'Remembered Deliveries must be a whole number from 1 to 1000000, not "pw-hunter2"',
	);
	// Anyone can call the URL: the answer echoes neither the field nor the expression's value.
	const answer = await deliver(broken.url, {
		body: { metadata: { request_id: 'r-1', extra: { callback_secret: SECRET } }, results: {} },
	});
	expect([answer.status, JSON.parse(answer.text)]).toEqual([
		500,
		{
			code: 500,
			message: 'Callback not handled: an option of the trigger is invalid; n8n’s log says which',
		},
	]);
	expect(harnessLogs.at('error')).toEqual([
		'Deepgram Callback Trigger "Trigger under test": Remembered Deliveries must be a whole number from 1 to 1000000, not "pw-hunter2"',
	]);
	expect(broken.executions).toEqual([]);
});
