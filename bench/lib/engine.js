// @ts-check
'use strict';
/**
 * n8n's engine in a benchmark process: the test harness (n8n-core's WorkflowExecute, real
 * credential resolution, filesystem binary data) with our nodes, plus n8n-nodes-base's HTTP
 * Request node from the cached n8n 2.41.1 install, so both run in the same engine.
 */
require('./typescript');
const fs = require('fs');
const path = require('path');

/** @type {typeof import('../../test/harness')} */
const harness = require('../../test/harness');

const TRANSCRIBE = 'n8n-nodes-deepgram-callback.deepgramTranscribe';
const HTTP_REQUEST = 'n8n-nodes-base.httpRequest';
const NO_OP = 'n8n-nodes-base.noOp';
/** The HTTP Request node's current version in n8n 2.41 (its defaultVersion). */
const HTTP_REQUEST_VERSION = 4.5;
const API_KEY = 'dg-key-1';
/**
 * The query our node sends with its defaults; every contender sends the same.
 * @type {Array<[string, string]>}
 */
const QUERY = [['model', 'nova-3'], ['language', 'en']];

/**
 * Registers n8n-nodes-base's HTTP Request node (a VersionedNodeType) from an n8n install; its
 * own dependencies resolve from that install's node_modules.
 * @param {string} n8nModules  the install's node_modules folder
 */
function registerHttpRequestNode(n8nModules) {
	const file = path.join(n8nModules, 'n8n-nodes-base', 'dist', 'nodes', 'HttpRequest', 'HttpRequest.node.js');
	const { HttpRequest } = require(file);
	harness.registerNodeType(HTTP_REQUEST, new HttpRequest());
}

/** n8n-core's own DI container (test/harness/engine.ts says why not the top-level @n8n/di). */
function container() {
	return require(require.resolve('@n8n/di', { paths: [require.resolve('n8n-core')] })).Container;
}

/**
 * A file stored the way filesystem binary mode stores it (the item then only carries an id).
 * @param {string} file
 * @returns {Promise<import('n8n-workflow').IBinaryData>}
 */
async function storedBinary(file) {
	await harness.initBinaryData();
	const { BinaryDataService } = require('n8n-core');
	return await container()
		.get(BinaryDataService)
		.store({ type: 'execution', workflowId: 'bench-workflow', executionId: 'bench' }, fs.createReadStream(file), {
			data: '',
			mimeType: 'audio/wav',
			fileName: path.basename(file),
		});
}

/** @param {string} baseUrl */
function deepgramCredentials(baseUrl) {
	return { deepgramApi: { apiKey: API_KEY, baseUrl: 'custom', customBaseUrl: baseUrl } };
}

/**
 * Our node at its defaults (binary audio in `data`, transcript out).
 * @param {Record<string, unknown>} [parameters]
 */
function transcribeNode(parameters = {}) {
	return {
		id: 'bench-transcribe',
		name: 'Deepgram Transcribe',
		type: TRANSCRIBE,
		typeVersion: 1,
		position: /** @type {[number, number]} */ ([0, 0]),
		parameters,
		credentials: { deepgramApi: { id: 'deepgramApi-id', name: 'deepgramApi' } },
	};
}

/**
 * The HTTP Request node as a user wires it for Deepgram: POST the item's binary (n8n Binary
 * File) with the same query, Header Auth credential `Authorization: Token …`, every option at
 * its default.
 * @param {string} baseUrl
 */
function httpRequestNode(baseUrl) {
	return {
		id: 'bench-http-request',
		name: 'HTTP Request',
		type: HTTP_REQUEST,
		typeVersion: HTTP_REQUEST_VERSION,
		position: /** @type {[number, number]} */ ([0, 0]),
		parameters: {
			method: 'POST',
			url: `${baseUrl}/v1/listen`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendQuery: true,
			queryParameters: { parameters: QUERY.map(([name, value]) => ({ name, value })) },
			sendBody: true,
			contentType: 'binaryData',
			inputDataFieldName: 'data',
			options: {},
		},
		credentials: { httpHeaderAuth: { id: 'httpHeaderAuth-id', name: 'Deepgram header' } },
	};
}

const httpRequestCredentials = { httpHeaderAuth: { name: 'Authorization', value: `Token ${API_KEY}` } };

/** A workflow of one No Operation node: what the engine costs with no request at all. */
function noOpNode() {
	return { id: 'bench-noop', name: 'No Operation', type: NO_OP, typeVersion: 1, position: /** @type {[number, number]} */ ([0, 0]), parameters: {} };
}

/**
 * Runs one node on `input` in the engine.
 * @param {{ name: string } & Record<string, any>} node
 * @param {import('n8n-workflow').INodeExecutionData[]} input
 * @param {import('../../test/harness').Credentials} credentials
 */
async function runOne(node, input, credentials) {
	const run = await harness.runWorkflow({ nodes: [/** @type {any} */ (node)], connections: {} }, { credentials, input });
	const task = run.run.data.resultData.runData[node.name]?.[0];
	return { output: task?.data?.main?.[0] ?? [], error: run.error };
}

/**
 * Whether an output item carries a transcript (ours: simplified `transcript`; HTTP Request:
 * Deepgram's raw JSON).
 * @param {import('n8n-workflow').INodeExecutionData} item
 */
function hasTranscript(item) {
	const json = /** @type {any} */ (item.json);
	if (typeof json.transcript === 'string') return true;
	return typeof json.results?.channels?.[0]?.alternatives?.[0]?.transcript === 'string';
}

module.exports = {
	harness,
	QUERY,
	API_KEY,
	HTTP_REQUEST_VERSION,
	registerHttpRequestNode,
	storedBinary,
	deepgramCredentials,
	transcribeNode,
	httpRequestNode,
	httpRequestCredentials,
	noOpNode,
	runOne,
	hasTranscript,
};
