import { createHash } from 'crypto';
import type { IExecuteFunctions } from 'n8n-workflow';

/** Where a node run's items are sent from: n8n instance, workflow, node, execution, run. */
export interface SubmissionScope {
	instanceId: string;
	workflowId: string;
	nodeId: string;
	executionId: string;
	runIndex: number;
}

/** Read once per node run. */
export function submissionScope(this: IExecuteFunctions): SubmissionScope {
	const node = this.getNode();
	const runIndex = Number(this.getWorkflowDataProxy(0).$runIndex);
	return {
		instanceId: this.getInstanceId(),
		workflowId: this.getWorkflow().id ?? '',
		nodeId: node.id ?? node.name,
		executionId: this.getExecutionId() ?? 'manual',
		runIndex: Number.isInteger(runIndex) ? runIndex : 0,
	};
}

const digest = (parts: unknown[], length: number) =>
	createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, length);

/**
 * One item's submission key: sent as extra (and, to n8n's own webhooks, as `dg_job`) so that
 * every job Deepgram accepts for the item calls back with it and receivers run once per key, and
 * used to recognise a job this n8n process already sent (./acceptedJobs.ts).
 *
 * Without `userKey` it is the same for one item of one node run across n8n's Retry On Fail (the
 * execution, node, run index and item), and differs between loops, sibling nodes and workflows;
 * the execution and item stay readable to trace it. A `userKey` (an expression such as a file
 * name) keeps it across executions too, within the node. `request` (what is asked of Deepgram,
 * without the credential's values) is part of it, so changing an option makes a new job, never
 * one mistaken for an earlier one. Holds no secret.
 */
export function submissionKey(
	scope: SubmissionScope,
	itemIndex: number,
	request: unknown,
	userKey?: string,
): string {
	const node = [scope.instanceId, scope.workflowId, scope.nodeId];
	if (userKey) return `n8n-key-${digest([...node, userKey, request], 24)}`;
	const run = [scope.executionId, scope.runIndex, itemIndex];
	return `n8n-${scope.executionId}-${itemIndex}-${digest([...node, ...run, request], 12)}`;
}
