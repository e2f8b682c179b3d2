/**
 * Unplanned faults in queue mode, per Acknowledge choice (issue 23): a worker killed with SIGKILL
 * while it runs receiving executions, then started again. The stack is queue.test.ts's (PostgreSQL,
 * Redis, main, 2 webhook processes, 2 workers) with short Bull lock and stalled-check settings, so
 * n8n notices the dead worker in about 37 s instead of about 113 s; the emulator retries every 6 s
 * and gives up on an answer after 10 s. Deliveries go straight to webhook-1, as Deepgram's do when
 * the balancer routes every delivery of a job to one process.
 * Needs `npm run build` first.
 */

import { join } from 'path';

import { groupAlive } from '../n8n/process-group';
import type { Execution } from './support/publicApi';
import { SAMPLE_WAV } from './support/sample';
import { startQueueStack, type QueueProcess, type QueueStack } from './support/queueStack';
import { stageTimer } from './support/stages';
import { waitFor } from './support/wait';

const WF = { finished: 'dgQueueHoldFinished', received: 'dgQueueHoldReceived' } as const;
type Choice = keyof typeof WF;
/** The "finished" receiver with the shortest Run Lease (10 s), for the Redis restart. */
const WF_LEASE = 'dgQueueHoldFinishedLease';
const JOBS_PER_CHOICE = 6;
/** Deepgram's first delivery and its 10 retries. */
const ATTEMPTS = 11;

const { timed, report } = stageTimer('e2e queue faults');

let stack: QueueStack;

beforeAll(async () => {
	stack = await timed('start the queue stack with short Bull settings', () =>
		startQueueStack(
			{ allowedCallbackPorts: null, callbackRetryDelayMs: 6000, callbackTimeoutMs: 10_000 },
			{
				n8nEnv: {
					QUEUE_WORKER_LOCK_DURATION: '5000',
					QUEUE_WORKER_LOCK_RENEW_TIME: '1000',
					QUEUE_WORKER_STALLED_INTERVAL: '2000',
				},
				workflowDirs: [join(__dirname, 'queue-fault-workflows')],
			},
		),
	);
}, 900_000);

afterAll(async () => {
	await stack?.stop();
	console.log(report());
});

const processNamed = (name: string) => stack.queue.processes.find((p) => p.name === name)!;

/** A job whose callback goes to the receiver of `choice` on webhook-1; resolves with its request_id. */
async function sendJob(choice: Choice | 'finished-lease'): Promise<string> {
	const callback = `http://127.0.0.1:${processNamed('webhook-1').port}/webhook/queue-hold-${choice}/webhook`;
	const answer = await fetch(
		`${stack.emulator.baseUrl}/v1/listen?${new URLSearchParams({ callback })}`,
		{
			method: 'POST',
			headers: {
				authorization: `Token ${stack.secrets.deepgramApiKey}`,
				'content-type': 'audio/wav',
			},
			body: SAMPLE_WAV,
		},
	);
	return ((await answer.json()) as { request_id: string }).request_id;
}

/** The execution ids `worker` has started, from its log. */
function startedOn(worker: QueueProcess): string[] {
	const log = stack.queue.logs()[worker.name] ?? '';
	return [...log.matchAll(/Worker started execution (\d+)/g)].map((match) => match[1]);
}

/** Execution id → workflow id, from the database. */
function workflowOfExecutions(): Map<string, string> {
	const rows = stack.queue.postgres.query('select id, "workflowId" from execution_entity');
	return new Map(
		rows
			.split('\n')
			.filter(Boolean)
			.map((row) => row.split('|') as [string, string]),
	);
}

const attemptsFor = (requestId: string) =>
	stack.emulator.callbacks.filter((c) => c.requestId === requestId);
const acknowledged = (requestId: string) =>
	attemptsFor(requestId).some((c) => c.status !== undefined && c.status >= 200 && c.status < 300);

/** How many successful executions of `workflowId` reached the end with each request_id. */
async function endsReached(workflowId: string, ids: string[]): Promise<Record<string, number>> {
	const executions: Execution[] = await stack.api.executions(workflowId, { includeData: true });
	const reached = Object.fromEntries(ids.map((id) => [id, 0]));
	for (const execution of executions) {
		const end = execution.data?.resultData.runData['Reached the end'];
		const id = end?.[0].data?.main[0]?.[0]?.json.request_id as string | undefined;
		if (execution.status === 'success' && id !== undefined && id in reached) reached[id]++;
	}
	return reached;
}

/** Waits until every delivery of `ids` got a 2xx or ran out of attempts. */
function allSettled(ids: string[]) {
	return waitFor(
		'every delivery acknowledged or out of attempts',
		async () =>
			ids.every((id) => acknowledged(id) || attemptsFor(id).length >= ATTEMPTS) || undefined,
		{ timeoutMs: 180_000, intervalMs: 1000 },
	);
}

/** Waits until no execution of the receivers is new or running. */
function allExecutionsEnded() {
	return waitFor(
		'every execution of the receivers to have ended',
		async () => {
			const open = stack.queue.postgres.query(
				`select count(*) from execution_entity where "workflowId" in ('${WF.finished}', '${WF.received}') and status in ('new', 'running')`,
			);
			return open === '0' || undefined;
		},
		{ timeoutMs: 120_000, intervalMs: 1000 },
	);
}

/** One line per job: how often it reached the end, and Deepgram's attempts. */
function outcomeLines(
	jobs: Record<Choice, string[]>,
	reached: Record<Choice, Record<string, number>>,
): string[] {
	const attempts = (id: string) =>
		attemptsFor(id)
			.map((c) => c.status ?? c.error)
			.join(' ');
	return (['finished', 'received'] as const).flatMap((choice) =>
		jobs[choice].map(
			(id) => `${choice} ${id}: reached the end ${reached[choice][id]}×, attempts: ${attempts(id)}`,
		),
	);
}

const failedExecutions = async (choice: Choice) =>
	(await stack.api.executions(WF[choice])).filter((e) => e.status === 'error').length;

describe('a worker killed with SIGKILL while it runs receiving executions, then started again', () => {
	const jobs: Record<Choice, string[]> = { finished: [], received: [] };
	let victim: QueueProcess;
	/** The victim's executions per choice when it was killed, as far as its log said. */
	const killedRuns: Record<Choice, string[]> = { finished: [], received: [] };
	const reached: Record<Choice, Record<string, number>> = { finished: {}, received: {} };
	let failedReceived = 0;

	beforeAll(async () => {
		if (!stack) throw new Error('the suite did not start (see the setup error above)');
		for (let i = 0; i < JOBS_PER_CHOICE; i++) {
			jobs.finished.push(await sendJob('finished'));
			jobs.received.push(await sendJob('received'));
		}
		// Kill the worker once it runs executions of both receivers (each run holds 5 s).
		const workers = stack.queue.processes.filter((p) => p.role === 'worker');
		victim = await waitFor(
			'a worker running executions of both receivers',
			async () => {
				const workflowOf = workflowOfExecutions();
				return workers.find((worker) => {
					const started = startedOn(worker).map((id) => workflowOf.get(id));
					return started.includes(WF.finished) && started.includes(WF.received);
				});
			},
			{ timeoutMs: 20_000, intervalMs: 100 },
		);
		process.kill(-victim.instance.pid, 'SIGKILL');
		const workflowOf = workflowOfExecutions();
		for (const id of startedOn(victim)) {
			if (workflowOf.get(id) === WF.finished) killedRuns.finished.push(id);
			if (workflowOf.get(id) === WF.received) killedRuns.received.push(id);
		}

		await timed('SIGKILL a worker, start it again, every delivery settled', async () => {
			await stack.queue.restart(victim);
			await allSettled(jobs.finished);
			// The "received" runs on the killed worker end once n8n declares their jobs stalled.
			await allExecutionsEnded();
		});
		reached.finished = await endsReached(WF.finished, jobs.finished);
		reached.received = await endsReached(WF.received, jobs.received);
		failedReceived = await failedExecutions('received');
		console.log(
			[
				`killed ${victim.name} running ${killedRuns.finished.length} "finished" and ${killedRuns.received.length} "received" executions (by its log)`,
				...outcomeLines(jobs, reached),
			].join('\n'),
		);
	}, 420_000);

	it('the worker ran executions of both receivers when it was killed', () => {
		expect(killedRuns.finished.length).toBeGreaterThan(0);
		expect(killedRuns.received.length).toBeGreaterThan(0);
	});

	it('When the Workflow Has Finished: every job’s result reached the end, none lost', () => {
		expect(jobs.finished.filter((id) => reached.finished[id] === 0)).toEqual([]);
		expect(jobs.finished.every(acknowledged)).toBe(true);
		// At least once: the report above says how many ran twice (none expected with one webhook process).
		const twice = jobs.finished.filter((id) => reached.finished[id] > 1);
		console.log(`"finished": ${twice.length} of ${JOBS_PER_CHOICE} ran twice`);
	});

	it('When the Workflow Has Finished: the runs n8n lost with the worker were answered non-2xx, then delivered again', () => {
		const retried = jobs.finished.filter((id) => attemptsFor(id).length > 1);
		expect(retried.length).toBeGreaterThanOrEqual(killedRuns.finished.length);
		for (const id of retried) expect(attemptsFor(id)[0].status).not.toBe(200);
	});

	it('When Received: every delivery was answered 200 at once, and the runs on the killed worker are lost', () => {
		for (const id of jobs.received) expect(attemptsFor(id).map((c) => c.status)).toEqual([200]);
		const lost = jobs.received.filter((id) => reached.received[id] === 0);
		console.log(`"received": ${lost.length} of ${JOBS_PER_CHOICE} lost`);
		// Lost: every run the worker had taken (started, or queued to it and not yet started); n8n
		// replaced their executions' data with the stall error.
		expect(lost.length).toBeGreaterThanOrEqual(killedRuns.received.length);
		expect(lost).toHaveLength(failedReceived);
	});
});

describe('a webhook process killed with SIGKILL while deliveries are in flight, then started again', () => {
	const JOBS = 3;
	const jobs: Record<Choice, string[]> = { finished: [], received: [] };
	const reached: Record<Choice, Record<string, number>> = { finished: {}, received: {} };

	beforeAll(async () => {
		if (!stack) throw new Error('the suite did not start (see the setup error above)');
		const before = new Set((await stack.api.executions(WF.finished)).map((e) => e.id));
		for (let i = 0; i < JOBS; i++) {
			jobs.finished.push(await sendJob('finished'));
			jobs.received.push(await sendJob('received'));
		}
		// In flight: every "received" delivery answered, every "finished" run started on a worker
		// (each holds 5 s), their requests still open on webhook-1.
		await waitFor(
			'the deliveries to be in flight',
			async () => {
				const running = (await stack.api.executions(WF.finished)).filter(
					(e) => !before.has(e.id) && e.status === 'running',
				);
				return (running.length === JOBS && jobs.received.every(acknowledged)) || undefined;
			},
			{ timeoutMs: 20_000, intervalMs: 100 },
		);
		const target = processNamed('webhook-1');
		process.kill(-target.instance.pid, 'SIGKILL');
		await timed(
			'SIGKILL webhook-1 with runs in flight, start it again, deliveries settled',
			async () => {
				await stack.queue.restart(target, undefined, { drain: false });
				await allSettled(jobs.finished);
				await allExecutionsEnded();
			},
		);
		reached.finished = await endsReached(WF.finished, jobs.finished);
		reached.received = await endsReached(WF.received, jobs.received);
		console.log(outcomeLines(jobs, reached).join('\n'));
	}, 300_000);

	it('When the Workflow Has Finished: every result reached the end (those whose answer died with the process ran again)', () => {
		expect(jobs.finished.filter((id) => reached.finished[id] === 0)).toEqual([]);
		expect(jobs.finished.every(acknowledged)).toBe(true);
		const twice = jobs.finished.filter((id) => reached.finished[id] > 1);
		console.log(`webhook SIGKILL, "finished": ${twice.length} of ${JOBS} ran twice`);
		// The first attempt lost its connection: Deepgram delivered again, to a process without memory.
		for (const id of jobs.finished) expect(attemptsFor(id)[0].status).toBeUndefined();
	});

	it('When Received: every delivery had its 200 before the kill, and every run reached the end', () => {
		for (const id of jobs.received) expect(attemptsFor(id).map((c) => c.status)).toEqual([200]);
		expect(jobs.received.filter((id) => reached.received[id] !== 1)).toEqual([]);
	});
});

describe('Redis restarted (no persistence: the queue is lost) while runs are in flight and deliveries arrive', () => {
	const JOBS = 3;
	/** "finished" here is the receiver with Run Lease 10 s. */
	const jobs: Record<Choice, string[]> = { finished: [], received: [] };
	const whileDown: Record<Choice, string[]> = { finished: [], received: [] };
	const reached: Record<Choice, Record<string, number>> = { finished: {}, received: {} };

	beforeAll(async () => {
		if (!stack) throw new Error('the suite did not start (see the setup error above)');
		const before = new Set((await stack.api.executions(WF_LEASE)).map((e) => e.id));
		for (let i = 0; i < JOBS; i++) {
			jobs.finished.push(await sendJob('finished-lease'));
			jobs.received.push(await sendJob('received'));
		}
		await waitFor(
			'the runs to be in flight',
			async () => {
				const running = (await stack.api.executions(WF_LEASE)).filter(
					(e) => !before.has(e.id) && e.status === 'running',
				);
				return (running.length === JOBS && jobs.received.every(acknowledged)) || undefined;
			},
			{ timeoutMs: 20_000, intervalMs: 100 },
		);
		await timed('restart Redis with runs in flight, deliveries settled', async () => {
			await stack.queue.restartRedis(async () => {
				// Jobs whose first delivery arrives while Redis is down (about 2 s: n8n's processes give up
				// on a Redis that stays away for QUEUE_BULL_REDIS_TIMEOUT_THRESHOLD, 10 s by default).
				whileDown.finished.push(await sendJob('finished-lease'));
				whileDown.received.push(await sendJob('received'));
				await new Promise((resolve) => setTimeout(resolve, 1500));
			});
			jobs.finished.push(...whileDown.finished);
			jobs.received.push(...whileDown.received);
			await allSettled(jobs.finished);
			// The "received" runs: wait until each reached the end, or give up after a while (lost).
			await waitFor(
				'the "received" runs to reach the end',
				async () => {
					const counts = await endsReached(WF.received, jobs.received);
					return jobs.received.every((id) => counts[id] > 0) || undefined;
				},
				{ timeoutMs: 30_000, intervalMs: 1000 },
			).catch(() => undefined);
		});
		reached.finished = await endsReached(WF_LEASE, jobs.finished);
		reached.received = await endsReached(WF.received, jobs.received);
		console.log(
			[
				`Redis restart; delivered while down: ${[...whileDown.finished, ...whileDown.received].join(', ')}`,
				`n8n processes alive: ${stack.queue.processes.map((p) => `${p.name} ${groupAlive(p.instance.pid) ? 'yes' : 'NO'}`).join(', ')}`,
				...outcomeLines(jobs, reached),
			].join('\n'),
		);
	}, 300_000);

	it('When the Workflow Has Finished (Run Lease 10 s): every result reached the end', () => {
		expect(jobs.finished.filter((id) => reached.finished[id] === 0)).toEqual([]);
		expect(jobs.finished.every(acknowledged)).toBe(true);
		const twice = jobs.finished.filter((id) => reached.finished[id] > 1);
		console.log(`Redis restart, "finished": ${twice.length} of ${jobs.finished.length} ran twice`);
	});

	it('When Received: every delivery was answered 200 at once; the report says how many were lost', () => {
		for (const id of jobs.received) expect(attemptsFor(id).map((c) => c.status)).toEqual([200]);
		const lost = jobs.received.filter((id) => reached.received[id] === 0);
		console.log(`Redis restart, "received": ${lost.length} of ${jobs.received.length} lost`);
	});
});
