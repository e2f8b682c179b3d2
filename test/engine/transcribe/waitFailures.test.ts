/**
 * Wait for Callback when it cannot, or does not, end with a transcript: the time limit passes,
 * several items arrive, the credential sets no callback security, or n8n's resume URL is on a
 * port Deepgram does not call. Everything but the time limit is caught before anything is sent.
 */
import { NODE_NAME, transcribe } from './helpers';
import {
	AUDIO_URL,
	call,
	basicAuth,
	deepgramResult,
	item,
	sentCallback,
	waitTestbed,
	waitWorkflow,
	withoutUserInfo,
} from './waitTestbed';

const bed = waitTestbed();

const listenRequests = () => bed.emu.requests.filter((request) => request.path === '/v1/listen');

describe('the time limit', () => {
	it('fails the node with the request_id when it passes without a callback', async () => {
		bed.emu.configure({ callbackDelayMs: 600_000 });
		const { id } = await bed.start(waitWorkflow({ timeLimit: 2, timeLimitUnit: 'hours' }));
		const requestId = bed.emu.served[0].request_id;

		const execution = await bed.server.expire(id);

		expect(execution.status).toBe('error');
		expect(execution.error).toMatchObject({
			message: `No callback from Deepgram for request_id ${requestId} within 2 hours`,
			description: expect.stringContaining('N8N_WEBHOOK_URL'),
		});
		expect(execution.run.data.resultData.lastNodeExecuted).toBe(NODE_NAME);
		expect(execution.run.data.resultData.runData['Store Transcript']).toBeUndefined();
	});

	it('with Continue On Fail, outputs the error as an item and the workflow goes on', async () => {
		bed.emu.configure({ callbackDelayMs: 600_000 });
		const workflow = waitWorkflow(
			{ timeLimit: 1, timeLimitUnit: 'minutes' },
			{ continueOnFail: true },
		);
		const { id } = await bed.start(workflow);
		const requestId = bed.emu.served[0].request_id;

		const execution = await bed.server.expire(id);

		expect(execution.status).toBe('success');
		const expected = {
			error: `No callback from Deepgram for request_id ${requestId} within 1 minute`,
		};
		expect(execution.items(NODE_NAME)).toEqual([{ json: expected, pairedItem: [{ item: 0 }] }]);
		expect(execution.items('Store Transcript').map((entry) => entry.json)).toEqual([expected]);
	});

	it('is the wait’s end: Deepgram’s callback after it finds the execution finished (409)', async () => {
		bed.emu.configure({ callbackDelayMs: 600_000 });
		const { id } = await bed.start();
		const url = withoutUserInfo(sentCallback(bed.emu));
		await bed.server.expire(id);

		const late = await call(url, {
			headers: { authorization: basicAuth() },
			body: await deepgramResult(bed.emu),
		});

		expect(late.status).toBe(409);
		expect(bed.server.execution(id).status).toBe('error');
	});

	it('counts from when Deepgram accepted the request, in the unit chosen', async () => {
		bed.emu.configure({ callbackDelayMs: 600_000 });
		const before = Date.now();
		const execution = await bed.start(waitWorkflow({ timeLimit: 90, timeLimitUnit: 'seconds' }));
		const waited = Date.parse(String(execution.run.waitTill)) - before;
		expect(waited).toBeGreaterThanOrEqual(90_000);
		expect(waited).toBeLessThan(100_000);
	});

	it('must be a positive time: anything else stops the node before sending', async () => {
		const execution = await bed.start(waitWorkflow({ timeLimit: '={{ 0 }}' }));
		expect(execution.status).toBe('error');
		expect(execution.error?.message).toBe(
			'Time Limit must be a number of at least 1, not 0 [item 0]',
		);
		expect(listenRequests()).toEqual([]);
	});
});

describe('caught before anything is sent', () => {
	it('several items: the mode takes one item per execution, and says what to do', async () => {
		const execution = await bed.start(waitWorkflow(), [item('a'), item('b')]);

		expect(execution.status).toBe('error');
		expect(execution.error).toMatchObject({
			message: 'Wait for Callback transcribes one item per execution, and 2 items arrived',
			description: expect.stringContaining('Loop Over Items node (batch size 1)'),
		});
		expect(listenRequests()).toEqual([]);
	});

	it('several items with Continue On Fail: an error item for each, nothing sent, no wait', async () => {
		const workflow = waitWorkflow({}, { continueOnFail: true });
		const execution = await bed.start(workflow, [item('a'), item('b')]);

		expect(execution.status).toBe('success');
		const error = 'Wait for Callback transcribes one item per execution, and 2 items arrived';
		expect(execution.items(NODE_NAME).map((entry) => [entry.json.error, entry.pairedItem])).toEqual(
			[
				[error, { item: 0 }],
				[error, { item: 1 }],
			],
		);
		expect(listenRequests()).toEqual([]);
	});

	it('a credential without callback security: no callback could be verified, so nothing is sent', async () => {
		const execution = await bed.start(waitWorkflow(), [item()], {});

		expect(execution.status).toBe('error');
		expect(execution.error?.message).toBe(
			'Wait for Callback needs callback security: the Deepgram API credential sets no Callback Secret and no Basic Auth user and password [item 0]',
		);
		expect(listenRequests()).toEqual([]);
	});

	it('n8n on its default port 5678: the resume URL cannot be called back, and the error says why', async () => {
		// The plain engine harness builds resume URLs on http://127.0.0.1:5678/, as a default n8n does.
		const result = await transcribe(
			bed.emu,
			{ audioSource: 'url', audioUrl: AUDIO_URL, resultsProcessing: 'wait', checkDgToken: true },
			[{ json: {} }],
			{ credential: { callbackSecret: 'cb-secret' } },
		);

		expect(result.error).toMatchObject({
			message: expect.stringMatching(
				/^callback port 5678 is not allowed by Deepgram: use 80, 443, 8080 or 8443 \(.*N8N_WEBHOOK_URL — formerly WEBHOOK_URL.*\) \[item 0\]$/,
			),
			description: expect.stringContaining(
				'http://127.0.0.1:5678/webhook-waiting/', // shown without the resume token
			),
		});
		expect(JSON.stringify(result.error)).not.toContain('signature=');
		// Not even the dg-token key lookup went out.
		expect(bed.emu.requests).toEqual([]);
	});
});

describe('n8n’s waiting internals are checked before anything is sent', () => {
	it('an n8n that keeps a copy of the node’s metadata: the node fails naming the supported n8n, nothing sent', async () => {
		// As a later n8n might: setMetadata stores a copy instead of the object the node passed.
		const { ExecuteContext } = require('n8n-core') as {
			ExecuteContext: { prototype: { setMetadata(metadata: object): void } };
		};
		const original = ExecuteContext.prototype.setMetadata;
		const spy = jest.spyOn(ExecuteContext.prototype, 'setMetadata').mockImplementation(function (
			this: unknown,
			metadata: object,
		) {
			original.call(this, JSON.parse(JSON.stringify(metadata)));
		});
		try {
			const execution = await bed.start(waitWorkflow());
			expect(execution.status).toBe('error');
			expect(execution.error).toMatchObject({
				message:
					'Wait for Callback cannot run on this n8n: it does not keep a node’s metadata on its execution entry. Nothing was sent to Deepgram [item 0]',
				description: expect.stringContaining('n8n 2.41 (tested with 2.41.1)'),
			});
			expect(listenRequests()).toEqual([]);
		} finally {
			spy.mockRestore();
		}
	});

	it('a send that fails leaves nothing that would fail the node later: Continue On Fail goes on, no wait', async () => {
		bed.emu.fault({ path: '/v1/listen', status: 400 });
		const execution = await bed.start(waitWorkflow({}, { continueOnFail: true }));
		expect(execution.status).toBe('success');
		expect(execution.run.waitTill).toBeUndefined();
		expect(execution.items(NODE_NAME)[0].json.error).toMatch(/^Deepgram 400/);
		expect(execution.items('Store Transcript')).toHaveLength(1);
		// n8n saves the entry's metadata with the node's run: no timeout error left in it.
		expect(execution.run.data.resultData.runData[NODE_NAME][0].metadata?.resumeError).toBeUndefined();
	});
});
