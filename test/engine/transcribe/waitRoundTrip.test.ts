/**
 * Wait for Callback, the way it is meant to go: the execution waits, Deepgram (the emulator) calls
 * the resume URL back, and the execution resumes with the same output as Return Transcript.
 */
import { BASIC_PASSWORD, BASIC_USER, NODE_NAME, SECRET } from './helpers';
import {
	AUDIO_URL,
	basicAuthOnly,
	deepgramResult,
	item,
	MISSING_AUDIO_URL,
	postAsDeepgram,
	sentCallback,
	TRANSCRIPT,
	waitTestbed,
	waitWorkflow,
} from './waitTestbed';

const bed = waitTestbed();
const query = (name: string) =>
	bed.emu.requests
		.filter((request) => request.path === '/v1/listen')
		.at(-1)!
		.query.filter(([key]) => key === name)
		.map(([, value]) => value);

describe('Wait for Callback: the round trip', () => {
	it('sends this execution’s resume URL as callback, secured with the credential, and waits', async () => {
		const execution = await bed.start();

		expect(execution.status).toBe('waiting');
		const callback = sentCallback(bed.emu);
		const resumePath = `/webhook-waiting/${execution.id}/deepgram`;
		expect(`${callback.protocol}//${callback.host}${callback.pathname}`).toBe(
			`${bed.server.baseUrl}${resumePath}`,
		);
		expect(decodeURIComponent(callback.username)).toBe(BASIC_USER);
		expect(decodeURIComponent(callback.password)).toBe(BASIC_PASSWORD);
		expect(callback.searchParams.get('signature')).toBe(execution.run.data.resumeToken);
		expect(query('extra')).toEqual([
			'job_id:job-1',
			expect.stringMatching(/^idempotency_key:n8n-\d+-0-[0-9a-f]{12}$/),
			`callback_secret:${SECRET}`,
		]);
		expect(query('tag')).toEqual(['podcast']);
		expect(query('callback_method')).toEqual([]);

		const [requestId] = bed.emu.served.map((record) => record.request_id);
		const waitTill = new Date(execution.run.waitTill!);
		expect(execution.items(NODE_NAME)).toEqual([
			{
				json: {
					request_id: requestId,
					request_ids: [requestId],
					callback: `${bed.server.baseUrl}${resumePath}`,
					callback_method: 'POST',
					tags: ['podcast'],
					extra: { job_id: 'job-1' },
					idempotency_key: query('extra')[1].slice('idempotency_key:'.length),
					wait_till: waitTill.toISOString(),
				},
				pairedItem: { item: 0 },
			},
		]);
		const limit = waitTill.getTime() - Date.parse(bed.emu.served[0].created);
		expect(limit).toBeGreaterThanOrEqual(30 * 60 * 1000);
		expect(limit).toBeLessThan(31 * 60 * 1000);
	});

	it('resumes with the Simplified transcript when Deepgram calls back, and the next node gets it', async () => {
		const { id } = await bed.start();
		await bed.emu.waitForCallbacks(1, 10_000);
		const execution = await bed.server.settled(id);

		expect(execution.status).toBe('success');
		const [served] = bed.emu.served;
		const expected = {
			request_id: served.request_id,
			created: served.created,
			duration: 2,
			channels: 1,
			transcript: TRANSCRIPT,
			confidence: expect.any(Number),
			extra: { job_id: 'job-1' },
		};
		expect(execution.items(NODE_NAME)).toEqual([{ json: expected, pairedItem: { item: 0 } }]);
		expect(execution.items('Store Transcript').map((entry) => entry.json)).toEqual([expected]);
		// The waiting run is replaced by the resumed one, as n8n does.
		expect(execution.run.data.resultData.runData[NODE_NAME]).toHaveLength(1);
		expect(JSON.stringify(execution.run.data)).not.toContain(SECRET);
		const delivered = bed.emu.callbacks.filter((attempt) => attempt.status === 200);
		expect(delivered).toHaveLength(1);
	});

	it('Raw output with captions, as Return Transcript gives them', async () => {
		const { id } = await bed.start(waitWorkflow({ output: 'raw', captions: true }));
		await bed.emu.waitForCallbacks(1, 10_000);
		const [json] = (await bed.server.settled(id)).items(NODE_NAME).map((entry) => entry.json);

		const [served] = bed.emu.served;
		const raw = served.result as { metadata: { extra: Record<string, string> } };
		expect(json).toEqual({
			...raw,
			metadata: { ...raw.metadata, extra: { job_id: 'job-1' } },
			captions: { srt: expect.any(String), vtt: expect.any(String) },
		});
		expect((json.captions as { vtt: string }).vtt).toMatch(/^WEBVTT\n\n00:00:00\.000 --> /);
		expect(JSON.stringify(json)).not.toContain(SECRET);
	});

	it('a job Deepgram reports as failed fails the node at once with Deepgram’s message and request_id, with the recommended credential (secret + Basic Auth)', async () => {
		// Error callbacks echo no extra: Basic Auth verifies them, the secret is not asked for.
		const { id } = await bed.start(waitWorkflow(), [item('job-2', MISSING_AUDIO_URL)]);
		await bed.emu.waitForCallbacks(1, 10_000);
		const execution = await bed.server.settled(id);

		const requestId = bed.emu.served[0].request_id;
		expect(execution.status).toBe('error');
		expect(execution.error).toMatchObject({
			message: `Deepgram could not transcribe request_id ${requestId}: The remote server hosting the media returned a client error: 404 Not Found. [REMOTE_CONTENT_ERROR]`,
			description: expect.stringContaining('instead of a transcript'),
		});
		expect(execution.run.data.resultData.runData['Store Transcript']).toBeUndefined();
	});

	it('with Continue On Fail, the failed job becomes an error item and the workflow goes on', async () => {
		const workflow = waitWorkflow({}, { continueOnFail: true });
		const { id } = await bed.start(workflow, [item('job-2', MISSING_AUDIO_URL)], basicAuthOnly);
		await bed.emu.waitForCallbacks(1, 10_000);
		const execution = await bed.server.settled(id);

		const requestId = bed.emu.served[0].request_id;
		expect(execution.status).toBe('success');
		expect(execution.items('Store Transcript').map((entry) => entry.json)).toEqual([
			{
				error: `Deepgram could not transcribe request_id ${requestId}: The remote server hosting the media returned a client error: 404 Not Found. [REMOTE_CONTENT_ERROR]`,
			},
		]);
	});

	it('checks dg-token when asked, with the key id looked up before sending', async () => {
		const { id } = await bed.start(waitWorkflow({ checkDgToken: true }));
		expect(bed.emu.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
			'GET /v1/auth/token',
			'POST /v1/listen',
		]);
		await bed.emu.waitForCallbacks(1, 10_000);
		expect(bed.emu.callbacks.at(-1)!.headers['dg-token']).toBe('key-id-1');
		expect((await bed.server.settled(id)).status).toBe('success');
	});

	it('two waits in one execution: each resumes only with its own request’s callback', async () => {
		const workflow = waitWorkflow();
		const first = workflow.nodes.find((node) => node.name === NODE_NAME)!;
		const second = {
			...JSON.parse(JSON.stringify(first)),
			id: 'b2c3d4e5-0002-4000-8000-000000000004',
			name: 'Transcribe Again',
			parameters: { ...first.parameters, audioUrl: AUDIO_URL, extraMetadata: {} },
		};
		workflow.nodes.push(second);
		workflow.connections[NODE_NAME] = {
			main: [[{ node: second.name, type: 'main' as never, index: 0 }]],
		};
		workflow.connections[second.name] = {
			main: [[{ node: 'Store Transcript', type: 'main' as never, index: 0 }]],
		};
		bed.emu.configure({ callbackDelayMs: 60_000 });
		const { id } = await bed.start(workflow);
		const resumeUrl = sentCallback(bed.emu);

		// Deepgram's answer for the first request resumes the first wait…
		const firstResult = await deepgramResult(bed.emu, 0);
		const { status } = await postAsDeepgram(resumeUrl, firstResult);
		expect(status).toBe(200);
		const waitingAgain = await bed.server.settled(id);
		expect(waitingAgain.status).toBe('waiting');
		expect(sentCallback(bed.emu).href).toBe(resumeUrl.href);

		// …and the same answer again, while the second waits, is acknowledged but resumes nothing.
		const repeat = await postAsDeepgram(resumeUrl, firstResult);
		expect(repeat).toEqual({
			status: 200,
			json: {
				received: true,
				resumed: false,
				reason: 'not the request this execution is waiting for',
				request_id: bed.emu.served[0].request_id,
			},
		});
		expect(bed.server.execution(id).status).toBe('waiting');

		await postAsDeepgram(resumeUrl, await deepgramResult(bed.emu, 1));
		const done = await bed.server.settled(id);
		expect(done.status).toBe('success');
		expect(done.items('Store Transcript').map((entry) => entry.json.request_id)).toEqual([
			bed.emu.served[1].request_id,
		]);
		expect(done.items(NODE_NAME).map((entry) => entry.json.request_id)).toEqual([
			bed.emu.served[0].request_id,
		]);
	});
});
