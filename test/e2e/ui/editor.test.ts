/**
 * The editor, in a real browser: a user's first session with the three nodes in the n8n that the
 * suite starts as `npm run dev` does (the package installed the community way, the emulator as
 * Deepgram), driven only through the page. Each step saves a screenshot under .tmp/ui/editor/;
 * `npm run pictures` also refreshes the README's pictures from them.
 */
import type { Page } from 'playwright-core';

import { DEFAULT_OWNER } from '../../n8n/rest';
import { EXAMPLE_CREDENTIAL } from '../../n8n/workflows';
import { http } from '../support/http';
import { SAMPLE, SAMPLE_WAV } from '../support/sample';
import { nodeItems, waitForExecutions } from '../support/wait';
import { startStack, type Stack } from '../support/stack';
import { launchEditorBrowser, type EditorBrowser } from './browser';
import {
	addListedNode,
	chooseOption,
	closeNode,
	credentialModal,
	executeStep,
	fillParameter,
	openNewWorkflow,
	openNode,
	outputJson,
	searchNodes,
	selectCredential,
	shownNotices,
	shownParameters,
	signIn,
} from './editor';

jest.setTimeout(180_000);

const AUDIO_URL = 'https://media.example.com/sample.wav';
const TAG = 'ui-suite';
const EXAMPLE_2A = 'dgExample2Callback';
const EXAMPLE_2B = 'dgExample2Receive';
/** The credential the suite creates in the modal (the stack imported the examples' one). */
const UI_CREDENTIAL = 'Deepgram account';

let stack: Stack;
let ui: EditorBrowser;
let page: Page;

beforeAll(async () => {
	stack = await startStack({ urlAudio: { [AUDIO_URL]: SAMPLE_WAV } });
	ui = await launchEditorBrowser('editor');
	page = await ui.newPage();
	await signIn(page, stack.n8n.baseUrl, DEFAULT_OWNER.email, DEFAULT_OWNER.password);
});

// The page as each test left it: the first thing to look at when a step fails.
afterEach(async () => {
	const name = (expect.getState().currentTestName ?? 'test').replace(/\W+/g, '-').slice(-60);
	for (const open of ui?.browser.contexts().flatMap((c) => c.pages()) ?? []) {
		await ui.shot(open, `after-${name}`).catch(() => {});
	}
});

afterAll(async () => {
	await ui?.close();
	await stack?.stop();
});

describe('Deepgram Transcribe in the editor', () => {
	test('the node panel lists the three nodes under "Deepgram", and Transcribe is added', async () => {
		await openNewWorkflow(page, stack.n8n.baseUrl);
		const listed = await searchNodes(page, 'Deepgram');
		await ui.shot(page, 'node-panel');
		expect(listed).toEqual(
			expect.arrayContaining(['Deepgram Transcribe', 'Deepgram Callback Trigger', 'Deepgram Usage by Tag']),
		);
		await addListedNode(page, 'Deepgram Transcribe');
		expect(await shownParameters(page)).toEqual(
			expect.arrayContaining(['audioSource', 'binaryPropertyName', 'model', 'resultsProcessing']),
		);
	});

	test('a credential made in its modal passes the connection test; a wrong key shows Deepgram’s message', async () => {
		const credential = credentialModal(page);
		await credential.openNew();
		await credential.fill({ apiKey: stack.secrets.deepgramApiKey, customBaseUrl: stack.emulator.baseUrl });
		await credential.save();
		// A new credential that passes its test closes the modal; reopening it shows the result.
		await credential.modal.waitFor({ state: 'hidden' });
		await credential.openSelected();
		expect(await credential.testResult('passed')).toContain('Connection tested successfully');
		await ui.shot(page, 'credential-tested');

		await credential.fill({ apiKey: 'not-a-deepgram-key' });
		await credential.save();
		const failed = await credential.testResult('failed');
		await ui.shot(page, 'credential-wrong-key');
		expect(failed).toContain('Couldn’t connect');
		expect(failed).toContain('Deepgram 401 [INVALID_AUTH]: Invalid credentials.');

		await credential.fill({ apiKey: stack.secrets.deepgramApiKey });
		await credential.save();
		expect(await credential.testResult('passed')).not.toContain('Couldn’t connect');
		await credential.close();
		await openNode(page, 'Deepgram Transcribe');
	});

	test('Results Processing shows the fields of each mode', async () => {
		const common = ['audioSource', 'binaryPropertyName', 'model', 'detectLanguage', 'language', 'resultsProcessing'];

		await chooseOption(page, 'resultsProcessing', 'Send to Callback URL');
		expect(await shownParameters(page)).toEqual([...common, 'callbackUrl', 'callbackMethod']);
		expect((await shownNotices(page)).join('\n')).toContain('Callback Secret and Basic Auth');
		await ui.shot(page, 'results-callback');

		await chooseOption(page, 'resultsProcessing', 'Wait for Callback');
		expect(await shownParameters(page)).toEqual([
			...common,
			'timeLimit',
			'timeLimitUnit',
			'checkDgToken',
			'output',
			'captions',
		]);
		const waitNotice = (await shownNotices(page)).join('\n');
		expect(waitNotice).toContain('N8N_WEBHOOK_URL (formerly WEBHOOK_URL)');
		expect(waitNotice).toContain('port 80, 443, 8080 or 8443');
		await ui.shot(page, 'results-wait');

		await chooseOption(page, 'resultsProcessing', 'Return Transcript');
		expect(await shownParameters(page)).toEqual([...common, 'output', 'captions']);
	});

	test('a callback URL on port 5678 fails the step with the port rule', async () => {
		await chooseOption(page, 'audioSource', /URL/);
		await fillParameter(page, 'audioUrl', AUDIO_URL);
		await chooseOption(page, 'resultsProcessing', 'Send to Callback URL');
		await fillParameter(page, 'callbackUrl', 'http://127.0.0.1:5678/webhook/deepgram');
		const output = await executeStep(page);
		await ui.shot(page, 'callback-port-error');
		expect(output).toContain('callback port 5678 is not allowed by Deepgram: use 80, 443, 8080 or 8443');
		expect(stack.emulator.requests.filter((r) => r.path.startsWith('/v1/listen'))).toHaveLength(0);
	});

	test('executing the step on sample.wav shows its transcript in the output panel', async () => {
		await chooseOption(page, 'resultsProcessing', 'Return Transcript');
		await page.getByTestId('ndv').getByRole('button', { name: 'Add Tag' }).click();
		await page.getByTestId('ndv').getByTestId('parameter-input-tags').locator('input').last().fill(TAG);
		const output = await executeStep(page);
		expect(output).toContain('1 item');
		const json = await outputJson(page);
		await ui.shot(page, 'transcribe-output', 'transcribe-panel');
		expect(json).toContain(SAMPLE.transcript);
		const listens = stack.emulator.requests.filter((r) => r.path === '/v1/listen');
		expect(listens.map((r) => ({ query: r.query, json: r.json }))).toEqual([
			{ query: [['model', 'nova-3'], ['language', 'en'], ['tag', TAG]], json: { url: AUDIO_URL } },
		]);
		await closeNode(page);
	});
});

describe('Deepgram Callback Trigger in the editor', () => {
	test('its test URL receives a callback the emulator delivers, and the item is shown', async () => {
		const triggerPage = await ui.newPage();
		await openNewWorkflow(triggerPage, stack.n8n.baseUrl);
		await searchNodes(triggerPage, 'Deepgram');
		await addListedNode(triggerPage, 'Deepgram Callback Trigger');
		await selectCredential(triggerPage, EXAMPLE_CREDENTIAL.name);
		const ndv = triggerPage.getByTestId('ndv');
		await ndv.getByTitle('Click to display webhook URLs').click();
		const urls = await ndv.getByTestId('node-parameters').innerText();
		const testUrl = /http:\/\/127\.0\.0\.1:8080\/webhook-test\/\S+/.exec(urls)?.[0];
		expect(testUrl).toBeDefined();
		// The Production URL is the callback to give Deepgram: the same path on /webhook/, N8N_WEBHOOK_URL's base.
		await ndv.getByTestId('radio-button-production').click();
		await ndv.getByText(testUrl!.replace('/webhook-test/', '/webhook/')).first().waitFor();
		await ndv.getByTestId('radio-button-test').click();

		// The trigger panel's own words (triggerPanel), not n8n's generic "Pull in events from …".
		await ndv.getByText('Send a job to Deepgram with the Test URL as its callback').waitFor();
		await ui.shot(triggerPage, 'trigger-panel');
		await ndv.getByTestId('trigger-execute-button').click();
		await ndv.getByText('Listening for test event').waitFor();
		await ui.shot(triggerPage, 'trigger-listening');

		await submitCallbackJob(testUrl!);
		const output = ndv.getByTestId('output-panel');
		await output.getByText(/1 item/).waitFor({ timeout: 60_000 });
		const json = await outputJson(triggerPage);
		await ui.shot(triggerPage, 'trigger-output', 'callback-trigger-panel');
		expect(json).toContain(SAMPLE.transcript);
		for (const secret of [stack.secrets.callbackSecret, stack.secrets.callbackPassword]) {
			expect(json).not.toContain(secret);
		}
		await triggerPage.close();
	});
});

describe('Deepgram Usage by Tag in the editor', () => {
	test('the project picker lists the emulator’s projects and Usage per Tag shows the rows', async () => {
		const usagePage = await ui.newPage();
		await openNewWorkflow(usagePage, stack.n8n.baseUrl);
		await searchNodes(usagePage, 'Deepgram');
		await addListedNode(usagePage, 'Deepgram Usage by Tag', 'Get usage per tag');
		await selectCredential(usagePage, UI_CREDENTIAL);
		const ndv = usagePage.getByTestId('ndv');
		await ndv.getByTestId('rlc-input').click();
		const project = usagePage.getByText('Emulated project', { exact: true });
		await project.waitFor();
		await ui.shot(usagePage, 'usage-project-picker');
		await project.click();
		await chooseOption(usagePage, 'tagSource', 'All Tags Used in the Range');

		const output = await executeStep(usagePage);
		const json = await outputJson(usagePage);
		expect(output).toContain('3 items');
		expect(json).toMatch(new RegExp(`"tag":\\s*"${TAG}"`));
		await usagePage.getByTestId('ndv').getByTestId('output-panel').getByTestId('radio-button-table').click();
		await ui.shot(usagePage, 'usage-output', 'usage-by-tag-panel');
		await usagePage.close();
	});
});

describe('example 2 in the editor (the README’s first picture)', () => {
	test('running 2a sends sample.wav with a callback, and 2b’s execution shows the transcript', async () => {
		const sender = await ui.newPage();
		await sender.goto(`${stack.n8n.baseUrl}/workflow/${EXAMPLE_2A}`);
		await sender.getByTestId('execute-workflow-button').click();
		await sender.getByText('Workflow executed successfully').waitFor({ timeout: 60_000 });
		await sender.getByTestId('zoom-to-fit').click();
		await ui.shot(sender, 'example-2a-executed');
		const sent = await sender.getByTestId('canvas').screenshot();

		const [execution] = await waitForExecutions(stack.api, EXAMPLE_2B, 1, { includeData: true });
		expect(execution.status).toBe('success');
		expect(JSON.stringify(nodeItems(execution, 'Transcript'))).toContain(SAMPLE.transcript);
		const receiver = await ui.newPage();
		await receiver.goto(`${stack.n8n.baseUrl}/workflow/${EXAMPLE_2B}/executions/${execution.id}`);
		const preview = receiver.getByTestId('execution-preview-host');
		await preview.getByTestId('canvas-node-status-success').first().waitFor();
		// n8n suggests next steps on a workflow's first execution; they are not part of the picture.
		const suggestions = receiver.getByTestId('suggested-actions-close');
		if (await suggestions.isVisible()) await suggestions.click();
		await preview.getByTestId('zoom-to-fit').click();
		await ui.shot(receiver, 'example-2b-execution');
		const received = await preview.screenshot();

		await composeRoundTrip(await ui.newPage(), sent, received);
	});
});

describe('the browser', () => {
	test('reported no error from our nodes', () => {
		// Resources off this machine (n8n looks community packages up in their registry) fail offline.
		const offline = (text: string) => /^Failed to load resource: net::/.test(text);
		// Every list search and credential test in this suite is one of our nodes': n8n answers 5xx when it throws.
		const serverError = ({ kind, text }: { kind: string; text: string }) => kind === 'response' && / → 5\d\d$/.test(text);
		const ours = ui.problems.filter(
			(problem) => (/deepgram/i.test(problem.text) && !offline(problem.text)) || serverError(problem),
		);
		expect(ours).toEqual([]);
		// Anything else the browser reported (but the offline lookups), for whoever reads the log.
		const others = ui.problems.filter((problem) => !offline(problem.text));
		if (others.length > 0) console.log(others.map((p) => `${p.kind}: ${p.text}`).join('\n'));
	});
});

/**
 * One picture of the round trip: the sender's canvas above the receiver's execution, each cut to
 * its canvas, laid out in a page of the same browser.
 */
async function composeRoundTrip(page: Page, sent: Buffer, received: Buffer) {
	const image = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;
	await page.setViewportSize({ width: 1200, height: 1200 });
	await page.setContent(`<!doctype html><meta charset="utf-8">
<style>
  body { margin: 0; font: 15px system-ui, sans-serif; background: #fff; color: #333; }
  figure { margin: 0; position: relative; border-bottom: 1px solid #ddd; }
  img { display: block; width: 1200px; }
  figcaption { position: absolute; left: 16px; top: 12px; background: #fffc; padding: 4px 8px; border-radius: 4px; }
  p { margin: 0; height: 58px; line-height: 58px; text-align: center; font-weight: 600; }
</style>
<figure><img src="${image(sent)}"><figcaption>Example 2a sends sample.wav to Deepgram with a callback URL, tags and extra</figcaption></figure>
<p>↓ Deepgram calls back (Basic Auth + callback secret) ↓</p>
<figure><img src="${image(received)}"><figcaption>Example 2b: the Deepgram Callback Trigger verifies the callback and starts the workflow once</figcaption></figure>`);
	await page.waitForLoadState('load');
	const height = await page.locator('body').evaluate((body) => body.scrollHeight);
	await page.setViewportSize({ width: 1200, height });
	await ui.shot(page, 'round-trip', 'round-trip');
	await page.close();
}

/**
 * A job sent straight to the emulator with the trigger's test URL as callback, carrying the
 * credential's Basic Auth and callback secret as the Transcribe node would.
 */
async function submitCallbackJob(testUrl: string) {
	const callback = new URL(testUrl);
	callback.username = stack.secrets.callbackUser;
	callback.password = stack.secrets.callbackPassword;
	const query = new URLSearchParams({
		callback: callback.toString(),
		extra: `callback_secret:${stack.secrets.callbackSecret}`,
	});
	const answer = await http(`${stack.emulator.baseUrl}/v1/listen?${query}`, {
		method: 'POST',
		headers: { authorization: `Token ${stack.secrets.deepgramApiKey}` },
		body: { url: AUDIO_URL },
	});
	expect(answer.status).toBe(200);
}
