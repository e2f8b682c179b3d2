/** The run's outcome as n8n writes it: seen when the response is ended, even after a hang-up. */
import { createServer, request, type Server } from 'http';
import type { AddressInfo } from 'net';

import { observeAnswer } from '../../../nodes/Deepgram/trigger/answerObserver';

test('reports the status once, when the response is ended, and still ends it', () => {
	const ended: unknown[][] = [];
	const res = {
		statusCode: 200,
		end: (...args: unknown[]) => ended.push(args),
	};
	const seen: number[] = [];
	observeAnswer(res, (status) => seen.push(status));
	expect(seen).toEqual([]);
	res.statusCode = 500;
	res.end('{"message":"Error in workflow"}' as never);
	res.end();
	expect(seen).toEqual([500]);
	expect(ended).toEqual([['{"message":"Error in workflow"}'], []]);
});

test('a caller that hung up before the answer: the status is still seen (no finish event)', async () => {
	let hangUp = () => {};
	const seen = new Promise<{ status: number; destroyed: boolean; finished: boolean }>((resolve) => {
		const server: Server = createServer((_req, res) => {
			let finished = false;
			res.on('finish', () => (finished = true));
			observeAnswer(res, (status) =>
				setImmediate(() => resolve({ status, destroyed: res.destroyed, finished })),
			);
			res.on('close', () => {
				// The caller is gone; the run ends later and n8n writes its answer anyway.
				res.statusCode = 200;
				res.end();
				server.close();
			});
			hangUp();
		});
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			const req = request({ port, host: '127.0.0.1', method: 'POST' });
			req.on('error', () => undefined);
			// The caller hangs up once n8n has its request, before any answer.
			hangUp = () => req.destroy();
			req.end('{}');
		});
	});
	expect(await seen).toEqual({ status: 200, destroyed: true, finished: false });
});
