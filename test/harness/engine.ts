import './env';

import { createReadStream } from 'fs';
import { BinaryDataService, ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IBinaryData,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	IRun,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';

import { HarnessCredentialsHelper } from './credentialsHelper';
import { HarnessNodeTypes } from './nodeTypes';

export type Credentials = Record<string, ICredentialDataDecryptedObject>;

/**
 * n8n-core's own copy of the DI container: dev tooling pulls an older @n8n/di to the top of
 * node_modules, and services registered in one copy are unknown to the other.
 */
const { Container } = require(
	require.resolve('@n8n/di', { paths: [require.resolve('n8n-core')] }),
) as typeof import('@n8n/di');

let binaryDataReady: Promise<void> | undefined;
/** Binary data in filesystem mode, as a default n8n keeps it. */
export function initBinaryData(): Promise<void> {
	binaryDataReady ??= Container.get(BinaryDataService).init();
	return binaryDataReady;
}

/**
 * A file's binary data as n8n's filesystem mode stores it (copied by n8n-core's own
 * BinaryDataService from a stream), so an item carries only its id.
 */
export async function storeBinaryFile(
	path: string,
	mimeType: string,
	fileName = 'audio.wav',
): Promise<IBinaryData> {
	await initBinaryData();
	return await Container.get(BinaryDataService).store(
		{ type: 'execution', workflowId: 'harness-workflow', executionId: 'harness-binary' },
		createReadStream(path),
		{ data: '', mimeType, fileName },
	);
}

let nodeTypes: HarnessNodeTypes | undefined;
export function harnessNodeTypes(): HarnessNodeTypes {
	nodeTypes ??= new HarnessNodeTypes();
	return nodeTypes;
}

/** Makes another node type (by its full name) available to workflows the harness runs. */
export function registerNodeType(name: string, type: INodeType | IVersionedNodeType): void {
	harnessNodeTypes().register(name, type);
}

let executionCounter = 0;

export function createWorkflow(
	workflowData: Pick<IWorkflowBase, 'nodes' | 'connections'> & Partial<IWorkflowBase>,
	staticData?: IDataObject,
): Workflow {
	return new Workflow({
		id: workflowData.id ?? 'harness-workflow',
		name: workflowData.name ?? 'Harness workflow',
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		nodeTypes: harnessNodeTypes(),
		settings: workflowData.settings,
		staticData,
		active: false,
	});
}

/** A plain additionalData, as n8n's own runner builds it; only what our nodes reach is set. */
export function createAdditionalData(
	credentials: Credentials,
	workflow: Workflow,
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	const executionId = String(++executionCounter);
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: workflow.id,
		name: workflow.name,
		nodes: Object.values(workflow.nodes),
		connections: workflow.connectionsBySourceNode,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as IWorkflowBase);
	return {
		executionId,
		credentialsHelper: new HarnessCredentialsHelper(credentials),
		hooks,
		variables: {},
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		restApiUrl: 'http://127.0.0.1:5678/rest',
		currentNodeParameters: undefined,
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not supported by the harness');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('Code runners are not supported by the harness');
		},
		...extra,
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface RunOptions {
	credentials?: Credentials;
	input?: INodeExecutionData[];
	startNode?: string;
	/** n8n's public webhook address (N8N_WEBHOOK_URL) for this run, e.g. `https://n8n.example.com/`. */
	webhookBase?: string;
	/** Stops the execution (as the editor's Stop does) when it resolves. */
	stopWhen?: Promise<unknown>;
}

/** The webhook URLs n8n derives from its public webhook address. */
function webhookBaseData(base?: string): Partial<IWorkflowExecuteAdditionalData> {
	if (!base) return {};
	return {
		webhookBaseUrl: `${base}webhook`,
		webhookWaitingBaseUrl: `${base}webhook-waiting`,
		webhookTestBaseUrl: `${base}webhook-test`,
	};
}

export interface WorkflowRun {
	run: IRun;
	/** Output items of a node's first run, per output (main[0], main[1], …). */
	outputs(nodeName: string): INodeExecutionData[][];
	/** Output items of a node's first output. */
	items(nodeName: string): INodeExecutionData[];
	/** The execution's error, if the workflow failed. */
	error: IRun['data']['resultData']['error'];
}

/**
 * Runs a workflow through n8n-core's WorkflowExecute, starting at `startNode` (default: the
 * first node) with `input` items, exactly as a manual execution would.
 */
export async function runWorkflow(
	workflowData: Pick<IWorkflowBase, 'nodes' | 'connections'> & Partial<IWorkflowBase>,
	options: RunOptions = {},
): Promise<WorkflowRun> {
	await initBinaryData();
	const workflow = createWorkflow(workflowData);
	const additionalData = createAdditionalData(
		options.credentials ?? {},
		workflow,
		webhookBaseData(options.webhookBase),
	);
	const startNode: INode | undefined = options.startNode
		? (workflow.getNode(options.startNode) ?? undefined)
		: workflowData.nodes[0];
	if (!startNode) throw new Error(`No start node "${options.startNode}" in the workflow`);

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node: startNode,
					data: { main: [options.input ?? [{ json: {} }]] },
					source: null,
				},
			],
		},
	});

	const running = new WorkflowExecute(
		additionalData,
		'manual',
		runExecutionData,
	).processRunExecutionData(workflow);
	void options.stopWhen?.then(() => running.cancel());
	const run = await running;
	const outputs = (nodeName: string) => {
		const task = run.data.resultData.runData[nodeName]?.[0];
		if (!task)
			throw new Error(
				`Node "${nodeName}" did not run: ${run.data.resultData.error?.message ?? 'no error'}`,
			);
		return (task.data?.main ?? []).map((items) => items ?? []);
	};
	return {
		run,
		outputs,
		items: (nodeName) => outputs(nodeName)[0] ?? [],
		error: run.data.resultData.error,
	};
}

/** One node with its parameters, fed `input`, run in the engine. */
export async function runNode(
	node: {
		type: string;
		parameters: INode['parameters'];
		name?: string;
		continueOnFail?: boolean;
		/** n8n's Retry On Fail: tries in all (n8n allows 2 to 5), 10 ms apart (n8n reads 0 as 1 s). */
		maxTries?: number;
		/** The node version the workflow holds (default 1). */
		typeVersion?: number;
	},
	input: INodeExecutionData[],
	credentials: Credentials,
	options: Pick<RunOptions, 'webhookBase' | 'stopWhen'> = {},
): Promise<WorkflowRun & { output: INodeExecutionData[] }> {
	const name = node.name ?? 'Node under test';
	const workflowNode: INode = {
		id: 'node-under-test',
		name,
		type: node.type,
		typeVersion: node.typeVersion ?? 1,
		position: [0, 0],
		parameters: node.parameters,
		credentials: Object.fromEntries(
			Object.keys(credentials).map((type) => [type, { id: `${type}-id`, name: type }]),
		),
		...(node.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		...(node.maxTries
			? { retryOnFail: true, maxTries: node.maxTries, waitBetweenTries: 10 }
			: {}),
	};
	const result = await runWorkflow(
		{ nodes: [workflowNode], connections: {} },
		{ credentials, input, ...options },
	);
	const task = result.run.data.resultData.runData[name]?.[0];
	return { ...result, output: task?.data?.main?.[0] ?? [] };
}
