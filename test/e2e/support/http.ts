/**
 * Plain HTTP for the suite: one connection per request (`agent: false`). n8n closes idle
 * keep-alive sockets while the suite waits on a CLI run, and a pooled client then fails with
 * "other side closed"; a fresh connection never reuses a dead one.
 */
import { request as httpRequest } from 'http';

export interface HttpAnswer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	json: any;
}

export function http(
	url: string,
	{
		method = 'GET',
		headers = {},
		body,
	}: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<HttpAnswer> {
	const payload =
		body === undefined
			? undefined
			: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
	const allHeaders: Record<string, string> = { accept: 'application/json', ...headers };
	if (payload) {
		allHeaders['content-type'] ??= 'application/json';
		allHeaders['content-length'] = String(payload.length);
	}
	return new Promise((resolve, reject) => {
		const req = httpRequest(
			url,
			{ method, headers: allHeaders, agent: false, timeout: 30_000 },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let json: unknown;
					try {
						json = text ? JSON.parse(text) : undefined;
					} catch {
						json = undefined;
					}
					resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
				});
				res.on('error', reject);
			},
		);
		req.on('timeout', () => req.destroy(new Error(`${method} ${url}: no answer within 30 s`)));
		req.on('error', reject);
		req.end(payload);
	});
}
