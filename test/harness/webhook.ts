import './env';

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { HookContext, WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';

import { listenOnCallbackPort } from './callbackReceiver';
import {
	createAdditionalData,
	createWorkflow,
	harnessNodeTypes,
	initBinaryData,
	type Credentials,
} from './engine';

/** What n8n's Express app adds to a request before a webhook node sees it. */
export type WebhookRequest = IncomingMessage & {
	body: unknown;
	rawBody: Buffer;
	query: Record<string, string>;
	params: Record<string, string>;
	contentType?: string;
};

/** The part of Express's response that webhook nodes use. */
export type WebhookResponse = ServerResponse & {
	status(code: number): WebhookResponse;
	send(body?: unknown): WebhookResponse;
	json(body: unknown): WebhookResponse;
};

export function expressLike(res: ServerResponse): WebhookResponse {
	const response = res as WebhookResponse;
	response.status = (code) => {
		response.statusCode = code;
		return response;
	};
	response.json = (body) => {
		if (!response.headersSent) response.setHeader('Content-Type', 'application/json');
		response.end(JSON.stringify(body));
		return response;
	};
	response.send = (body) => {
		if (body === undefined) response.end();
		else if (typeof body === 'object' && !Buffer.isBuffer(body)) response.json(body);
		else response.end(body);
		return response;
	};
	return response;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/** Parses the body the way n8n 2.41's body parser does; undefined means n8n answers 422. */
export function parseLikeN8n(
	raw: Buffer,
	contentType: string | undefined,
): { body: unknown } | undefined {
	const type = contentType?.split(';')[0].trim().toLowerCase();
	if (raw.length === 0) return { body: {} };
	if (type === 'application/json') {
		try {
			return { body: JSON.parse(raw.toString('utf8')) };
		} catch {
			return undefined;
		}
	}
	if (type === 'text/plain') return { body: raw.toString('utf8') };
	return { body: {} };
}

let sessionCounter = 0;

export interface TriggerSession {
	/** The real URL n8n would serve for this trigger's production webhook. */
	url: string;
	node: INode;
	workflow: Workflow;
	/** Every execution the trigger started, in order: its output items per output. */
	executions: INodeExecutionData[][][];
	/**
	 * How a started execution ends, for a webhook whose responseMode is lastNode (n8n answers after
	 * the run): 'success' by default; a test can hold the run or make it fail.
	 */
	finishRun: (workflowData: INodeExecutionData[][]) => Promise<'success' | 'error'>;
	staticData(): IDataObject;
	activate(): Promise<boolean>;
	deactivate(): Promise<boolean>;
	checkExists(): Promise<boolean>;
	stop(): Promise<void>;
}

/**
 * Serves a trigger node's webhook on a real loopback HTTP port, running its `webhook()`
 * through n8n-core's WebhookContext and its webhook methods through HookContext, with the
 * workflow's static data kept between calls as n8n keeps it for an active workflow.
 */
export async function startTriggerSession(options: {
	type: string;
	parameters: INode['parameters'];
	credentials: Credentials;
	webhookId?: string;
	/** Listen on 8080/8443 (see listenOnCallbackPort), so the Transcribe node accepts the URL. */
	onCallbackPort?: boolean;
	/** The node version the workflow holds (default 1). */
	typeVersion?: number;
}): Promise<TriggerSession> {
	await initBinaryData();
	const webhookId = options.webhookId ?? 'a1b2c3d4-0000-4000-8000-000000000001';
	const node: INode = {
		id: 'trigger-under-test',
		name: 'Trigger under test',
		type: options.type,
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		webhookId,
		parameters: options.parameters,
		credentials: Object.fromEntries(
			Object.keys(options.credentials).map((type) => [type, { id: `${type}-id`, name: type }]),
		),
	};
	// What n8n keeps in its database. Like n8n, every request and every activation loads the
	// workflow with its own copy of the static data and saves that copy whole, if it changed, when
	// it is done (for a webhook: in its response callback), so concurrent requests race as in n8n.
	let saved: IDataObject = {};
	const workflowData = {
		// A workflow of its own per session, as the trigger's in-process delivery record is per workflow.
		id: `harness-trigger-workflow-${++sessionCounter}`,
		nodes: [node],
		connections: {},
	};
	const load = () => createWorkflow(workflowData, JSON.parse(JSON.stringify(saved)) as IDataObject);
	const saveIfChanged = (loaded: Workflow) => {
		const data = loaded.staticData as IDataObject & { __dataChanged?: boolean };
		if (!data.__dataChanged) return;
		const { __dataChanged: _changed, ...rest } = JSON.parse(JSON.stringify(data)) as typeof data;
		saved = rest;
	};
	const workflow = load();
	const nodeType = harnessNodeTypes().getByNameAndVersion(options.type) as INodeType;
	const description = (nodeType.description.webhooks ?? [])[0] as IWebhookDescription;
	const executions: INodeExecutionData[][][] = [];
	const session = {
		finishRun: async () => 'success' as const,
	} as Pick<TriggerSession, 'finishRun'>;

	let baseUrl = '';
	const additionalDataFor = (extra: Partial<IWorkflowExecuteAdditionalData> = {}) =>
		createAdditionalData(options.credentials, workflow, {
			webhookBaseUrl: `${baseUrl}/webhook`,
			webhookTestBaseUrl: `${baseUrl}/webhook-test`,
			...extra,
		});
	const webhookData = (
		additionalData: IWorkflowExecuteAdditionalData,
		httpMethod: string,
	): IWebhookData => ({
		httpMethod: httpMethod as IWebhookData['httpMethod'],
		node: node.name,
		path: `${webhookId}/${String(description.path ?? 'webhook')}`,
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId,
	});

	const server: Server = createServer(async (req, rawRes) => {
		const res = expressLike(rawRes);
		try {
			const raw = await readBody(req);
			const parsed = parseLikeN8n(raw, req.headers['content-type']);
			if (!parsed) {
				res.status(422).json({ code: 422, message: 'Failed to parse request body' });
				return;
			}
			const url = new URL(req.url ?? '/', baseUrl);
			const request = Object.assign(req, {
				body: parsed.body,
				rawBody: raw,
				query: Object.fromEntries(url.searchParams),
				params: {},
				contentType: req.headers['content-type']?.split(';')[0],
			}) as WebhookRequest;
			const additionalData = additionalDataFor({
				httpRequest: request,
				httpResponse: res,
			} as unknown as Partial<IWorkflowExecuteAdditionalData>);
			const requestWorkflow = load();
			// n8n reads the workflow and credentials from its database here: requests arriving
			// together all load the static data before any of them saves it.
			await new Promise((resolve) => setTimeout(resolve, 5));
			const context = new WebhookContext(
				requestWorkflow,
				node,
				additionalData,
				'webhook',
				webhookData(additionalData, req.method ?? 'POST'),
				[],
				null,
			);
			const result: IWebhookResponseData = await nodeType.webhook!.call(context);
			const responseMode = requestWorkflow.expression.getSimpleParameterValue(
				node,
				description.responseMode,
				'webhook',
				{},
				undefined,
				'onReceived',
			);
			// n8n 2.41 saves static data in the response callback, but starting an execution first
			// clears the changed mark: only a node that answered itself keeps its changes.
			if (result.noWebhookResponse || !result.workflowData) saveIfChanged(requestWorkflow);
			// As in n8n 2.41 (executeWebhook): workflowData starts an execution even when the node
			// answered the request itself (noWebhookResponse).
			if (result.workflowData) executions.push(result.workflowData);
			if (result.noWebhookResponse) {
				if (!res.writableEnded) res.end();
				return;
			}
			if (responseMode === 'lastNode' && result.workflowData) {
				// As n8n 2.41 answers lastNode with responseData 'noData': an empty 200 after a run that
				// succeeded, its 500 after one that failed.
				const outcome = await session.finishRun(result.workflowData);
				if (outcome === 'success') res.status(200).end();
				else res.status(500).json({ message: 'Error in workflow' });
				return;
			}
			if (result.workflowData) {
				res.status(200).json(result.webhookResponse ?? { message: 'Workflow was started' });
			} else {
				res.status(200).json(result.webhookResponse ?? { message: 'Webhook call received' });
			}
		} catch (error) {
			// n8n answers 500 for a webhook function that throws.
			if (!res.headersSent) res.status(500).json({ code: 500, message: (error as Error).message });
			else res.end();
		}
	});
	if (options.onCallbackPort) {
		baseUrl = await listenOnCallbackPort(server);
	} else {
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	}

	const hook = (name: 'checkExists' | 'create' | 'delete', activation: 'activate' | 'manual') => {
		const method = nodeType.webhookMethods?.[description.name]?.[name];
		if (!method) return Promise.resolve(true);
		const additionalData = additionalDataFor();
		const loaded = load();
		const context = new HookContext(
			loaded,
			node,
			additionalData,
			'trigger',
			activation,
			webhookData(additionalData, String(description.httpMethod)),
		);
		return method.call(context).finally(() => saveIfChanged(loaded));
	};

	return Object.assign(session, {
		url: `${baseUrl}/webhook/${webhookId}/${String(description.path ?? 'webhook')}`,
		node,
		workflow,
		executions,
		// The saved node data itself: a test may change it as if edited in the database.
		staticData: () =>
			(saved[`node:${node.name}`] as IDataObject | undefined) ?? (saved[`node:${node.name}`] = {}),
		checkExists: () => hook('checkExists', 'activate'),
		activate: async () =>
			(await hook('checkExists', 'activate')) ? true : await hook('create', 'activate'),
		deactivate: () => hook('delete', 'activate'),
		stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
	});
}
