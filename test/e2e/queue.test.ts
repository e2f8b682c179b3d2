/**
 * The whole package on n8n's distributed engine (queue mode): PostgreSQL, Redis, a main process,
 * two `n8n webhook` processes and two `n8n worker` processes, HAProxy on 127.0.0.1:8080 (Deepgram's
 * callback port) in front, all started by test/queue/ as our own processes and stopped by PID.
 * Needs `npm run build` first.
 */

import { isPortFree } from '../n8n/ports';
import { groupAlive } from '../n8n/process-group';
import { loadErrors } from '../n8n/server';
import { startAudioGate, type AudioGate } from './support/audioGate';
import { http } from './support/http';
import type { Execution } from './support/publicApi';
import { SAMPLE, SAMPLE_WAV } from './support/sample';
import { leakedSecrets, secretForms } from './support/secrets';
import { startQueueStack, type QueueStack } from './support/queueStack';
import { stageTimer } from './support/stages';
import { WEBHOOK_BASE } from './support/stack';
import {
	executionWhere,
	executionWith as executionWithStatus,
	nodeItems,
	waitFor,
	waitForExecutions,
} from './support/wait';


const WF = {
	receive: 'dgExample2Receive',
	dgTokenReceiver: 'dgE2eDgTokenReceiver',
	transcribe: 'dgQueueTranscribe',
	usage: 'dgQueueUsage',
	wait: 'dgE2eTranscribeAndWait',
} as const;
const TRIGGER = 'Deepgram Callback Trigger';
const RECEIVE_URL = `${WEBHOOK_BASE}webhook/5e225413-d9db-4b6b-9442-394af3129ab3/webhook`;
const DG_TOKEN_RECEIVE_URL = `${WEBHOOK_BASE}webhook/0d6f3f0e-5d7b-4a53-9d0c-2f6a3c1e8b47/webhook`;

const { timed, report } = stageTimer('e2e queue');

let stack: QueueStack;
let gate: AudioGate;

beforeAll(async () => {
	stack = await timed(
		'start PostgreSQL, Redis, n8n main, import, publish, webhook tier, HAProxy',
		() => startQueueStack({ callbackRetryDelayMs: 1000 }),
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

/** `Enqueued execution N` (webhook process) and `Worker started execution N` (worker) log lines. */
function whoRan(executionId: string): { enqueuedBy: string[]; ranOn: string[] } {
	const logs = stack.queue.logs();
	const has = (text: string, pattern: RegExp) => pattern.test(text);
	const names = Object.keys(logs);
	return {
		enqueuedBy: names.filter((name) =>
			has(logs[name], new RegExp(`Enqueued execution ${executionId}\\b`)),
		),
		ranOn: names.filter((name) =>
			has(logs[name], new RegExp(`Worker started execution ${executionId}\\b`)),
		),
	};
}

const basic = (user: string, password: string) =>
	`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const webhookProcess = (name: string) => stack.queue.processes.find((p) => p.name === name)!;
const direct = (name: string, url: string) =>
	url.replace(`${WEBHOOK_BASE}`, `http://127.0.0.1:${webhookProcess(name).port}/`);

/** An execution of `workflowId` with `status` (and id), through the public API. */
const executionWith = (workflowId: string, status: string, id?: string, timeoutMs = 60_000) =>
	executionWithStatus(stack.api, workflowId, status, { id, timeoutMs });

/** The receiver's executions that ran for `requestId`. */
async function receiverRunsFor(requestId: string): Promise<Execution[]> {
	return (await stack.api.executions(WF.receive, { includeData: true })).filter((e) =>
		JSON.stringify(e.data?.resultData.runData ?? {}).includes(requestId),
	);
}

/** Starts a callback transcription of sample.wav through the balancer; resolves with its request. */
async function transcribeOnWorker(job: string) {
	const answer = await http(`${WEBHOOK_BASE}webhook/queue-transcribe`, {
		method: 'POST',
		body: { job },
	});
	if (answer.status !== 200)
		throw new Error(`queue-transcribe answered ${answer.status}: ${answer.text}`);
	const record = await waitFor(`the emulator to accept ${job}`, async () =>
		stack.emulator.served.find((r) => r.path.includes(encodeURIComponent(`job_id:${job}`))),
	);
	return { requestId: record.request_id, record };
}

/** A copy of the round trip's authentic delivery as a new job (its own request_id and key). */
function newJobDelivery(n: number) {
	const first = stack.emulator.callbacks.find((c) => c.status === 200)!;
	const body = JSON.parse(JSON.stringify(first.body));
	const requestId = `4a6b8c0d-0000-4000-8000-${String(n).padStart(12, '0')}`;
	const key = `n8n-queue-copies-${n}-0123456789ab`;
	body.metadata.request_id = requestId;
	body.metadata.extra.idempotency_key = key;
	return { requestId, key, body, headers: { authorization: first.headers.authorization } };
}

type RestartPhase = 'stopping' | 'down' | 'after';

/**
 * Sends a probe (`{}` to 2b's trigger: 400 from a ready webhook process, nothing started) through
 * the balancer every 25 ms while `run` goes on, filing each answer under the phase `run` last set
 * ('stopping' at first; 0 = the balancer refused the connection).
 */
async function probeDuring(
	run: (phase: (next: RestartPhase) => void) => Promise<void>,
): Promise<Record<RestartPhase, number[]>> {
	const answers: Record<RestartPhase, number[]> = { stopping: [], down: [], after: [] };
	const state = { phase: 'stopping' as RestartPhase, done: false };
	const probe = (async () => {
		while (!state.done) {
			const at = state.phase;
			const answer = await http(RECEIVE_URL, { method: 'POST', body: {} }).catch(() => ({
				status: 0,
			}));
			answers[at].push(answer.status);
			await new Promise((resolve) => setTimeout(resolve, 25));
		}
	})();
	try {
		await run((next) => {
			state.phase = next;
		});
	} finally {
		state.done = true;
		await probe;
	}
	return answers;
}

describe('the stack', () => {
	it('runs main, two webhook processes and two workers, each with the package loaded', () => {
		requireStack();
		expect(stack.queue.processes.map((p) => p.name).sort()).toEqual([
			'main',
			'webhook-1',
			'webhook-2',
			'worker-1',
			'worker-2',
		]);
		const logs = stack.queue.logs();
		for (const name of Object.keys(logs))
			expect([name, loadErrors(logs[name])]).toEqual([name, []]);
	});
});

describe('the round trip on the distributed engine', () => {
	let requestId: string;
	let sender: Execution;
	let receiver: Execution;

	beforeAll(async () => {
		requireStack();
		await timed(
			'webhook → worker transcribes → callback through HAProxy → worker runs 2b',
			async () => {
				({ requestId } = await transcribeOnWorker('queue-job-1'));
				[sender] = await waitForExecutions(stack.api, WF.transcribe, 1);
				await stack.emulator.waitForCallbacks(1, 30_000);
				[receiver] = await waitForExecutions(stack.api, WF.receive, 1);
			},
		);
	}, 120_000);

	it('the sender was enqueued by a webhook process and ran on a worker, sample.wav read from binary data in PostgreSQL', () => {
		expect(sender.status).toBe('success');
		const ran = whoRan(sender.id);
		expect(ran.enqueuedBy).toHaveLength(1);
		expect(ran.enqueuedBy[0]).toMatch(/^webhook-[12]$/);
		expect(ran.ranOn).toHaveLength(1);
		expect(ran.ranOn[0]).toMatch(/^worker-[12]$/);
		const upload = stack.emulator.requests.find(
			(r) => r.method === 'POST' && r.path === '/v1/listen',
		)!;
		expect(upload.bodySha256).toBe(SAMPLE.sha256);
		expect(Number(stack.queue.postgres.query('SELECT count(*) FROM binary_data'))).toBeGreaterThan(
			0,
		);
	});

	it('Deepgram got the callback with the job’s routing key and delivered it once, at the first attempt', () => {
		const [item] = nodeItems(sender, 'Deepgram Transcribe (callback)');
		const callback = new URL(
			new URLSearchParams(stack.emulator.served[0].path.split('?')[1]).get('callback')!,
		);
		expect(callback.searchParams.get('dg_job')).toBe(item.idempotency_key);
		const attempts = stack.emulator.callbacks.filter((c) => c.requestId === requestId);
		expect(attempts.map((c) => [c.attempt, c.status])).toEqual([[1, 200]]);
	});

	it('the receiver ran once, on a worker, with the transcript, request_id and extra, and no secret', async () => {
		expect(await receiverRunsFor(requestId)).toHaveLength(1);
		expect(receiver.status).toBe('success');
		expect(whoRan(receiver.id).ranOn[0]).toMatch(/^worker-[12]$/);
		expect(nodeItems(receiver, TRIGGER)[0]).toMatchObject({
			request_id: requestId,
			transcript: SAMPLE.transcript,
			extra: { job_id: 'queue-job-1' },
		});
		expect(leakedSecrets(JSON.stringify([sender, receiver]), secretForms(stack.secrets))).toEqual(
			[],
		);
	});
});

describe('exactly once across webhook processes', () => {
	const send = (url: string, delivery: ReturnType<typeof newJobDelivery>) =>
		http(url, { method: 'POST', headers: delivery.headers, body: delivery.body });

	it('10 copies at the same moment with the job’s routing key (as Deepgram sends them): one process, one execution', async () => {
		const delivery = newJobDelivery(1);
		const url = `${RECEIVE_URL}?dg_job=${delivery.key}`;
		const answers = await Promise.all(Array.from({ length: 10 }, () => send(url, delivery)));
		expect(answers.map((a) => a.status)).toEqual(new Array(10).fill(200));
		expect(answers.filter((a) => a.json.started === true)).toHaveLength(1);
		await waitFor('its execution', async () =>
			(await receiverRunsFor(delivery.requestId)).length ? true : undefined,
		);
		await new Promise((resolve) => setTimeout(resolve, 2000));
		expect(await receiverRunsFor(delivery.requestId)).toHaveLength(1);
	});

	it('without a routing key, copies at the same moment land on both processes: measured, not promised', async () => {
		const delivery = newJobDelivery(2);
		const answers = await Promise.all(
			Array.from({ length: 10 }, () => send(RECEIVE_URL, delivery)),
		);
		expect(answers.map((a) => a.status)).toEqual(new Array(10).fill(200));
		const started = answers.filter((a) => a.json.started === true).length;
		console.log(
			`queue mode, 10 simultaneous copies without dg_job, round robin over 2 webhook processes: ${started} started`,
		);
		expect(started).toBeGreaterThanOrEqual(1);
		expect(started).toBeLessThanOrEqual(2);
	});

	it('a redelivery 2 s later on the other process (no routing key) is recognised: one execution', async () => {
		const delivery = newJobDelivery(3);
		const first = await send(direct('webhook-1', RECEIVE_URL), delivery);
		expect(first.json).toMatchObject({ started: true });
		await new Promise((resolve) => setTimeout(resolve, 2000));
		const second = await send(direct('webhook-2', RECEIVE_URL), delivery);
		expect(second.json).toMatchObject({ started: false, reason: 'already delivered' });
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await receiverRunsFor(delivery.requestId)).toHaveLength(1);
	});

	it('forged deliveries are refused by either process, with no execution', async () => {
		const delivery = newJobDelivery(4);
		delivery.body.metadata.extra.callback_secret = 'not-the-secret';
		for (const name of ['webhook-1', 'webhook-2']) {
			const answer = await send(direct(name, RECEIVE_URL), delivery);
			expect([name, answer.status, answer.json]).toEqual([
				name,
				403,
				{ code: 403, message: 'Callback rejected: not authorized' },
			]);
		}
		expect(await receiverRunsFor(delivery.requestId)).toHaveLength(0);
	});
});

describe('the dg-token check with the key id looked up by main on publish', () => {
	it('a webhook process accepts the right dg-token and refuses a wrong one', async () => {
		const first = stack.emulator.callbacks.find((c) => c.status === 200)!;
		const body = JSON.parse(JSON.stringify(first.body));
		body.metadata.request_id = '4a6b8c0d-0000-4000-8000-0000000000d9';
		delete body.metadata.extra.idempotency_key;
		const headers = { authorization: first.headers.authorization };
		const wrong = await http(DG_TOKEN_RECEIVE_URL, {
			method: 'POST',
			headers: { ...headers, 'dg-token': 'not-the-key-id' },
			body,
		});
		expect(wrong.status).toBe(403);
		const right = await http(DG_TOKEN_RECEIVE_URL, {
			method: 'POST',
			headers: { ...headers, 'dg-token': stack.key.id },
			body,
		});
		expect([right.status, right.json.started]).toEqual([200, true]);
		const [run] = await waitForExecutions(stack.api, WF.dgTokenReceiver, 1);
		expect(whoRan(run.id).ranOn[0]).toMatch(/^worker-[12]$/);
	});
});

describe('Wait for Callback in queue mode', () => {
	const START_URL = `${WEBHOOK_BASE}webhook/e2e-transcribe-and-wait`;
	let timeLimited: Promise<Execution>;
	let limitedRequestId: string;

	const startRun = async (audio: string, job: string, timeLimitSeconds: number) => {
		const answer = await http(START_URL, {
			method: 'POST',
			body: { audioUrl: gate.url(audio), job, timeLimitSeconds },
		});
		if (answer.status !== 200) throw new Error(`start: ${answer.status} ${answer.text}`);
		const waiting = await executionWhere(
			stack.api,
			WF.wait,
			`the run for ${job} to wait`,
			(e) => e.status === 'waiting' && JSON.stringify(e.data).includes(job),
		);
		return {
			id: waiting.id,
			requestId: nodeItems(waiting, 'Deepgram Transcribe (wait)')[0].request_id as string,
		};
	};

	beforeAll(async () => {
		requireStack();
		// Started first: n8n's wait tracker (on main) looks for expired waits once a minute.
		const limited = await startRun('queue-never.wav', 'queue-wait-limit', 5);
		limitedRequestId = limited.requestId;
		timeLimited = executionWith(WF.wait, 'error', limited.id, 150_000);
		timeLimited.catch(() => {});
	}, 60_000);

	it('waits in PostgreSQL, refuses forged calls through a webhook process, and a worker resumes it with the transcript', async () => {
		const { id, requestId } = await startRun('queue-held.wav', 'queue-wait-1', 600);
		const record = stack.emulator.served.find((r) => r.request_id === requestId)!;
		const resumeUrl = new URL(record.callbackUrl!);
		resumeUrl.username = '';
		resumeUrl.password = '';
		const genuine = (secret: string | null) => ({
			metadata: {
				request_id: requestId,
				extra: secret === null ? {} : { callback_secret: secret },
			},
			results: { channels: [{ alternatives: [{ transcript: 'forged', confidence: 1 }] }] },
		});
		const rightAuth = basic(stack.secrets.callbackUser, stack.secrets.callbackPassword);
		const forged = [
			await http(resumeUrl.href, { method: 'POST', body: genuine(null) }),
			await http(resumeUrl.href, {
				method: 'POST',
				headers: { authorization: rightAuth },
				body: genuine('not-the-secret'),
			}),
		];
		expect(forged.map((a) => a.status)).toEqual([401, 403]);
		expect((await stack.api.call('GET', `/executions/${id}`)).status).toBe('waiting');

		gate.release('queue-held.wav');
		const done = await executionWith(WF.wait, 'success', id);
		expect(nodeItems(done, 'Transcript')).toEqual([
			{ request_id: requestId, job_id: 'queue-wait-1', transcript: SAMPLE.transcript },
		]);
		expect(whoRan(id).ranOn.length).toBeGreaterThanOrEqual(1);
		const attempts = stack.emulator.callbacks.filter((c) => c.requestId === requestId);
		expect(attempts.filter((c) => c.status === 200)).toHaveLength(1);
	}, 120_000);

	it('the time limit fails the waiting node, naming the request_id', async () => {
		const failed = await timeLimited;
		expect((failed.data?.resultData.error as { message: string }).message).toBe(
			`No callback from Deepgram for request_id ${limitedRequestId} within 5 seconds`,
		);
	}, 160_000);
});

describe('Usage by Tag in queue mode', () => {
	it('runs on a worker and counts the transcriptions tagged "queue"', async () => {
		const answer = await http(`${WEBHOOK_BASE}webhook/queue-usage`, { method: 'POST', body: {} });
		expect(answer.status).toBe(200);
		const done = await executionWith(WF.usage, 'success');
		expect(whoRan(done.id).ranOn[0]).toMatch(/^worker-[12]$/);
		const queueTag = nodeItems(done, 'Usage per tag, today').find((item) => item.tag === 'queue');
		const tagged = stack.emulator.served.filter((r) => r.tags.includes('queue') && r.code === 200);
		expect(queueTag).toMatchObject({ requests: tagged.length });
	});

	it('its project picker lists the key’s projects from main', async () => {
		const cookie = stack.n8n.session!.cookie;
		const answer = await http(
			`${stack.n8n.baseUrl}/rest/dynamic-node-parameters/resource-locator-results`,
			{
				method: 'POST',
				headers: { cookie },
				body: {
					methodName: 'searchProjects',
					path: 'project',
					nodeTypeAndVersion: {
						name: 'n8n-nodes-deepgram-callback.deepgramUsageByTag',
						version: 1,
					},
					currentNodeParameters: { operation: 'usagePerTag' },
					credentials: { deepgramApi: { id: 'dgDevEmulatorCrd', name: 'Deepgram (emulator)' } },
				},
			},
		);
		expect([
			answer.status,
			answer.json?.data?.results?.map((r: { value: string }) => r.value),
		]).toEqual([200, [stack.key.projectId]]);
	});
});

describe('restarts mid-run: no callback lost, none run twice', () => {
	it('a webhook process restarting while Deepgram delivers: HAProxy routes only to ready processes, each job runs once', async () => {
		const jobs: string[] = [];
		const probes = await probeDuring(async (phase) => {
			await stack.queue.restart(webhookProcess('webhook-1'), async () => {
				phase('down');
				for (const job of ['queue-restart-1', 'queue-restart-2']) {
					jobs.push((await transcribeOnWorker(job)).requestId);
				}
				await waitFor('both callbacks delivered', async () =>
					jobs.every((id) =>
						stack.emulator.callbacks.some((c) => c.requestId === id && c.status === 200),
					)
						? true
						: undefined,
				);
			});
			// webhook-1 is back: deliveries go on while HAProxy's health check takes it in again.
			phase('after');
			await new Promise((resolve) => setTimeout(resolve, 3000));
		});
		expect(probes.down.length + probes.after.length).toBeGreaterThan(20);
		// While webhook-1 was down and while it came back, every probe reached a ready webhook
		// process (400 for its empty body): never n8n's 404 of a process not ready yet, nor 503.
		expect([...new Set([...probes.down, ...probes.after])]).toEqual([400]);
		// Drained before it stopped: no request reached it while it shut down either.
		expect([...new Set(probes.stopping)]).toEqual([400]);
		for (const id of jobs) {
			await waitFor(`the receiver run for ${id}`, async () =>
				(await receiverRunsFor(id)).length ? true : undefined,
			);
			expect(await receiverRunsFor(id)).toHaveLength(1);
		}
	}, 180_000);

	it('a webhook process that stops without being drained and comes back: the health check keeps its not-ready 404s away', async () => {
		const phases = await probeDuring(async (phase) => {
			await stack.queue.restart(
				webhookProcess('webhook-2'),
				async () => {
					phase('down');
					await new Promise((resolve) => setTimeout(resolve, 1500));
				},
				{ drain: false },
			);
			phase('after');
			await new Promise((resolve) => setTimeout(resolve, 3000));
		});
		const all = [...phases.stopping, ...phases.down, ...phases.after];
		console.log(
			`undrained webhook restart: ${all.length} probes, answers ${JSON.stringify(Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, [...new Set(v)]])))}`,
		);
		// n8n answers 404 for published webhooks while it starts; a Deepgram retry must never see it.
		expect(all.filter((status) => status === 404)).toEqual([]);
		expect([...new Set([...phases.down, ...phases.after])]).toEqual([400]);
	}, 180_000);

	it('a worker restarting: the other worker runs the executions, none twice', async () => {
		let requestId = '';
		await stack.queue.restart(webhookProcess('worker-1'), async () => {
			({ requestId } = await transcribeOnWorker('queue-worker-restart'));
			await waitFor('its callback', async () =>
				stack.emulator.callbacks.some((c) => c.requestId === requestId && c.status === 200)
					? true
					: undefined,
			);
			await waitFor('its receiver run', async () =>
				(await receiverRunsFor(requestId)).length ? true : undefined,
			);
		});
		await new Promise((resolve) => setTimeout(resolve, 2000));
		const runs = await receiverRunsFor(requestId);
		expect(runs).toHaveLength(1);
		expect(whoRan(runs[0].id).ranOn).toEqual(['worker-2']);
	}, 180_000);
});

describe('logs and database', () => {
	it('hold no Deepgram secret in any form: every process’s log, and a pg_dump of n8n’s database', () => {
		const forms = secretForms(stack.secrets).filter(
			(form) => !form.label.startsWith('n8n API key'),
		);
		const logs = stack.queue.logs();
		for (const [name, log] of Object.entries(logs))
			expect([name, leakedSecrets(log, forms)]).toEqual([name, []]);
		expect(leakedSecrets(stack.queue.postgres.dump(), forms)).toEqual([]);
		expect(leakedSecrets(stack.cliOutput.join('\n'), forms)).toEqual([]);
	});
});

describe('cleanup', () => {
	it('stops every process by PID and frees port 8080', async () => {
		const pids = stack.queue.processes.map((p) => p.instance.pid);
		await stack.stop();
		for (const pid of pids) expect(groupAlive(pid)).toBe(false);
		expect(await isPortFree(8080)).toBe(true);
	});
});
