/**
 * Deepgram Transcribe's Wait for Callback mode in a real n8n 2.41.1 on 127.0.0.1:8080 (a port
 * Deepgram calls back to, so the node's port rule holds) with the emulator, on the same stack as
 * examples.test.ts. n8n is driven through its public surfaces only: `n8n execute` for example 4,
 * a production webhook that starts the e2e workflow, the public REST API for executions, and the
 * resume URL Deepgram is given.
 *
 * An audio gate holds the file the emulator downloads, so an execution keeps waiting (no
 * callback can come) until the test releases it. Needs `npm run build` first.
 */

import { startAudioGate, type AudioGate } from './support/audioGate';
import { http } from './support/http';
import type { Execution } from './support/publicApi';
import { leakedSecrets, secretForms, secretLeaks } from './support/secrets';
import { stageTimer } from './support/stages';
import { SAMPLE, SAMPLE_WAV } from './support/sample';
import { startStack, WEBHOOK_BASE, type Stack } from './support/stack';
import {
	executionWith as executionWithStatus,
	failedNaming,
	nodeItems,
	waitForExecutions,
} from './support/wait';


/** test/workflows/4-transcribe-and-wait.json and test/e2e/workflows/transcribe-and-wait-webhook.json. */
const WF = { example: 'dgExample4Wait', webhook: 'dgE2eTranscribeAndWait' } as const;
const TRANSCRIBE = 'Deepgram Transcribe (wait)';
const START_URL = `${WEBHOOK_BASE}webhook/e2e-transcribe-and-wait`;

const { timed, report } = stageTimer('e2e wait');

let stack: Stack;
let gate: AudioGate;

beforeAll(async () => {
	stack = await timed('start emulator + n8n, import, publish', () =>
		startStack({ callbackRetryDelayMs: 1000 }),
	);
	gate = await startAudioGate(SAMPLE_WAV);
}, 900_000);

afterAll(async () => {
	await gate?.stop();
	await stack?.stop();
	console.log(report());
});

function requireStack(): void {
	if (!stack) throw new Error('the suite did not start (see the setup error above)');
}

const logTail = () =>
	`\n--- n8n log tail ---\n${stack.n8n.log().split('\n').slice(-60).join('\n')}`;

/** The resume URL the emulator was given for `requestId`, without the Basic Auth user info. */
function resumeUrlOf(requestId: string): string {
	const record = stack.emulator.served.find((served) => served.request_id === requestId);
	if (!record?.callbackUrl) throw new Error(`no callback URL was sent for ${requestId}`);
	return record.callbackUrl;
}

const basic = (user: string, password: string) =>
	`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** An execution of `workflowId` with `status` (and id), read through the public API. */
const executionWith = (workflowId: string, status: string, id?: string) =>
	executionWithStatus(stack.api, workflowId, status, { id });

async function execution(id: string): Promise<Execution> {
	return (await stack.api.call('GET', `/executions/${id}?includeData=true`)) as Execution;
}

/** The execution went on with sample.wav's transcript, its extra `job_id`, and no secret. */
function expectTranscribed(done: Execution, requestId: string, job: string): void {
	const served = stack.emulator.served.find((record) => record.request_id === requestId)!;
	expect(nodeItems(done, TRANSCRIBE)).toEqual([
		{
			request_id: requestId,
			created: served.created,
			duration: 5.865896, // sample.json's duration as Deepgram rounds it
			channels: 1,
			transcript: SAMPLE.transcript,
			confidence: expect.any(Number),
			extra: { job_id: job },
		},
	]);
	expect(nodeItems(done, 'Transcript')).toEqual([
		{ request_id: requestId, job_id: job, transcript: SAMPLE.transcript },
	]);
	expect(leakedSecrets(JSON.stringify(done), secretForms(stack.secrets))).toEqual([]);
}

/** Starts the e2e workflow through its production webhook; the audio stays held until released. */
async function startWebhookRun(body: { audioUrl: string; job: string; timeLimitSeconds: number }) {
	const answer = await http(START_URL, { method: 'POST', body });
	if (answer.status !== 200)
		throw new Error(`starting the workflow: ${answer.status} ${answer.text}`);
	const waiting = await executionWith(WF.webhook, 'waiting');
	const [item] = nodeItems(waiting, TRANSCRIBE);
	return { id: waiting.id, requestId: item.request_id as string, item };
}

describe('example 4 through `n8n execute`: the execution waits, Deepgram calls back, it goes on', () => {
	let run: Awaited<ReturnType<Stack['n8n']['execute']>>['run'];
	let done: Execution;

	beforeAll(async () => {
		requireStack();
		({ run } = await timed('example 4 via `n8n execute` (until it waits)', () =>
			stack.n8n.execute(WF.example),
		));
		stack.cliOutput.push(JSON.stringify(run));
		[done] = await timed('callback delivered, execution resumed and finished', () =>
			waitForExecutions(stack.api, WF.example, 1),
		);
	}, 180_000);

	it('`n8n execute` ends with the execution waiting, the node showing its request', () => {
		expect(run.status).toBe('waiting');
		const [item] = nodeItems(run, TRANSCRIBE);
		const requestId = stack.emulator.served[0].request_id;
		expect(item).toEqual({
			request_id: requestId,
			request_ids: [requestId],
			callback: expect.stringMatching(new RegExp(`^${WEBHOOK_BASE}webhook-waiting/\\d+/deepgram$`)),
			callback_method: 'POST',
			tags: ['team-a', 'waits'],
			extra: { job_id: 'example-job-4' },
			idempotency_key: expect.stringMatching(/^n8n-\d+-0-[0-9a-f]{12}$/),
			wait_till: expect.any(String),
		});
	});

	it('resumed with the transcript and the extra metadata, without any secret', () => {
		expect(done.status).toBe('success');
		expectTranscribed(done, stack.emulator.served[0].request_id, 'example-job-4');
	});

	it('Deepgram called the resume URL (port 8080, Basic Auth) and got a 2xx exactly once', () => {
		const attempts = stack.emulator.callbacks;
		expect(attempts.length).toBeGreaterThanOrEqual(1);
		for (const attempt of attempts) {
			expect(attempt.url).toMatch(
				new RegExp(`^${WEBHOOK_BASE}webhook-waiting/${done.id}/deepgram\\?signature=\\w+$`),
			);
			expect(attempt.headers.authorization).toBe(
				basic(stack.secrets.callbackUser, stack.secrets.callbackPassword),
			);
		}
		// A delivery that arrives before n8n has saved the execution as waiting is refused by n8n
		// itself (409 "is running already", or 500 while the execution has no data saved yet) and
		// Deepgram retries it; the first 2xx is the last attempt.
		const statuses = attempts.map((attempt) => attempt.status);
		expect(statuses.filter((status) => status !== 409 && status !== 500)).toEqual([200]);
		expect(statuses.at(-1)).toBe(200);
	});
});

describe('a waiting execution is resumed only by Deepgram’s verified callback for its request', () => {
	let id: string;
	let requestId: string;
	let url: string;

	beforeAll(async () => {
		requireStack();
		({ id, requestId } = await timed('webhook run until it waits', () =>
			startWebhookRun({ audioUrl: gate.url('held.wav'), job: 'e2e-job-1', timeLimitSeconds: 600 }),
		));
		url = resumeUrlOf(requestId);
	}, 120_000);

	it('the public API shows the execution waiting, until the time limit', async () => {
		const waiting = await execution(id);
		expect(waiting.status).toBe('waiting');
		expect(waiting.finished).toBe(false);
		const [item] = nodeItems(waiting, TRANSCRIBE);
		expect(item.request_id).toBe(requestId);
		expect(Date.parse(item.wait_till)).toBeGreaterThan(Date.now() + 500_000);
	});

	it('forged calls are refused with 401/403 and the execution keeps waiting', async () => {
		// An authentic result, but for example 4's request, with this execution's secret swapped out.
		const delivered = stack.emulator.callbacks.find((attempt) => attempt.status === 200)!;
		const body = (secret: string | null) => {
			const copy = JSON.parse(JSON.stringify(delivered.body));
			copy.metadata.request_id = requestId;
			if (secret === null) delete copy.metadata.extra.callback_secret;
			else copy.metadata.extra.callback_secret = secret;
			return copy;
		};
		const rightAuth = basic(stack.secrets.callbackUser, stack.secrets.callbackPassword);
		const noToken = new URL(url);
		noToken.search = '';
		const send = (target: string, headers: Record<string, string>, payload: unknown) =>
			http(target, { method: 'POST', headers, body: payload });

		const answers = {
			noResumeToken: await send(
				noToken.href,
				{ authorization: rightAuth },
				body(stack.secrets.callbackSecret),
			),
			noAuthentication: await send(url, {}, body(null)),
			wrongSecret: await send(url, { authorization: rightAuth }, body('not-the-secret')),
			wrongPassword: await send(
				url,
				{ authorization: basic(stack.secrets.callbackUser, 'wrong-password') },
				body(stack.secrets.callbackSecret),
			),
		};

		expect(
			Object.fromEntries(Object.entries(answers).map(([name, a]) => [name, a.status])),
		).toEqual({
			noResumeToken: 401,
			noAuthentication: 401,
			wrongSecret: 403,
			wrongPassword: 403,
		});
		const after = await execution(id);
		expect([after.status, after.finished]).toEqual(['waiting', false]);
	});

	it('Deepgram’s verified callback for another request is acknowledged and resumes nothing', async () => {
		const delivered = stack.emulator.callbacks.find((attempt) => attempt.status === 200)!;
		const answer = await http(url, {
			method: 'POST',
			headers: { authorization: delivered.headers.authorization },
			body: delivered.body,
		});
		expect([answer.status, answer.json]).toEqual([
			200,
			{
				received: true,
				resumed: false,
				reason: 'not the request this execution is waiting for',
				request_id: stack.emulator.served[0].request_id,
			},
		]);
		expect((await execution(id)).status).toBe('waiting');
	});

	describe('then Deepgram finishes and calls back', () => {
		let done: Execution;

		beforeAll(async () => {
			gate.release('held.wav');
			done = await timed('release audio, callback, resume', () =>
				executionWith(WF.webhook, 'success', id),
			);
		}, 60_000);

		it('the execution finishes with the transcript and the extra metadata, no secret', () => {
			expectTranscribed(done, requestId, 'e2e-job-1');
		});

		it('a redelivery of that callback finds nothing to resume: n8n answers 409, nothing changes', async () => {
			const delivered = stack.emulator.callbacks.find(
				(attempt) => attempt.requestId === requestId && attempt.status === 200,
			)!;
			const before = JSON.stringify(await execution(id));
			const count = (await stack.api.executions(WF.webhook)).length;

			const redelivery = await http(delivered.url, {
				method: 'POST',
				headers: { authorization: delivered.headers.authorization },
				body: delivered.body,
			});

			expect(redelivery.status).toBe(409);
			expect(JSON.stringify(await execution(id))).toBe(before);
			expect((await stack.api.executions(WF.webhook)).length).toBe(count);
		});
	});
});

describe('a job Deepgram fails: its error callback fails the waiting node at once', () => {
	let failed: Execution;
	let requestId: string;
	let waitTill: number;

	beforeAll(async () => {
		requireStack();
		const run = await startWebhookRun({
			audioUrl: gate.url('missing.wav'),
			job: 'e2e-job-failed',
			timeLimitSeconds: 600,
		});
		requestId = run.requestId;
		waitTill = Date.parse(run.item.wait_till as string);
		gate.fail('missing.wav');
		failed = await timed('error callback, resume, node fails', () =>
			failedNaming(stack.api, WF.webhook, requestId),
		);
	}, 60_000);

	it('Deepgram’s error callback (no secret in it) was verified by Basic Auth and answered 2xx at once', () => {
		const attempts = stack.emulator.callbacks.filter((c) => c.requestId === requestId);
		expect(attempts.map((c) => [c.attempt, c.status])).toEqual([[1, 200]]);
		expect(attempts[0].body).toEqual({
			err_code: 'REMOTE_CONTENT_ERROR',
			err_msg: 'The remote server hosting the media returned a client error: 404 Not Found.',
			request_id: requestId,
		});
	});

	it('fails the node with Deepgram’s message and the request_id, long before its 10-minute time limit', () => {
		const error = failed.data?.resultData.error as { message: string };
		expect(error.message).toBe(
			`Deepgram could not transcribe request_id ${requestId}: The remote server hosting the media returned a client error: 404 Not Found. [REMOTE_CONTENT_ERROR]`,
		);
		expect(Date.parse(failed.stoppedAt as string)).toBeLessThan(waitTill - 540_000);
		expect(failed.data?.resultData.runData.Transcript).toBeUndefined();
	});
});

describe('the time limit', () => {
	let failed: Execution;
	let requestId: string;

	beforeAll(async () => {
		requireStack();
		({ requestId } = await startWebhookRun({
			audioUrl: gate.url('never.wav'),
			job: 'e2e-job-2',
			timeLimitSeconds: 5,
		}));
		// n8n's wait tracker looks for expired waits once a minute.
		failed = await timed('time limit passed (n8n checks once a minute)', () =>
			failedNaming(stack.api, WF.webhook, requestId, { timeoutMs: 150_000, intervalMs: 1000 }),
		);
	}, 200_000);

	it('fails the node with the documented message, naming the request_id', () => {
		const error = failed.data?.resultData.error as { message: string; description: string };
		expect(error.message).toBe(
			`No callback from Deepgram for request_id ${requestId} within 5 seconds`,
		);
		expect(error.description).toContain('N8N_WEBHOOK_URL');
		expect(failed.data?.resultData.runData.Transcript).toBeUndefined();
	});
});

describe('n8n log and data', () => {
	it('hold no secret in any form, nor do the CLI outputs', async () => {
		expect(await secretLeaks(stack, Object.values(WF))).toEqual({
			log: [],
			cli: [],
			executions: [],
		});
	});

	it('show no error from the node’s webhook (a resume that failed to run)', () => {
		const lines = stack.n8n
			.log()
			.split('\n')
			.filter((line) => /could not be handled|Failed to start waiting execution/.test(line));
		if (lines.length > 0) throw new Error(`${lines.join('\n')}${logTail()}`);
	});
});
