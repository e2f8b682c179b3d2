/**
 * Shared pieces of the Callback Trigger engine tests: a trigger session wired to the emulator,
 * a Transcribe-like request made straight to the emulator, raw deliveries, and a proxy that can
 * stand between Deepgram and n8n (down at first, or losing n8n's answer).
 */
import axios from 'axios';
import * as http from 'http';
import type { AddressInfo } from 'net';
import type { INode } from 'n8n-workflow';

import { startTriggerSession, type TriggerSession } from '../../harness';
import { securedCallbackUrl } from '../../../nodes/Deepgram/shared/callbackSender';
import { startEmulator } from '../../emulator';
import { makeWav } from '../../emulator/wav';

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;
type EmulatorOptions = NonNullable<Parameters<typeof startEmulator>[0]>;
export type DeepgramApiCredential = Record<string, string>;

export const TRIGGER_TYPE = 'n8n-nodes-deepgram-callback.deepgramCallbackTrigger';
export const WAV = makeWav({ seconds: 4 });
export const NOW = '2026-11-26T10:00:00.000Z';
export const SECRET = 'callback-secret-7f3a9c';
export const USER = 'deepgram';
export const PASSWORD = 'basic-pw-41d8e2';
/** What the emulator transcribes WAV to, with its seeded confidence. */
export const TRANSCRIPT = 'hello from the deepgram emulator';

/** The emulator as every trigger test starts from: any port, quick deliveries and retries. */
const EMULATOR_BASE: EmulatorOptions = {
	allowedCallbackPorts: null,
	callbackDelayMs: 5,
	callbackRetries: 10,
	callbackRetryDelayMs: 50,
	callbackSendDgToken: true,
	now: () => new Date(NOW),
};

export interface TriggerTestbed {
	emu: Emulator;
	/** A trigger session, stopped after the test. */
	start(
		parameters: INode['parameters'],
		deepgramApi: DeepgramApiCredential,
		typeVersion?: number,
	): Promise<TriggerSession>;
}

/**
 * Registers the hooks a trigger test file needs: one emulator for the file, reset to `options`
 * before each test (a test's configure() does not leak into the next), and every session
 * started through `start` stopped after its test.
 */
export function triggerTestbed(options: EmulatorOptions = {}): TriggerTestbed {
	const sessions: TriggerSession[] = [];
	const testbed: TriggerTestbed = {
		emu: undefined as unknown as Emulator,
		async start(parameters, deepgramApi, typeVersion) {
			const session = await startTriggerSession({
				type: TRIGGER_TYPE,
				parameters,
				credentials: { deepgramApi },
				typeVersion,
			});
			sessions.push(session);
			return session;
		},
	};
	beforeAll(async () => {
		testbed.emu = await startEmulator({ ...EMULATOR_BASE, ...options });
	});
	beforeEach(() => {
		testbed.emu.reset();
		testbed.emu.configure({ ...EMULATOR_BASE, ...options });
	});
	afterEach(async () => {
		await Promise.all(sessions.splice(0).map((session) => session.stop()));
	});
	afterAll(() => testbed.emu.stop());
	return testbed;
}

export function credential(
	emu: Emulator,
	extra: DeepgramApiCredential = {},
): DeepgramApiCredential {
	return { apiKey: 'dg-key-1', baseUrl: 'custom', customBaseUrl: emu.baseUrl, ...extra };
}

/** The session's URL with Basic Auth user info, as the Transcribe node gives it to Deepgram. */
export function withBasicAuth(url: string, user = USER, password = PASSWORD): string {
	return securedCallbackUrl(new URL(url), { basicAuth: { user, password } });
}

/**
 * What the Transcribe node sends in callback mode, made straight to the emulator:
 * `POST /v1/listen?callback=…&extra=…` with the WAV. Returns Deepgram's request_id.
 */
export async function transcribeWithCallback(
	emu: Emulator,
	callback: string,
	options: { secret?: string; extra?: string[]; callbackMethod?: 'put'; json?: object } = {},
): Promise<string> {
	const query = new URLSearchParams({ callback });
	if (options.callbackMethod) query.append('callback_method', options.callbackMethod);
	for (const pair of options.extra ?? []) query.append('extra', pair);
	if (options.secret !== undefined) query.append('extra', `callback_secret:${options.secret}`);
	const response = await axios.post(`${emu.baseUrl}/v1/listen?${query}`, options.json ?? WAV, {
		headers: {
			Authorization: 'Token dg-key-1',
			'Content-Type': options.json ? 'application/json' : 'audio/wav',
		},
	});
	return (response.data as { request_id: string }).request_id;
}

export interface Delivery {
	status: number;
	headers: http.IncomingHttpHeaders;
	text: string;
}

/** One raw request to the trigger, as Deepgram (or anyone else) could send it. */
export function deliver(
	url: string,
	options: { method?: string; headers?: Record<string, string>; body?: string | object } = {},
): Promise<Delivery> {
	const body =
		options.body === undefined || typeof options.body === 'string'
			? options.body
			: JSON.stringify(options.body);
	const headers: Record<string, string> = {
		...(typeof options.body === 'object' ? { 'content-type': 'application/json' } : {}),
		...options.headers,
	};
	const target = new URL(url);
	if (target.username) {
		const userInfo = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`;
		headers.authorization ??= `Basic ${Buffer.from(userInfo).toString('base64')}`;
		target.username = '';
		target.password = '';
	}
	return new Promise((resolve, reject) => {
		const req = http.request(
			target,
			{ method: options.method ?? 'POST', headers, agent: false },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						text: Buffer.concat(chunks).toString('utf8'),
					}),
				);
				res.on('error', reject);
			},
		);
		req.on('error', reject);
		req.end(body);
	});
}

/**
 * Deepgram's authentic delivery for one job, made by the emulator to `url` (with the recommended
 * Basic Auth and secret), and a way to send a copy of it, as Deepgram would, to any trigger URL.
 */
export async function authenticDelivery(emu: Emulator, url: string) {
	const requestId = await transcribeWithCallback(emu, withBasicAuth(url), { secret: SECRET });
	const [delivered] = await emu.waitForCallbacks(1);
	return {
		requestId,
		copyTo: (target: string) =>
			deliver(target, {
				headers: { authorization: delivered.headers.authorization },
				body: delivered.body as object,
			}),
	};
}

/** A port nothing listens on: bound, then released. */
export async function freePort(): Promise<number> {
	const server = http.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

export interface Proxy {
	/** n8n's answers, in order, as the proxy got them. */
	upstreamAnswers: Array<{ status: number; text: string }>;
	close(): Promise<void>;
}

/**
 * A reverse proxy on `port` in front of the trigger. `loseAnswers` first answers from n8n are
 * not passed on: the connection to Deepgram is cut instead, as when a proxy times out.
 */
export async function startProxy(port: number, upstream: string, loseAnswers = 0): Promise<Proxy> {
	const upstreamAnswers: Proxy['upstreamAnswers'] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', async () => {
			const target = new URL(req.url ?? '/', upstream);
			const answer = await deliver(target.href, {
				method: req.method,
				headers: req.headers as Record<string, string>,
				body: Buffer.concat(chunks).toString('utf8'),
			});
			upstreamAnswers.push({ status: answer.status, text: answer.text });
			if (upstreamAnswers.length <= loseAnswers) {
				req.socket.destroy();
				return;
			}
			res.writeHead(answer.status, {
				'content-type': answer.headers['content-type'] ?? 'text/plain',
			});
			res.end(answer.text);
		});
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return {
		upstreamAnswers,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/** A delivery as the trigger saves it in static data: when it came, then its keys. */
export function remembered(...keys: string[]): string {
	const escaped = keys.map((key) => encodeURIComponent(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
	return expect.stringMatching(new RegExp(`^\\d+ ${escaped.join(' ')}$`)) as string;
}

/** Every string in the executions' items, for "the secret never appears" checks. */
export function executionsText(session: TriggerSession): string {
	return JSON.stringify(session.executions);
}
