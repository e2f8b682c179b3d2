// @ts-check
'use strict';
/**
 * The example workflows in test/workflows/, read and prepared for `n8n import:workflow`. Used by
 * `npm run dev` (so a new user finds them in the editor) and by the end-to-end suite (so the tests
 * run exactly what users get).
 *
 * The files are plain n8n exports and stay importable by hand. Preparing them only fills in what
 * depends on the machine:
 * - a relative `fileSelector` of a Read/Write Files from Disk node is resolved against the repo
 *   root (`test/fixtures/sample.wav` works wherever the clone is);
 * - every `deepgramApi` credential reference points at the credential the caller imported;
 * - a Deepgram Transcribe callback URL on the examples' base (`http://127.0.0.1:8080/`) is moved
 *   to the instance's webhook base when that differs (another port, a tunnel);
 * - `active` is cleared for the import (n8n 2.x imports unpublished) and reported as `publish`, so
 *   the caller publishes the workflows that are meant to be active.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { REPO_ROOT } = require('./package-install');

const WORKFLOWS_DIR = path.join(REPO_ROOT, 'test', 'workflows');
/** Where the sample audio lives; n8n must be allowed to read it (N8N_RESTRICT_FILE_ACCESS_TO). */
const FIXTURES_DIR = fs.realpathSync(path.join(REPO_ROOT, 'test', 'fixtures'));

/** The credential the example workflows name (`npm run dev` imports it under this fixed id). */
const EXAMPLE_CREDENTIAL = Object.freeze({ id: 'dgDevEmulatorCrd', name: 'Deepgram (emulator)' });

/** The webhook base the example callback URLs are written against (n8n on Deepgram's port 8080). */
const EXAMPLE_WEBHOOK_BASE = 'http://127.0.0.1:8080/';

const READ_FILE_TYPE = 'n8n-nodes-base.readWriteFile';
const TRANSCRIBE_TYPE = 'n8n-nodes-deepgram-callback.deepgramTranscribe';

/**
 * Stable 16-character workflow id for a file without one, so re-imports update it.
 * @param {string} file
 */
function workflowIdFor(file) {
	return 'dgwf' + crypto.createHash('sha1').update(path.basename(file)).digest('hex').slice(0, 12);
}

/**
 * @typedef {{ id: string, name: string, active: boolean, nodes: Array<Record<string, any>> } & Record<string, any>} WorkflowJson
 * @typedef {{ file: string, workflow: WorkflowJson, publish: boolean }} PreparedWorkflow
 */

/**
 * One workflow prepared for import (see the file comment).
 * @param {WorkflowJson} source
 * @param {{ credential?: { id: string, name: string }, webhookBaseUrl?: string }} [options]
 * @returns {{ workflow: WorkflowJson, publish: boolean }}
 */
function prepareWorkflow(
	source,
	{ credential = EXAMPLE_CREDENTIAL, webhookBaseUrl = EXAMPLE_WEBHOOK_BASE } = {},
) {
	/** @type {WorkflowJson} */
	const workflow = JSON.parse(JSON.stringify(source));
	const base = webhookBaseUrl.endsWith('/') ? webhookBaseUrl : `${webhookBaseUrl}/`;
	for (const node of workflow.nodes) {
		const parameters = node.parameters ?? {};
		if (
			node.type === READ_FILE_TYPE &&
			typeof parameters.fileSelector === 'string' &&
			!parameters.fileSelector.startsWith('=')
		) {
			if (!path.isAbsolute(parameters.fileSelector))
				parameters.fileSelector = path.join(REPO_ROOT, parameters.fileSelector);
		}
		if (
			node.type === TRANSCRIBE_TYPE &&
			typeof parameters.callbackUrl === 'string' &&
			parameters.callbackUrl.startsWith(EXAMPLE_WEBHOOK_BASE)
		) {
			parameters.callbackUrl = base + parameters.callbackUrl.slice(EXAMPLE_WEBHOOK_BASE.length);
		}
		if (node.credentials?.deepgramApi)
			node.credentials.deepgramApi = { id: credential.id, name: credential.name };
	}
	const publish = workflow.active === true;
	workflow.active = false;
	return { workflow, publish };
}

/**
 * test/workflows/*.json (sorted by file name), prepared for import; none when the folder is missing.
 * @param {{ credential?: { id: string, name: string }, webhookBaseUrl?: string, dir?: string }} [options]
 * @returns {PreparedWorkflow[]}
 */
function readWorkflows(options = {}) {
	const dir = options.dir ?? WORKFLOWS_DIR;
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => {
			const file = path.join(dir, f);
			const source = JSON.parse(fs.readFileSync(file, 'utf8'));
			const { workflow, publish } = prepareWorkflow(
				{ ...source, id: source.id ?? workflowIdFor(file) },
				options,
			);
			return { file, workflow, publish };
		});
}

/**
 * The emulator's `transcripts` option for the shipped sample (sha256 -> spoken text), so a
 * transcription of test/fixtures/sample.wav returns what it says.
 * @returns {Record<string, string>}
 */
function sampleTranscripts() {
	const sample = JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, 'sample.json'), 'utf8'));
	return { [sample.sha256]: sample.transcript };
}

module.exports = {
	WORKFLOWS_DIR,
	FIXTURES_DIR,
	EXAMPLE_CREDENTIAL,
	EXAMPLE_WEBHOOK_BASE,
	workflowIdFor,
	prepareWorkflow,
	readWorkflows,
	sampleTranscripts,
};
