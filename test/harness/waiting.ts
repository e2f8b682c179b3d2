import './env';

import { timingSafeEqual } from 'crypto';
import { createServer, type Server } from 'http';
import { WebhookContext, WorkflowExecute } from 'n8n-core';
import type {
	INode,
	INodeExecutionData,
	INodeType,
	IRun,
	IRunExecutionData,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';
import { createRunExecutionData } from 'n8n-workflow';

import { listenOnCallbackPort } from './callbackReceiver';
import {
	createAdditionalData,
	createWorkflow,
	harnessNodeTypes,
	initBinaryData,
	type Credentials,
} from './engine';
import { expressLike, parseLikeN8n, readBody, type WebhookRequest } from './webhook';

/** n8n-core's WAITING_TOKEN_QUERY_PARAM: the resume token's query parameter in 2.x. */
const RESUME_TOKEN_PARAM = 'signature';

export type HarnessExecutionStatus = 'running' | 'waiting' | 'success' | 'error';

/** An execution as n8n keeps it between runs: its data as saved (a JSON copy), and its status. */
export interface HarnessExecution {
	id: string;
	status: HarnessExecutionStatus;
	/** The last run's result; `run.data` is the saved execution data. */
	run: IRun;
	/** Output items of a node's last run (first output). */
	items(nodeName: string): INodeExecutionData[];
	/** The execution's error, once it failed. */
	error: IRun['data']['resultData']['error'];
}

export interface WaitingServer {
	/** Where the server listens, on a port Deepgram calls back to (8080 or 8443). */
	baseUrl: string;
	/** Runs a workflow, as runWorkflow does, until it finishes or waits. */
	start(
		workflowData: Pick<IWorkflowBase, 'nodes' | 'connections'> & Partial<IWorkflowBase>,
		options: { credentials: Credentials; input?: INodeExecutionData[]; startNode?: string },
	): Promise<HarnessExecution>;
	execution(id: string): HarnessExecution;
	/** Resolves once the execution is no longer running (after a call resumed it). */
	settled(id: string): Promise<HarnessExecution>;
	/** Resumes a waiting execution as n8n's wait tracker does when its time limit has passed. */
	expire(id: string): Promise<HarnessExecution>;
	stop(): Promise<void>;
}

interface Stored {
	id: string;
	workflow: Workflow;
	credentials: Credentials;
	status: HarnessExecutionStatus;
	run: IRun;
	/** The run in progress, if any. */
	running?: Promise<void>;
}

/** What n8n's database keeps: a JSON copy (errors become plain objects through their toJSON). */
function saved<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

function statusOf(run: IRun): HarnessExecutionStatus {
	if (run.data.resultData.error) return 'error';
	return run.waitTill ? 'waiting' : 'success';
}

function view(stored: Stored): HarnessExecution {
	return {
		id: stored.id,
		status: stored.status,
		run: stored.run,
		items: (nodeName) =>
			stored.run.data.resultData.runData[nodeName]?.at(-1)?.data?.main?.[0] ?? [],
		error: stored.run.data.resultData.error,
	};
}

function tokenMatches(given: string | null, expected: string | undefined): boolean {
	if (!given || !expected || given.length !== expected.length) return false;
	return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/**
 * A stand-in for n8n 2.41's waiting executions, on a real loopback HTTP port: executions run
 * through n8n-core's WorkflowExecute, and a call to `/webhook-waiting/<id>[/<suffix>]` is handled
 * as n8n's WaitingWebhooks handler does (packages/cli/src/webhooks/waiting-webhooks.ts): resume
 * token checked (401), a running or finished execution refused (409), the saved data loaded, the
 * waiting node disabled and its waiting run dropped, its restart webhook's `webhook()` run through
 * n8n-core's WebhookContext, and, when that returns `workflowData`, the execution resumed with it
 * as the node's output. `expire` is n8n's wait tracker: the saved execution runs again with its
 * `waitTill` still set, which WorkflowExecute treats as a time limit that passed.
 */
export async function startWaitingServer(): Promise<WaitingServer> {
	await initBinaryData();
	const executions = new Map<string, Stored>();
	let baseUrl = '';

	const additionalDataFor = (
		stored: Pick<Stored, 'id' | 'workflow' | 'credentials'>,
		extra: Partial<IWorkflowExecuteAdditionalData> = {},
	) =>
		createAdditionalData(stored.credentials, stored.workflow, {
			executionId: stored.id,
			webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
			...extra,
		});

	const runFrom = (stored: Stored, data: IRunExecutionData) => {
		stored.status = 'running';
		stored.running = (async () => {
			const run = await new WorkflowExecute(
				additionalDataFor(stored),
				'manual',
				data,
			).processRunExecutionData(stored.workflow);
			stored.run = saved(run);
			stored.status = statusOf(run);
		})();
		return stored.running;
	};

	const find = (id: string) => {
		const stored = executions.get(id);
		if (!stored) throw new Error(`no execution ${id}`);
		return stored;
	};

	/** Answers like n8n's WaitingWebhooks; returns once the answer is sent. */
	async function handle(request: WebhookRequest, res: ReturnType<typeof expressLike>) {
		const url = new URL(request.url ?? '/', baseUrl);
		const [, prefix, executionId, suffix] = url.pathname.split('/');
		const stored = executions.get(executionId ?? '');
		if (prefix !== 'webhook-waiting' || !stored) {
			res.status(404).json({ message: `The execution "${executionId}" does not exist.` });
			return;
		}
		if (
			stored.run.data.resumeToken &&
			!tokenMatches(url.searchParams.get(RESUME_TOKEN_PARAM), stored.run.data.resumeToken)
		) {
			res.status(401).json({ error: 'Invalid token' });
			return;
		}
		if (stored.status !== 'waiting') {
			const state = stored.status === 'running' ? 'is running already' : 'has finished already';
			res.status(409).json({ message: `The execution "${executionId}" ${state}.` });
			return;
		}

		const data = saved(stored.run.data);
		const entry = data.executionData!.nodeExecutionStack[0];
		entry.node.disabled = true;
		data.waitTill = undefined;
		const lastNode = data.resultData.lastNodeExecuted as string;
		data.resultData.runData[lastNode].pop();

		const node = stored.workflow.getNode(lastNode) as INode;
		const nodeType = harnessNodeTypes().getByNameAndVersion(node.type) as INodeType;
		const description = (nodeType.description.webhooks ?? []).find(
			(webhook) =>
				webhook.restartWebhook === true &&
				webhook.httpMethod === request.method &&
				String(webhook.path ?? '') === (suffix ?? ''),
		);
		if (!description) {
			res.status(404).json({
				message: `The workflow for execution "${executionId}" does not contain a waiting webhook with a matching path/method.`,
			});
			return;
		}
		const additionalData = additionalDataFor(stored, {
			httpRequest: request,
			httpResponse: res,
		} as unknown as Partial<IWorkflowExecuteAdditionalData>);
		const webhookData: IWebhookData = {
			httpMethod: description.httpMethod as IWebhookData['httpMethod'],
			node: node.name,
			path: String(description.path ?? ''),
			webhookDescription: description,
			workflowId: stored.workflow.id,
			workflowExecuteAdditionalData: additionalData,
		};
		const context = new WebhookContext(
			stored.workflow,
			node,
			additionalData,
			'webhook',
			webhookData,
			[],
			data,
		);
		let result: IWebhookResponseData;
		try {
			result = await nodeType.webhook!.call(context);
		} catch (error) {
			// n8n answers 500 and resumes the execution with the error: a waiting node's webhook must
			// never throw, so the stand-in only answers.
			res.status(500).json({ message: (error as Error).message });
			return;
		}
		if (!res.writableEnded) {
			if (result.noWebhookResponse) res.end();
			else res.status(200).json(result.webhookResponse ?? { message: 'Webhook call received' });
		}
		if (!result.workflowData) return;
		entry.data.main = result.workflowData;
		entry.metadata = { ...entry.metadata, forwardAllOutputs: true };
		void runFrom(stored, data);
	}

	const server: Server = createServer(async (req, rawRes) => {
		const res = expressLike(rawRes);
		const raw = await readBody(req);
		const parsed = parseLikeN8n(raw, req.headers['content-type']);
		const url = new URL(req.url ?? '/', baseUrl);
		const request = Object.assign(req, {
			body: parsed?.body ?? {},
			rawBody: raw,
			query: Object.fromEntries(url.searchParams),
			params: {},
			contentType: req.headers['content-type']?.split(';')[0],
		}) as WebhookRequest;
		if (!parsed) {
			res.status(422).json({ code: 422, message: 'Failed to parse request body' });
			return;
		}
		await handle(request, res);
	});
	baseUrl = await listenOnCallbackPort(server);

	return {
		baseUrl,
		async start(workflowData, options) {
			const workflow = createWorkflow(workflowData);
			// The harness numbers executions as it creates their additionalData.
			const { executionId } = createAdditionalData(options.credentials, workflow);
			const stored: Stored = {
				id: executionId as string,
				workflow,
				credentials: options.credentials,
				status: 'running',
				run: undefined as unknown as IRun,
			};
			executions.set(stored.id, stored);
			const startNode = options.startNode
				? workflow.getNode(options.startNode)
				: workflowData.nodes[0];
			if (!startNode) throw new Error(`No start node "${options.startNode}" in the workflow`);
			await runFrom(
				stored,
				createRunExecutionData({
					executionData: {
						nodeExecutionStack: [
							{
								node: startNode,
								data: { main: [options.input ?? [{ json: {} }]] },
								source: null,
							},
						],
					},
				}),
			);
			return view(stored);
		},
		execution: (id) => view(find(id)),
		async settled(id) {
			const stored = find(id);
			while (stored.running && stored.status === 'running') await stored.running;
			return view(stored);
		},
		async expire(id) {
			const stored = find(id);
			if (stored.status !== 'waiting') throw new Error(`execution ${id} is ${stored.status}`);
			await runFrom(stored, saved(stored.run.data));
			return view(stored);
		},
		stop: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
