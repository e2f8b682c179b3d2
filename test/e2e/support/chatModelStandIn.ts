/**
 * A stand-in for an OpenAI-compatible chat model (POST /v1/chat/completions, no streaming) that
 * follows a script instead of thinking: asked with tools and no tool result yet, it calls the tool
 * the script names with the script's arguments; once the tool answered, it replies with a final
 * message quoting what the tool returned. Every request is kept for the test to read.
 */
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';

export interface ToolCallScript {
	/** Picks the tool among those n8n offers, by its name (n8n names a tool after its node). */
	tool: RegExp;
	/** The arguments the model passes to the tool. */
	args: Record<string, unknown>;
}

export interface OfferedTool {
	name: string;
	description: string;
	parameters: { properties?: Record<string, unknown>; required?: string[] };
}

interface ChatMessage {
	role: string;
	content?: string | null | Array<{ type: string; text?: string }>;
	tool_call_id?: string;
}

export interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	tools?: Array<{ type: 'function'; function: OfferedTool }>;
	stream?: boolean;
}

export interface ChatModelStandIn {
	/** The Base URL for n8n's OpenAI credential (ends in /v1). */
	baseUrl: string;
	requests: ChatRequest[];
	/** The tool call the next conversation starts with. */
	script(next: ToolCallScript): void;
	stop(): Promise<void>;
}

/** Opens every final answer, so a test can find it. */
export const FINAL_ANSWER_PREFIX = 'The tool answered: ';

const text = (content: ChatMessage['content']) =>
	typeof content === 'string'
		? content
		: (content ?? []).map((part) => part.text ?? '').join('');

function completion(message: Record<string, unknown>, finishReason: string) {
	return {
		id: `chatcmpl-standin-${Date.now()}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: 'stand-in',
		choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finishReason }],
		usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
	};
}

function answer(request: ChatRequest, next: ToolCallScript | undefined) {
	const toolResult = [...request.messages].reverse().find((m) => m.role === 'tool');
	if (toolResult) {
		return completion({ content: FINAL_ANSWER_PREFIX + text(toolResult.content) }, 'stop');
	}
	const offered = (request.tools ?? []).map((t) => t.function.name);
	const tool = next && offered.find((name) => next.tool.test(name));
	if (!next || !tool) {
		return completion(
			{ content: `No scripted tool among the offered ones: ${offered.join(', ') || 'none'}` },
			'stop',
		);
	}
	const call = {
		id: `call_${Date.now()}`,
		type: 'function',
		function: { name: tool, arguments: JSON.stringify(next.args) },
	};
	return completion({ content: null, tool_calls: [call] }, 'tool_calls');
}

export async function startChatModelStandIn(): Promise<ChatModelStandIn> {
	const requests: ChatRequest[] = [];
	let next: ToolCallScript | undefined;
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const send = (status: number, body: unknown) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(body));
			};
			if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
				send(404, { error: { message: `the stand-in answers only POST /v1/chat/completions, not ${req.method} ${req.url}` } });
				return;
			}
			const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
			requests.push(request);
			if (request.stream) {
				send(400, { error: { message: 'the stand-in does not stream; turn streaming off' } });
				return;
			}
			send(200, answer(request, next));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}/v1`,
		requests,
		script(call) {
			next = call;
		},
		stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
