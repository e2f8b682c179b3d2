/** Polling helpers: a deadline only bounds how long a failing test waits; no test asserts on time. */
import type { Execution, PublicApi } from './publicApi';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor<T>(
	what: string,
	probe: () => Promise<T | undefined>,
	{ timeoutMs = 30_000, intervalMs = 200 } = {},
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
		await sleep(intervalMs);
	}
}

const DONE = new Set(['success', 'error', 'crashed', 'canceled']);

/** The workflow's executions once at least `count` exist and all have finished (newest first). */
export function waitForExecutions(
	api: PublicApi,
	workflowId: string,
	count: number,
	{ includeData = true, timeoutMs = 30_000 } = {},
): Promise<Execution[]> {
	return waitFor(
		`${count} finished execution(s) of workflow ${workflowId}`,
		async () => {
			const executions = await api.executions(workflowId, { includeData });
			return executions.length >= count && executions.every((e) => DONE.has(e.status))
				? executions
				: undefined;
		},
		{ timeoutMs },
	);
}

/** The items a node output in an execution's run data (first run, output `output`). */
export function nodeItems(execution: Pick<Execution, 'data'>, node: string, output = 0): any[] {
	const runs = execution.data?.resultData.runData[node];
	if (!runs) {
		const nodes = Object.keys(execution.data?.resultData.runData ?? {});
		throw new Error(`node "${node}" did not run (ran: ${nodes.join(', ') || 'nothing'})`);
	}
	return (runs[0].data?.main[output] ?? []).map((item) => item.json);
}

/** The newest execution of `workflowId` that `match` accepts, once there is one (public API, with data). */
export function executionWhere(
	api: PublicApi,
	workflowId: string,
	what: string,
	match: (execution: Execution) => boolean,
	{ timeoutMs = 30_000, intervalMs = 200 } = {},
): Promise<Execution> {
	return waitFor(
		`${what} (workflow ${workflowId})`,
		async () => (await api.executions(workflowId, { includeData: true })).find(match),
		{ timeoutMs, intervalMs },
	);
}

/** An execution of `workflowId` with `status` (and `id`, when given). */
export function executionWith(
	api: PublicApi,
	workflowId: string,
	status: string,
	{ id, timeoutMs = 30_000 }: { id?: string; timeoutMs?: number } = {},
): Promise<Execution> {
	return executionWhere(
		api,
		workflowId,
		`an execution with status ${status}${id ? ` (${id})` : ''}`,
		(execution) => execution.status === status && (id === undefined || execution.id === id),
		{ timeoutMs },
	);
}

/** The failed execution of `workflowId` whose error names `requestId`. */
export function failedNaming(
	api: PublicApi,
	workflowId: string,
	requestId: string,
	options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<Execution> {
	return executionWhere(
		api,
		workflowId,
		`the execution for ${requestId} to fail`,
		(execution) =>
			execution.status === 'error' &&
			JSON.stringify(execution.data?.resultData.error).includes(requestId),
		options,
	);
}
