import { createServer, type IncomingHttpHeaders, type Server } from 'http';

export interface CallbackReceiver {
	url: string;
	received: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }>;
	close(): Promise<void>;
}

/** A server that takes Deepgram's callbacks and answers `status`, on a port Deepgram accepts. */
export async function startCallbackReceiver(status = 200): Promise<CallbackReceiver> {
	const received: CallbackReceiver['received'] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({
				method: req.method ?? '',
				url: req.url ?? '',
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			});
			res.writeHead(status).end();
		});
	});
	const url = await listenOnCallbackPort(server);
	return {
		url,
		received,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/**
 * Listens on 8080 or 8443 (ports Deepgram calls back to) of a random loopback address, so that
 * parallel test files and an n8n on 8080 do not clash; resolves with the server's base URL.
 */
export async function listenOnCallbackPort(server: Server): Promise<string> {
	const octet = () => 2 + Math.floor(Math.random() * 250);
	for (let attempt = 0; attempt < 50; attempt++) {
		const host = `127.${octet()}.${octet()}.${octet()}`;
		const port = attempt % 2 === 0 ? 8080 : 8443;
		const listening = await new Promise<boolean>((resolve) => {
			server.once('error', () => resolve(false));
			server.listen(port, host, () => resolve(true));
		});
		if (!listening) continue;
		server.removeAllListeners('error');
		return `http://${host}:${port}`;
	}
	throw new Error('no free loopback address on port 8080 or 8443');
}
