/** Shared helpers of the emulator contract tests: raw HTTP calls and a callback receiver. */
import * as http from 'http';
import { Readable } from 'stream';

export interface Reply {
	status: number;
	headers: http.IncomingHttpHeaders;
	text: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	body: any;
}

export interface CallOptions {
	method?: string;
	headers?: Record<string, string>;
	body?: Buffer | string | Readable;
	/** false: no Authorization header; default: Token dg-key-1 */
	key?: string | false;
}

/**
 * One request with the path sent byte for byte (fetch/axios would re-encode the query).
 * A Readable body goes out chunked unless a content-length header is given.
 */
export function call(baseUrl: string, path: string, o: CallOptions = {}): Promise<Reply> {
	const url = new URL(baseUrl);
	const headers: Record<string, string> = { ...(o.headers ?? {}) };
	if (o.key !== false) headers.authorization ??= `Token ${o.key ?? 'dg-key-1'}`;
	return new Promise((resolve, reject) => {
		const req = http.request(
			{ host: url.hostname, port: url.port, path, method: o.method ?? (o.body !== undefined ? 'POST' : 'GET'), headers, agent: false },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let body: unknown = text;
					try {
						body = JSON.parse(text);
					} catch {
						// plain text body
					}
					resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
				});
				res.on('error', reject);
			},
		);
		req.on('error', reject);
		if (o.body instanceof Readable) o.body.pipe(req);
		else req.end(o.body);
	});
}

export interface Received {
	method: string;
	url: string;
	headers: http.IncomingHttpHeaders;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	body: any;
}

export interface Receiver {
	port: number;
	url: string;
	received: Received[];
	/** statuses to answer, in order; the last one repeats */
	statuses: number[];
	close(): Promise<void>;
}

/** A local HTTP server standing in for a webhook that receives callbacks. */
export async function startReceiver(statuses: number[] = [200]): Promise<Receiver> {
	const received: Received[] = [];
	const r: Partial<Receiver> = { received, statuses };
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: text ? JSON.parse(text) : undefined });
			const list = r.statuses as number[];
			const status = list[Math.min(received.length - 1, list.length - 1)];
			res.writeHead(status, { 'content-type': 'text/plain' });
			res.end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const port = (server.address() as { port: number }).port;
	r.port = port;
	r.url = `http://127.0.0.1:${port}`;
	r.close = () =>
		new Promise<void>((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		});
	return r as Receiver;
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
	const server = http.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const port = (server.address() as { port: number }).port;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

/** Polls until `cond` holds (no time limit of its own: Jest's test timeout bounds it). */
export async function until(cond: () => boolean): Promise<void> {
	while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
