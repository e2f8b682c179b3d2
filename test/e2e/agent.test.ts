/**
 * The nodes as AI Agent tools in a real n8n 2.41: n8n's AI Agent with its OpenAI chat model pointed
 * at a scripted stand-in (test/e2e/support/chatModelStandIn.ts) calls Deepgram Transcribe (audio
 * URL from $fromAI) and Usage by Tag, and its final answer carries what the tools returned. What
 * an agent cannot use (Wait for Callback, a binary file) comes back to it as a clear message, and
 * nothing is sent to Deepgram.
 */
import { join } from 'path';

import { EXAMPLE_CREDENTIAL, readWorkflows } from '../n8n/workflows';
import { startChatModelStandIn, FINAL_ANSWER_PREFIX, type ChatModelStandIn } from './support/chatModelStandIn';
import { http } from './support/http';
import { SAMPLE, SAMPLE_WAV } from './support/sample';
import { secretForms, leakedSecrets } from './support/secrets';
import { startStack, WEBHOOK_BASE, type Stack } from './support/stack';
import { waitFor } from './support/wait';

jest.setTimeout(120_000);

const AUDIO_URL = 'https://media.example.com/agent/sample.wav';
const AGENT_WORKFLOWS_DIR = join(__dirname, 'agent-workflows');
const CHAT_MODEL_CREDENTIAL = { id: 'chatModelStandIn', name: 'Chat model stand-in' };

let stack: Stack;
let model: ChatModelStandIn;

beforeAll(async () => {
	model = await startChatModelStandIn();
	stack = await startStack({ urlAudio: { [AUDIO_URL]: SAMPLE_WAV } });
	stack.n8n.importCredentials([
		{ ...CHAT_MODEL_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'stand-in-key', url: model.baseUrl } },
	]);
	const [agent] = readWorkflows({ credential: EXAMPLE_CREDENTIAL, webhookBaseUrl: WEBHOOK_BASE, dir: AGENT_WORKFLOWS_DIR });
	stack.n8n.importWorkflow(agent.workflow);
	await stack.api.publish(agent.workflow.id);
	// n8n 2.41 registers a published workflow's webhooks a moment later (its publication outbox).
	await waitFor('the agent workflow’s webhook', async () =>
		stack.n8n.log().includes('Added webhook "Ask the agent"') || undefined,
	);
});

afterAll(async () => {
	await stack?.stop();
	await model?.stop();
});

/** Asks the agent (its webhook answers with the agent's last output); the tools it was offered. */
async function ask(question: string) {
	const before = model.requests.length;
	const answer = await http(`${WEBHOOK_BASE}webhook/deepgram-agent`, { method: 'POST', body: { question } });
	expect(answer.status).toBe(200);
	const output = String(answer.json?.output ?? answer.text);
	expect(output.startsWith(FINAL_ANSWER_PREFIX)).toBe(true);
	const offered = model.requests[before]?.tools?.map((t) => t.function) ?? [];
	return { output, offered };
}

const listens = () => stack.emulator.requests.filter((r) => r.path === '/v1/listen');

test('Deepgram Transcribe as a tool: the agent passes an audio URL and answers with the transcript', async () => {
	model.script({ tool: /audio_URL/i, args: { audio_url: AUDIO_URL } });
	const { output, offered } = await ask('What is said in the recording?');

	expect(output).toContain(SAMPLE.transcript);
	// The agent fills exactly one parameter, the one $fromAI names.
	const tool = offered.find((t) => /audio_URL/i.test(t.name));
	expect(tool?.parameters.properties && Object.keys(tool.parameters.properties)).toEqual(['audio_url']);
	expect(listens().map((r) => ({ query: r.query, json: r.json }))).toEqual([
		{ query: [['model', 'nova-3'], ['language', 'en'], ['tag', 'agent-tool']], json: { url: AUDIO_URL } },
	]);
});

test('Usage by Tag as a tool: the agent answers with the hours and requests the emulator counted', async () => {
	model.script({ tool: /Usage_per_tag/i, args: {} });
	const { output } = await ask('How much Deepgram did each tag use this month?');

	// The one transcription above: the sample's seconds of audio under "agent-tool".
	const figures = JSON.parse(output.slice(FINAL_ANSWER_PREFIX.length)) as Array<Record<string, unknown>>;
	expect(figures.find((row) => row.tag === 'agent-tool')).toMatchObject({
		kind: 'tag',
		requests: 1,
		hours: Number((SAMPLE.duration / 3600).toFixed(6)),
	});
	expect(figures.find((row) => row.kind === 'total')).toMatchObject({ requests: 1 });
});

test('Wait for Callback as a tool is refused with a message the agent reads; nothing is sent', async () => {
	const sent = listens().length;
	model.script({ tool: /and_wait/i, args: { audio_url: AUDIO_URL } });
	const { output } = await ask('Transcribe the recording and wait for it.');

	expect(output).toContain('Wait for Callback cannot run as an AI Agent tool');
	expect(output).toContain('Set Results Processing to Return Transcript');
	expect(listens()).toHaveLength(sent);
});

test('a binary-file source as a tool is refused with a message the agent reads; nothing is sent', async () => {
	const sent = listens().length;
	model.script({ tool: /binary_file/i, args: {} });
	const { output } = await ask('Transcribe the attached file.');

	expect(output).toContain('An AI Agent cannot hand this tool a binary file: set Audio Source to URL');
	expect(listens()).toHaveLength(sent);
});

test('no Deepgram secret reached the chat model', () => {
	const forms = secretForms(stack.secrets);
	expect(leakedSecrets(JSON.stringify(model.requests), forms)).toEqual([]);
});
