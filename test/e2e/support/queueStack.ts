/**
 * The end-to-end stack in n8n's queue mode: the same emulator, credential and workflows as
 * stack.ts, with n8n as PostgreSQL + Redis + main + 2 webhook processes + 2 workers behind HAProxy
 * on 127.0.0.1:8080 (test/queue/stack.js), the queue-mode workflows of test/e2e/queue-workflows
 * included.
 */
import { join } from 'path';

import { startQueueMain, waitForWebhook } from '../../queue/stack';
import {
	N8N_PORT,
	provisionStack,
	SUITE_WORKFLOWS_DIR,
	type PreparedWorkflow,
	type Stack,
} from './stack';

export type QueueMain = Awaited<ReturnType<typeof startQueueMain>>;
export type QueueProcess = QueueMain['processes'][number];
export interface QueueStack extends Stack {
	queue: QueueMain;
}

const QUEUE_WORKFLOWS_DIR = join(__dirname, '..', 'queue-workflows');
const TRIGGER_TYPE = 'n8n-nodes-deepgram-callback.deepgramCallbackTrigger';

/** The production paths of the published Deepgram Callback Triggers (safe to probe: `{}` starts nothing). */
function triggerPaths(workflows: PreparedWorkflow[]): string[] {
	return workflows
		.filter((w) => w.publish)
		.flatMap(({ workflow }) => workflow.nodes)
		.filter((node) => node.type === TRIGGER_TYPE && node.webhookId)
		.map((node) => `webhook/${node.webhookId}/webhook`);
}

/**
 * `n8nEnv` is added to every n8n process's environment; `workflowDirs` are imported besides the
 * suite's and the queue-mode workflows.
 */
export async function startQueueStack(
	emulatorOptions: Parameters<typeof provisionStack>[0] = {},
	{
		n8nEnv = {},
		workflowDirs = [],
	}: { n8nEnv?: Record<string, string>; workflowDirs?: string[] } = {},
): Promise<QueueStack> {
	let queue: QueueMain | undefined;
	const stack = await provisionStack(
		emulatorOptions,
		async (tarball, env) => {
			queue = await startQueueMain({ tarball, balancerPort: N8N_PORT, env: { ...env, ...n8nEnv } });
			const started = queue;
			return {
				n8n: started.main,
				async afterPublish(workflows) {
					const tier = await started.startTier();
					const ports = tier.filter((p) => p.role === 'webhook').map((p) => p.port);
					// A new webhook process answers 404 for published webhooks until it has loaded them.
					for (const path of triggerPaths(workflows)) await waitForWebhook(path, ports);
				},
				stop: () => started.stop(),
			};
		},
		[SUITE_WORKFLOWS_DIR, QUEUE_WORKFLOWS_DIR, ...workflowDirs],
	);
	return { ...stack, queue: queue! };
}
