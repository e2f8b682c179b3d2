/**
 * What the end-to-end suite runs against: the Deepgram emulator and one real n8n 2.41.1 on
 * 127.0.0.1:8080 (a port Deepgram calls back to, so the Transcribe node's port rule is enforced,
 * not relaxed), with the package installed the community way, the `deepgramApi` credential and the
 * example workflows imported through n8n's CLI, the ones meant to be active published, and a
 * public-API key.
 */
import { randomBytes } from 'crypto';
import { rmSync } from 'fs';
import { dirname, join } from 'path';

import { startEmulator } from '../../emulator';
import { isPortFree } from '../../n8n/ports';
import { createApiKey, packPackage, startN8n } from '../../n8n/server';
import {
	EXAMPLE_CREDENTIAL,
	EXAMPLE_WEBHOOK_BASE,
	FIXTURES_DIR,
	readWorkflows,
	sampleTranscripts,
} from '../../n8n/workflows';
import { PublicApi } from './publicApi';

export type N8n = Awaited<ReturnType<typeof startN8n>>;
export type Emulator = Awaited<ReturnType<typeof startEmulator>>;
export type PreparedWorkflow = ReturnType<typeof readWorkflows>[number];

export const N8N_PORT = 8080;
/** Workflows only the suite needs (e.g. a receiver with the legacy dg-token check on). */
export const SUITE_WORKFLOWS_DIR = join(__dirname, '..', 'workflows');
export const WEBHOOK_BASE = EXAMPLE_WEBHOOK_BASE;

/** The values that must never reach a log, an output item or execution data. */
export interface Secrets {
	deepgramApiKey: string;
	callbackSecret: string;
	callbackUser: string;
	callbackPassword: string;
	n8nApiKey: string;
}

export interface Stack {
	n8n: N8n;
	emulator: Emulator;
	api: PublicApi;
	secrets: Secrets;
	key: { id: string; projectId: string };
	/** What was imported (test/workflows/ and test/e2e/workflows/), as prepared for n8n. */
	workflows: PreparedWorkflow[];
	/** stdout of every n8n CLI run, for the secret scan. */
	cliOutput: string[];
	/** Stops n8n (its process group, by PID) and the emulator; idempotent. */
	stop(): Promise<void>;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

async function assertPortFree(port: number, why: string): Promise<void> {
	if (await isPortFree(port)) return;
	throw new Error(
		`Port ${port} on 127.0.0.1 is taken. The end-to-end suite runs n8n there because ${why}. ` +
			`Stop whatever listens on it (see \`ss -ltnp 'sport = :${port}'\`) and run the suite again.`,
	);
}

/** What runs n8n for a stack: one process, or queue mode's main with its webhook tier. */
interface N8nRunner {
	/** The process the CLI, the REST API and the public API talk to. */
	n8n: N8n;
	/** After publishing: anything that must start only once the workflows are published. */
	afterPublish?(workflows: PreparedWorkflow[]): Promise<void>;
	stop(): Promise<void>;
}

const N8N_ENV = {
	N8N_WEBHOOK_URL: WEBHOOK_BASE,
	N8N_RESTRICT_FILE_ACCESS_TO: FIXTURES_DIR,
	// The most talkative level, so the secret scan of the log covers the most.
	N8N_LOG_LEVEL: 'debug',
};

/**
 * Starts the emulator and n8n, imports the credential and the workflows, creates an API key.
 * `emulatorOptions` are merged over the suite's defaults (sample transcript, the suite's key).
 */
export async function startStack(
	emulatorOptions: Parameters<typeof startEmulator>[0] = {},
): Promise<Stack> {
	return await provisionStack(emulatorOptions, async (tarball) => {
		const n8n = await startN8n({ port: N8N_PORT, tarball, env: N8N_ENV });
		return { n8n, stop: () => n8n.stop() };
	});
}

/**
 * The emulator and n8n (started by `startN8nRunner` with the packed package), the credential and
 * every workflow of test/workflows and `workflowDirs` imported through n8n's CLI, the ones meant to
 * be active published, and a public-API key.
 */
export async function provisionStack(
	emulatorOptions: Parameters<typeof startEmulator>[0],
	startN8nRunner: (tarball: string, env: Record<string, string>) => Promise<N8nRunner>,
	workflowDirs: string[] = [SUITE_WORKFLOWS_DIR],
): Promise<Stack> {
	await assertPortFree(
		N8N_PORT,
		'Deepgram delivers callbacks only to ports 80, 443, 8080 and 8443',
	);
	const secrets: Omit<Secrets, 'n8nApiKey'> = {
		deepgramApiKey: `e2e-dg-key-${hex(12)}`,
		callbackSecret: `e2e-cb-secret-${hex(12)}`,
		callbackUser: 'deepgram-e2e',
		// Characters that change under URL encoding, so the scan covers the encoded form too.
		callbackPassword: `pw/${hex(8)}@ x:+`,
	};
	const key = { id: `e2e-key-id-${hex(4)}`, projectId: 'e2e-project' };

	let tarball: string | undefined;
	let emulator: Emulator | undefined;
	let runner: N8nRunner | undefined;
	const stop = async () => {
		await runner?.stop();
		await emulator?.stop();
		if (tarball) rmSync(dirname(tarball), { recursive: true, force: true });
		tarball = undefined;
	};
	try {
		tarball = packPackage();
		emulator = await startEmulator({
			keys: [
				{
					key: secrets.deepgramApiKey,
					id: key.id,
					projectId: key.projectId,
					tags: [],
					scopes: ['member', 'usage:read'],
				},
			],
			transcripts: sampleTranscripts(),
			...emulatorOptions,
		});
		runner = await startN8nRunner(tarball, N8N_ENV);
		const { n8n } = runner;
		const owner = await n8n.setupOwner();
		const n8nApiKey = await createApiKey(n8n.baseUrl, owner.cookie, 'e2e');
		const cliOutput: string[] = [];

		cliOutput.push(
			n8n.importCredentials([
				{
					...EXAMPLE_CREDENTIAL,
					type: 'deepgramApi',
					data: {
						apiKey: secrets.deepgramApiKey,
						baseUrl: 'custom',
						customBaseUrl: emulator.baseUrl,
						projectId: key.projectId,
						callbackSecret: secrets.callbackSecret,
						callbackUser: secrets.callbackUser,
						callbackPassword: secrets.callbackPassword,
					},
				},
			]),
		);
		const prepare = { credential: EXAMPLE_CREDENTIAL, webhookBaseUrl: WEBHOOK_BASE };
		const examples = readWorkflows(prepare);
		if (examples.length === 0) throw new Error('test/workflows/ holds no workflow to import');
		const workflows = [
			...examples,
			...workflowDirs.flatMap((dir) => readWorkflows({ ...prepare, dir })),
		];
		cliOutput.push(n8n.importWorkflow(workflows.map((w) => w.workflow)));
		const api = new PublicApi(n8n.baseUrl, n8nApiKey);
		for (const { workflow } of workflows.filter((w) => w.publish)) await api.publish(workflow.id);
		await runner.afterPublish?.(workflows);

		return {
			n8n,
			emulator,
			api,
			secrets: { ...secrets, n8nApiKey },
			key,
			workflows,
			cliOutput,
			stop,
		};
	} catch (error) {
		await stop().catch(() => {});
		throw error;
	}
}
