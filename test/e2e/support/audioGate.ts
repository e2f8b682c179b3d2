/**
 * Serves audio for Deepgram (the emulator) to download, holding each file back until the test
 * releases it: the job cannot finish, and no callback can come, before the test says so.
 */
import { createServer, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

export interface AudioGate {
	/** The URL of `name` (any name; each is held on its own). */
	url(name: string): string;
	/** Lets the downloads of `name` through, now and later. */
	release(name: string): void;
	/** Answers the downloads of `name` with 404, now and later: Deepgram fails the job. */
	fail(name: string): void;
	stop(): Promise<void>;
}

export async function startAudioGate(audio: Buffer): Promise<AudioGate> {
	const released = new Set<string>();
	const missing = new Set<string>();
	const held = new Map<string, ServerResponse[]>();
	const send = (res: ServerResponse) =>
		res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': audio.length }).end(audio);
	const server = createServer((req, res) => {
		const name = (req.url ?? '/').slice(1);
		if (missing.has(name)) res.writeHead(404).end();
		else if (released.has(name)) send(res);
		else held.set(name, [...(held.get(name) ?? []), res]);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: (name) => `http://127.0.0.1:${port}/${name}`,
		release(name) {
			released.add(name);
			for (const res of held.get(name) ?? []) send(res);
			held.delete(name);
		},
		fail(name) {
			missing.add(name);
			for (const res of held.get(name) ?? []) res.writeHead(404).end();
			held.delete(name);
		},
		stop: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
