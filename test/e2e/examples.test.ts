/**
 * The whole Deepgram round trip as users run it: a real n8n 2.41.1 on 127.0.0.1:8080 with the
 * package installed the community way, the example workflows from test/workflows/ imported through
 * n8n's CLI, and the Deepgram emulator (default callback ports: 80, 443, 8080, 8443).
 *
 * n8n is driven only through its public surfaces: the CLI (import, `execute` of the Manual Trigger
 * workflows), the public REST API with an API key the suite creates (publish, executions), and the
 * trigger's production webhook URL. One n8n serves every describe; they run in order.
 * Needs `npm run build` first.
 */

import { groupAlive } from '../n8n/process-group';
import { isPortFree } from '../n8n/ports';
import { loadErrors } from '../n8n/server';
import { http } from './support/http';
import type { Execution } from './support/publicApi';
import { leakedSecrets, secretForms, secretLeaks } from './support/secrets';
import { securedCallbackUrl } from '../../nodes/Deepgram/shared/callbackSender';
import { SAMPLE, SAMPLE_WAV } from './support/sample';
import { stageTimer } from './support/stages';
import { N8N_PORT, startStack, WEBHOOK_BASE, type Stack } from './support/stack';
import { nodeItems, waitFor, waitForExecutions } from './support/wait';

/** Workflow ids from test/workflows/*.json and test/e2e/workflows/*.json. */
const WF = {
	transcribe: 'dgExample1Transcribe',
	callback: 'dgExample2Callback',
	receive: 'dgExample2Receive',
	usage: 'dgExample3Usage',
	dgTokenReceiver: 'dgE2eDgTokenReceiver',
	missingAudio: 'dgE2eMissingAudioCallback',
	ackFinished: 'dgE2eAckFinished',
} as const;
const KEY_RE = /^n8n-\d+-0-[0-9a-f]{12}$/;
const TRIGGER = 'Deepgram Callback Trigger';
const RECEIVE_URL = `${WEBHOOK_BASE}webhook/5e225413-d9db-4b6b-9442-394af3129ab3/webhook`;
const ACK_FINISHED_URL = `${WEBHOOK_BASE}webhook/226934df-e1b8-4f5d-9770-57cfc6201dfc/webhook`;
const DG_TOKEN_RECEIVE_URL = `${WEBHOOK_BASE}webhook/0d6f3f0e-5d7b-4a53-9d0c-2f6a3c1e8b47/webhook`;

const { timed, report } = stageTimer('e2e');

let stack: Stack;

/** Runs a workflow through `n8n execute` (its Manual Trigger) and keeps the CLI output for the secret scan. */
async function runExample(stage: string, workflowId: string) {
	const { run } = await timed(stage, () => stack.n8n.execute(workflowId));
	stack.cliOutput.push(JSON.stringify(run));
	return run;
}

/** Nested beforeAlls still run when the suite's setup failed; they stop at once instead. */
function requireStack(): void {
	if (!stack) throw new Error('the suite did not start (see the setup error above)');
}

beforeAll(async () => {
	// Small retry delay: the retry scenario below waits for the emulator's second delivery.
	stack = await timed('start emulator + n8n, import, publish', () =>
		startStack({ callbackRetryDelayMs: 1000 }),
	);
}, 900_000); // a cold machine first installs Node 24 and n8n (about 4 minutes)

afterAll(async () => {
	await stack?.stop();
	console.log(report());
});

const logTail = () =>
	`\n--- n8n log tail ---\n${stack.n8n.log().split('\n').slice(-60).join('\n')}`;
const listenRequests = () =>
	stack.emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v1/listen');
const queryValues = (query: Array<[string, string]>, name: string) =>
	query.filter(([k]) => k === name).map(([, v]) => v);
const receiveExecutions = () => stack.api.executions(WF.receive, { includeData: true });

/**
 * Waits until n8n has (un)registered a production webhook: publishing and unpublishing are applied
 * asynchronously in 2.41. The probe carries no credentials, so a registered trigger answers 401
 * and starts nothing; an unregistered URL answers 404.
 */
function webhookRegistered(url: string, registered: boolean) {
	return waitFor(`${url} to be ${registered ? 'registered' : 'unregistered'}`, async () => {
		const { status } = await http(url, { method: 'POST', body: {} });
		return (status !== 404) === registered ? status : undefined;
	});
}

describe('n8n with the package and the example workflows', () => {
	it('loaded the package without load errors', () => {
		const errors = loadErrors(stack.n8n.log());
		if (errors.length > 0) throw new Error(`load errors:\n${errors.join('\n')}${logTail()}`);
	});

	it('imported every workflow of test/workflows and test/e2e/workflows, and published the receivers', async () => {
		const { data } = (await stack.api.call('GET', '/workflows?limit=100')) as {
			data: Array<{ id: string; active: boolean }>;
		};
		const state = Object.fromEntries(data.map((w) => [w.id, w.active]));
		expect(state).toEqual(
			Object.fromEntries(stack.workflows.map(({ workflow, publish }) => [workflow.id, publish])),
		);
		expect(state).toEqual(
			expect.objectContaining({
				[WF.transcribe]: false,
				[WF.callback]: false,
				[WF.receive]: true,
				[WF.usage]: false,
				[WF.dgTokenReceiver]: true,
			}),
		);
	});
});

describe('example 1: transcribe sample.wav synchronously (Simplified output)', () => {
	let items: any[];

	beforeAll(async () => {
		requireStack();
		items = nodeItems(
			await runExample('example 1 via `n8n execute`', WF.transcribe),
			'Deepgram Transcribe',
		);
	}, 120_000);

	it('outputs the transcript the emulator was configured to return (Simplified output)', () => {
		const [served] = stack.emulator.served;
		expect(items).toEqual([
			{
				request_id: served.request_id,
				created: served.created,
				duration: 5.865896, // sample.json's duration as Deepgram rounds it
				channels: 1,
				transcript: SAMPLE.transcript,
				confidence: expect.any(Number),
			},
		]);
	});

	it('sent the sample file to /v1/listen with its tag and the API key', () => {
		const requests = listenRequests();
		expect(requests).toHaveLength(1);
		const [request] = requests;
		expect(request.bodySha256).toBe(SAMPLE.sha256);
		expect(request.headers.authorization).toBe(`Token ${stack.secrets.deepgramApiKey}`);
		expect(queryValues(request.query, 'tag')).toEqual(['team-a']);
		expect(queryValues(request.query, 'callback')).toEqual([]);
		expect(request.status).toBe(200);
	});

	it('is recorded as one successful CLI execution', async () => {
		const executions = await stack.api.executions(WF.transcribe);
		expect(executions.map((e) => [e.mode, e.status])).toEqual([['cli', 'success']]);
	});
});

describe('example 2: callback with tags and extra into the published Callback Trigger', () => {
	let requestId: string;
	let execution: Execution;

	let items: any[];

	beforeAll(async () => {
		requireStack();
		await webhookRegistered(RECEIVE_URL, true);
		items = nodeItems(
			await runExample('example 2a via `n8n execute`', WF.callback),
			'Deepgram Transcribe (callback)',
		);
		requestId = stack.emulator.served.at(-1)!.request_id;
		await timed('callback delivered and run', async () => {
			await stack.emulator.waitForCallbacks(1, 30_000);
			[execution] = await waitForExecutions(stack.api, WF.receive, 1);
		});
	}, 120_000);

	it('Transcribe outputs the request_id and what it asked for, without any credential', () => {
		expect(items).toEqual([
			{
				request_id: requestId,
				request_ids: [requestId],
				callback: RECEIVE_URL,
				callback_method: 'POST',
				tags: ['team-a', 'callbacks'],
				extra: { job_id: 'example-job-1', source: 'n8n-example-2' },
				idempotency_key: expect.stringMatching(KEY_RE),
			},
		]);
	});

	it('Transcribe sent callback (with Basic Auth), both tags and extra plus the credential secret', () => {
		const request = listenRequests().at(-1)!;
		expect(request.bodySha256).toBe(SAMPLE.sha256);
		const [callback] = queryValues(request.query, 'callback');
		const url = new URL(callback);
		expect(`${url.protocol}//${url.host}${url.pathname}`).toBe(RECEIVE_URL);
		expect(decodeURIComponent(url.username)).toBe(stack.secrets.callbackUser);
		expect(decodeURIComponent(url.password)).toBe(stack.secrets.callbackPassword);
		expect(queryValues(request.query, 'tag')).toEqual(['team-a', 'callbacks']);
		expect(queryValues(request.query, 'extra')).toEqual([
			'job_id:example-job-1',
			'source:n8n-example-2',
			`idempotency_key:${items[0].idempotency_key}`,
			`callback_secret:${stack.secrets.callbackSecret}`,
		]);
	});

	it('the emulator delivered the result to the production URL on port 8080 at the first attempt', () => {
		const attempts = stack.emulator.callbacks.filter((c) => c.requestId === requestId);
		// The URL carries the job's routing key for a load balancer (README "Queue mode").
		expect(attempts.map((c) => [c.url, c.method, c.attempt, c.status])).toEqual([
			[`${RECEIVE_URL}?dg_job=${items[0].idempotency_key}`, 'POST', 1, 200],
		]);
	});

	it('started the trigger workflow once, with the transcript, request_id and extra metadata', () => {
		expect(execution.status).toBe('success');
		expect(execution.mode).toBe('webhook');
		const [item] = nodeItems(execution, TRIGGER);
		expect(item).toEqual({
			request_id: requestId,
			created: stack.emulator.served.at(-1)!.created,
			duration: 5.865896,
			channels: 1,
			transcript: SAMPLE.transcript,
			confidence: expect.any(Number),
			extra: { job_id: 'example-job-1', source: 'n8n-example-2' },
		});
		expect(nodeItems(execution, 'Transcript')).toEqual([
			{ request_id: requestId, job_id: 'example-job-1', transcript: SAMPLE.transcript },
		]);
	});

	it('keeps every secret out of the execution data', () => {
		expect(leakedSecrets(JSON.stringify(execution), secretForms(stack.secrets))).toEqual([]);
	});
});

describe('forged and repeated callbacks start nothing', () => {
	/** The delivery the emulator made in example 2, replayed with changes. */
	let delivered: { headers: Record<string, string>; body: any };
	let executionsBefore: number;

	beforeAll(async () => {
		requireStack();
		const first = stack.emulator.callbacks.find((c) => c.status === 200)!;
		delivered = { headers: { ...first.headers }, body: first.body };
		executionsBefore = (await stack.api.executions(WF.receive)).length;
		expect(executionsBefore).toBe(1);
	});

	const withSecret = (body: any, secret: string | undefined) => {
		const copy = JSON.parse(JSON.stringify(body));
		if (secret === undefined) delete copy.metadata.extra.callback_secret;
		else copy.metadata.extra.callback_secret = secret;
		return copy;
	};
	const basic = (user: string, password: string) =>
		`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
	const send = (url: string, headers: Record<string, string>, body: unknown) =>
		http(url, {
			method: 'POST',
			headers: { ...headers, 'content-type': 'application/json' },
			body,
		});
	const without = (headers: Record<string, string>, ...names: string[]) =>
		Object.fromEntries(
			Object.entries(headers).filter(([name]) => !names.includes(name.toLowerCase())),
		);

	const UNAUTHENTICATED = { code: 401, message: 'Callback rejected: not authenticated' };
	const UNAUTHORIZED = { code: 403, message: 'Callback rejected: not authorized' };

	it('no authentication at all: 401', async () => {
		const answer = await send(
			RECEIVE_URL,
			without(delivered.headers, 'authorization', 'dg-token', 'content-length'),
			withSecret(delivered.body, undefined),
		);
		expect([answer.status, answer.json]).toEqual([401, UNAUTHENTICATED]);
	});

	it('right Basic Auth, no callback secret: 401, the same body', async () => {
		const answer = await send(
			RECEIVE_URL,
			without(delivered.headers, 'content-length'),
			withSecret(delivered.body, undefined),
		);
		expect([answer.status, answer.json]).toEqual([401, UNAUTHENTICATED]);
	});

	it('right Basic Auth, wrong callback secret: 403', async () => {
		const answer = await send(
			RECEIVE_URL,
			without(delivered.headers, 'content-length'),
			withSecret(delivered.body, 'not-the-secret'),
		);
		expect([answer.status, answer.json]).toEqual([403, UNAUTHORIZED]);
	});

	it('right callback secret, wrong Basic Auth password: 403, the same body', async () => {
		const headers = {
			...without(delivered.headers, 'content-length'),
			authorization: basic(stack.secrets.callbackUser, 'wrong-password'),
		};
		const answer = await send(RECEIVE_URL, headers, delivered.body);
		expect([answer.status, answer.json]).toEqual([403, UNAUTHORIZED]);
	});

	it('right secret and Basic Auth, wrong dg-token, to a receiver checking it: 403, the same body', async () => {
		await webhookRegistered(DG_TOKEN_RECEIVE_URL, true);
		const headers = {
			...without(delivered.headers, 'content-length'),
			'dg-token': 'not-the-key-id',
		};
		const answer = await send(DG_TOKEN_RECEIVE_URL, headers, delivered.body);
		expect([answer.status, answer.json]).toEqual([403, UNAUTHORIZED]);
	});

	it('the same receiver accepts the delivery with the dg-token Deepgram sent (key id looked up on publish)', async () => {
		expect(delivered.headers['dg-token']).toBe(stack.key.id);
		const answer = await send(
			DG_TOKEN_RECEIVE_URL,
			without(delivered.headers, 'content-length'),
			delivered.body,
		);
		expect(answer.status).toBe(200);
		const executions = await waitForExecutions(stack.api, WF.dgTokenReceiver, 1);
		expect(nodeItems(executions[0], TRIGGER)[0].transcript).toBe(SAMPLE.transcript);
	});

	it('a redelivered result (same request_id, as Deepgram retries) is acknowledged and starts nothing', async () => {
		const answer = await send(
			RECEIVE_URL,
			without(delivered.headers, 'content-length'),
			delivered.body,
		);
		expect(answer.status).toBe(200);
	});

	it('none of them created an execution (only the accepted delivery to the dg-token receiver did)', async () => {
		// The next describe's delivery lands after these requests; counting then catches late ones too.
		expect((await stack.api.executions(WF.receive)).length).toBe(executionsBefore);
		expect((await stack.api.executions(WF.dgTokenReceiver)).length).toBe(1);
	});
});

describe('the n8n log says why each callback was refused', () => {
	it('one warning per refused callback, with its reason and the request_id, no secret', async () => {
		const requestId = stack.emulator.served[1].request_id;
		const refusals = await waitFor('the refusal log lines', async () => {
			const lines = stack.n8n
				.log()
				.split('\n')
				.filter(
					(line) =>
						line.includes('Deepgram callback refused with 40') &&
						!line.includes('refused with 400'),
				);
			return lines.length >= 5 ? lines : undefined;
		});
		const reasons = refusals.map((line) => {
			const match =
				/refused with (\d+) by node "([^"]+)" of workflow "([^"]+)" \((\w+)\) from (\S+), request_id (\S+): (.*?)(?: \{.*\})?$/.exec(
					line,
				);
			return match && [Number(match[1]), match[2], match[4], match[6], match[7].trim()];
		});
		expect(reasons).toEqual([
			[401, TRIGGER, WF.receive, requestId, 'missing Basic Authorization header'],
			[401, TRIGGER, WF.receive, requestId, 'missing metadata.extra.callback_secret'],
			[403, TRIGGER, WF.receive, requestId, 'wrong callback secret'],
			[403, TRIGGER, WF.receive, requestId, 'wrong Basic Auth user or password'],
			[403, TRIGGER, WF.dgTokenReceiver, requestId, 'wrong dg-token'],
		]);
		expect(leakedSecrets(refusals.join('\n'), secretForms(stack.secrets))).toEqual([]);
		expect(refusals.join('\n')).not.toMatch(/not-the-secret|wrong-password|not-the-key-id/);
	});
});

describe('20 copies of one authentic delivery start exactly one execution', () => {
	let answers: Array<{ status: number; json: any }>;
	let requestId: string;

	beforeAll(async () => {
		requireStack();
		// Example 2's delivery as a new job: another request_id and submission, signed the same way.
		const first = stack.emulator.callbacks.find((c) => c.status === 200)!;
		const body = JSON.parse(JSON.stringify(first.body));
		requestId = '7d0a3a6e-2f4b-4c1e-9a57-0e2d5c6b8f01';
		body.metadata.request_id = requestId;
		body.metadata.extra.idempotency_key = 'n8n-e2e-copies-0-0123456789ab';
		const copy = () =>
			http(RECEIVE_URL, {
				method: 'POST',
				headers: { authorization: first.headers.authorization },
				body,
			});
		const together = await Promise.all(Array.from({ length: 10 }, copy));
		const afterwards = [];
		for (let i = 0; i < 10; i++) afterwards.push(await copy());
		answers = [...together, ...afterwards];
	}, 60_000);

	it('every copy is answered 2xx, and exactly one of them started the workflow', () => {
		expect(answers.map((answer) => answer.status)).toEqual(new Array(20).fill(200));
		expect(answers.filter((answer) => answer.json.started === true)).toHaveLength(1);
		expect(answers.filter((answer) => answer.json.reason === 'already delivered')).toHaveLength(19);
	});

	it('the receiver ran once for that request_id', async () => {
		await waitForExecutions(stack.api, WF.receive, 2);
		// Give any late duplicate time to show up before counting.
		await new Promise((resolve) => setTimeout(resolve, 1500));
		const ids = (await receiveExecutions()).map((e) => nodeItems(e, TRIGGER)[0].request_id);
		expect(ids.filter((id) => id === requestId)).toHaveLength(1);
		expect(ids).toHaveLength(2);
	});
});

describe('a first delivery that fails is retried by Deepgram and lands exactly once', () => {
	let requestId: string;

	beforeAll(async () => {
		requireStack();
		await stack.api.unpublish(WF.receive);
		await webhookRegistered(RECEIVE_URL, false);
		const run = await runExample('example 2a again (receiver unpublished)', WF.callback);
		requestId = nodeItems(run, 'Deepgram Transcribe (callback)')[0].request_id;
		await timed('failed first delivery, publish, retried delivery', async () => {
			await waitFor('the first delivery attempt', async () =>
				stack.emulator.callbacks.find((c) => c.requestId === requestId),
			);
			await stack.api.publish(WF.receive);
			await waitFor(
				'a successful redelivery',
				async () =>
					stack.emulator.callbacks.find((c) => c.requestId === requestId && c.status === 200),
				{ timeoutMs: 60_000 },
			);
			await waitForExecutions(stack.api, WF.receive, 3);
		});
	}, 180_000);

	it('n8n refused the first attempt (workflow not published) and accepted a later one', () => {
		const attempts = stack.emulator.callbacks.filter((c) => c.requestId === requestId);
		expect(attempts[0]).toEqual(expect.objectContaining({ attempt: 1, status: 404 }));
		expect(attempts.at(-1)).toEqual(expect.objectContaining({ status: 200 }));
		expect(attempts.filter((c) => c.status === 200)).toHaveLength(1);
		expect(attempts.length).toBeGreaterThanOrEqual(2);
	});

	it('the receiver ran exactly once per request_id: the first round trip, the copies and this one', async () => {
		const executions = await receiveExecutions();
		const ids = executions.map((e) => nodeItems(e, TRIGGER)[0].request_id).sort();
		const first = stack.emulator.served[1].request_id;
		expect(ids).toEqual([first, '7d0a3a6e-2f4b-4c1e-9a57-0e2d5c6b8f01', requestId].sort());
	});
});

describe('example 3: weekly usage by tag', () => {
	let usage: any[];
	let summary: any[];

	beforeAll(async () => {
		requireStack();
		const run = await runExample('example 3 via `n8n execute`', WF.usage);
		usage = nodeItems(run, 'Usage per tag, last 7 days');
		summary = nodeItems(run, 'Summary');
	}, 120_000);

	it('the emulator served exactly the three transcriptions of examples 1 and 2', () => {
		expect(stack.emulator.served.map((r) => [r.method, r.tags.slice().sort(), r.code])).toEqual([
			['sync', ['team-a'], 200],
			['async', ['callbacks', 'team-a'], 200],
			['async', ['callbacks', 'team-a'], 200],
		]);
	});

	it('reports exactly those requests and tags, nothing untagged, and the total', () => {
		const tagged = usage.filter((item) => item.kind === 'tag');
		const perTag = Object.fromEntries(
			tagged.map((item) => [item.tag, { requests: item.requests, hours: item.hours }]),
		);
		expect(Object.keys(perTag).sort()).toEqual(['callbacks', 'team-a']);
		// Hours are rounded to a millionth.
		const hours = (n: number) => Math.round(((n * SAMPLE.duration) / 3600) * 1e6) / 1e6;
		expect(perTag['team-a']).toEqual({ requests: 3, hours: hours(3) });
		expect(perTag.callbacks).toEqual({ requests: 2, hours: hours(2) });
		expect(usage.filter((item) => item.kind !== 'tag')).toEqual([
			expect.objectContaining({ kind: 'untagged', tag: null, requests: 0, hours: 0 }),
			expect.objectContaining({ kind: 'total', tag: null, requests: 3, hours: hours(3) }),
		]);
	});

	it('summarises them as readable lines and a total', () => {
		expect(summary).toHaveLength(1);
		expect(summary[0].lines.slice().sort()).toEqual([
			'callbacks: 0.00 h (0.2 min), 2 requests',
			'team-a: 0.00 h (0.3 min), 3 requests',
		]);
		expect(summary[0].total).toBe('Total: 0.00 h (0.3 min), 3 requests');
		expect(summary[0].summary).toBe([...summary[0].lines, summary[0].total].join('\n'));
	});
});

describe('a job Deepgram fails: its error callback starts example 2b’s Errors branch exactly once', () => {
	let requestId: string;
	let failed: Execution;

	beforeAll(async () => {
		requireStack();
		const run = await runExample('a job with missing audio, callback to 2b', WF.missingAudio);
		requestId = nodeItems(run, 'Deepgram Transcribe (missing audio)')[0].request_id;
		failed = await timed('error callback delivered and run', async () => {
			await waitFor('the error callback to be accepted', async () =>
				stack.emulator.callbacks.find((c) => c.requestId === requestId && c.status === 200),
			);
			const executions = await waitForExecutions(stack.api, WF.receive, 4);
			return executions.find((e) => JSON.stringify(e).includes(requestId))!;
		});
	}, 120_000);

	it('Deepgram called back with its error, verified by Basic Auth (no secret in an error), at the first attempt', () => {
		const attempts = stack.emulator.callbacks.filter((c) => c.requestId === requestId);
		expect(attempts.map((c) => [c.attempt, c.status, c.body])).toEqual([
			[
				1,
				200,
				{
					err_code: 'REMOTE_CONTENT_ERROR',
					err_msg: 'The remote server hosting the media returned a client error: 404 Not Found.',
					request_id: requestId,
				},
			],
		]);
	});

	it('ran the “Transcription failed” branch with Deepgram’s code and message, not the Results branch', () => {
		expect(failed.status).toBe('success');
		expect(nodeItems(failed, 'Transcription failed')).toEqual([
			{
				request_id: requestId,
				err_code: 'REMOTE_CONTENT_ERROR',
				err_msg: 'The remote server hosting the media returned a client error: 404 Not Found.',
			},
		]);
		expect(failed.data?.resultData.runData.Transcript).toBeUndefined();
	});

	it('a redelivery of the error starts nothing', async () => {
		const delivered = stack.emulator.callbacks.find((c) => c.requestId === requestId)!;
		const answer = await http(RECEIVE_URL, {
			method: 'POST',
			headers: { authorization: delivered.headers.authorization },
			body: delivered.body,
		});
		expect([answer.status, answer.json.started]).toEqual([200, false]);
		await new Promise((resolve) => setTimeout(resolve, 1000));
		const runs = (await receiveExecutions()).filter((e) => JSON.stringify(e).includes(requestId));
		expect(runs).toHaveLength(1);
	});
});

describe('Acknowledge When the Workflow Has Finished: a first run that fails is delivered again and succeeds', () => {
	let requestId: string;
	let executions: Execution[];

	beforeAll(async () => {
		requireStack();
		// A job sent as the Transcribe node sends it, with the callback to the receiver whose
		// "Fail the first run" node throws on each job's first run.
		const { secrets } = stack;
		const callback = securedCallbackUrl(new URL(ACK_FINISHED_URL), {
			basicAuth: { user: secrets.callbackUser, password: secrets.callbackPassword },
		});
		const query = new URLSearchParams({ callback });
		query.append('extra', `callback_secret:${secrets.callbackSecret}`);
		const accepted = await fetch(`${stack.emulator.baseUrl}/v1/listen?${query}`, {
			method: 'POST',
			headers: { authorization: `Token ${secrets.deepgramApiKey}`, 'content-type': 'audio/wav' },
			body: SAMPLE_WAV,
		});
		requestId = ((await accepted.json()) as { request_id: string }).request_id;
		executions = await timed('failed first run, redelivery, successful run', async () => {
			await waitFor(
				'a delivery answered 2xx',
				async () =>
					stack.emulator.callbacks.find((c) => c.requestId === requestId && c.status === 200),
				{ timeoutMs: 60_000 },
			);
			return waitForExecutions(stack.api, WF.ackFinished, 2);
		});
	}, 120_000);

	it('n8n answered the first attempt 500 after its run failed, and the second 200 after its run succeeded', () => {
		const attempts = stack.emulator.callbacks.filter((c) => c.requestId === requestId);
		expect(attempts.map((c) => [c.attempt, c.status])).toEqual([
			[1, 500],
			[2, 200],
		]);
	});

	it('two runs: the first failed in "Fail the first run", the second reached the end once', () => {
		expect(executions.map((e) => e.status).sort()).toEqual(['error', 'success']);
		const succeeded = executions.find((e) => e.status === 'success')!;
		expect(nodeItems(succeeded, 'Reached the end')).toEqual([{ request_id: requestId, run: 2 }]);
		const failedRun = executions.find((e) => e.status === 'error')!;
		expect(JSON.stringify(failedRun.data?.resultData.error)).toContain(
			`first run for ${requestId} fails on purpose`,
		);
	});

	it('a redelivery after the success is answered 2xx and starts nothing', async () => {
		const delivered = stack.emulator.callbacks.find(
			(c) => c.requestId === requestId && c.status === 200,
		)!;
		const answer = await http(ACK_FINISHED_URL, {
			method: 'POST',
			headers: { authorization: delivered.headers.authorization },
			body: delivered.body,
		});
		expect([answer.status, answer.json]).toEqual([
			200,
			{ received: true, started: false, reason: 'already delivered', request_id: requestId },
		]);
		// Give a wrongly started run time to show up before counting.
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await stack.api.executions(WF.ackFinished)).toHaveLength(2);
	});
});

describe('n8n log', () => {
	it('holds no load error', () => {
		expect(loadErrors(stack.n8n.log())).toEqual([]);
	});

	it('and no secret in any form, nor do the CLI outputs or any execution data', async () => {
		expect(await secretLeaks(stack, Object.values(WF))).toEqual({
			log: [],
			cli: [],
			executions: [],
		});
	});
});

describe('cleanup', () => {
	it('stops n8n (its whole process group) and the emulator, and frees port 8080', async () => {
		const { pid } = stack.n8n;
		await stack.stop();
		expect(groupAlive(pid)).toBe(false);
		expect(await isPortFree(N8N_PORT)).toBe(true);
		expect(await isPortFree(stack.emulator.port)).toBe(true);
	});
});
