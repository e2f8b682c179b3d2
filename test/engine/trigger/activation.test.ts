/**
 * Activation with the legacy dg-token check: the webhook methods look the API key identifier up
 * (GET /v1/auth/token), keep it in static data, report honestly whether it is still there and
 * still the credential's, and forget it on deactivation.
 */
import type { TriggerSession } from '../../harness';
import { apiKeyFingerprint } from '../../../nodes/Deepgram/trigger/state';
import {
	credential,
	deliver,
	remembered,
	SECRET,
	triggerTestbed,
	transcribeWithCallback,
	type DeepgramApiCredential,
	type Emulator,
} from './helpers';

let session: TriggerSession | undefined;
let deepgramApi: DeepgramApiCredential;

const KEYS = [
	{ key: 'dg-key-1', id: 'key-id-1' },
	{ key: 'dg-key-2', id: 'key-id-2' },
];
const lookup = (apiKeyId: string, apiKey: string) => ({
	keyLookup: { apiKeyId, apiKeyFingerprint: apiKeyFingerprint(apiKey) },
});
const testbed = triggerTestbed({ keys: KEYS, callbackRetries: 0 });
let emu: Emulator;
const tokenRequests = () =>
	emu.requests
		.filter((request) => request.path === '/v1/auth/token')
		.map((request) => `${request.method} ${request.headers.authorization}`);

beforeEach(() => {
	emu = testbed.emu;
	deepgramApi = credential(emu, { callbackSecret: SECRET });
});
afterEach(() => {
	session = undefined;
});

describe('with Also Check Dg-Token and no API Key ID in the credential', () => {
	beforeEach(async () => {
		session = await testbed.start({ checkDgToken: true }, deepgramApi);
	});

	test('activation looks the identifier up once and keeps it in static data', async () => {
		expect(await session!.checkExists()).toBe(false);
		expect(await session!.activate()).toBe(true);

		expect(tokenRequests()).toEqual(['GET Token dg-key-1']);
		expect(session!.staticData()).toEqual(lookup('key-id-1', 'dg-key-1'));
		expect(JSON.stringify(session!.staticData())).not.toContain('dg-key-1');
		expect(await session!.checkExists()).toBe(true);

		expect(await session!.activate()).toBe(true);
		expect(tokenRequests()).toHaveLength(1);
	});

	test('a key changed in the credential makes the stored identifier stale until reactivation', async () => {
		await session!.activate();
		deepgramApi.apiKey = 'dg-key-2';

		expect(await session!.checkExists()).toBe(false);
		await transcribeWithCallback(emu, session!.url, { secret: SECRET });
		const [stale] = await emu.waitForCallbacks(1, { attempts: true });
		expect(stale.status).toBe(403);

		expect(await session!.activate()).toBe(true);
		expect(tokenRequests()).toEqual(['GET Token dg-key-1', 'GET Token dg-key-2']);
		expect(session!.staticData()).toEqual(lookup('key-id-2', 'dg-key-2'));
		// Callbacks of jobs submitted with the old key still carry its id: rejected now.
		const answer = await deliver(session!.url, {
			headers: { 'dg-token': 'key-id-1' },
			body: stale.body as object,
		});
		expect(answer.status).toBe(403);
		expect(session!.executions).toEqual([]);
	});

	test('deactivation forgets the identifier but keeps the memory of deliveries', async () => {
		await session!.activate();
		const requestId = await transcribeWithCallback(emu, session!.url, { secret: SECRET });
		await emu.waitForCallbacks(1);
		expect(session!.staticData()).toEqual({
			...lookup('key-id-1', 'dg-key-1'),
			remembered: [remembered(requestId)],
		});

		expect(await session!.deactivate()).toBe(true);
		expect(session!.staticData()).toEqual({ remembered: [remembered(requestId)] });
		expect(await session!.checkExists()).toBe(false);
		expect(await session!.deactivate()).toBe(true);
	});

	test('a key Deepgram refuses fails the activation with Deepgram’s message, not the key', async () => {
		deepgramApi.apiKey = 'dg-key-unknown';
		const failure = await session!.activate().then(
			() => undefined,
			(error: Error & { description?: string }) => error,
		);

		expect(failure?.message).toMatch(/^Deepgram 401 \[INVALID_AUTH\]: Invalid credentials\. /);
		const everything = `${failure?.message} ${failure?.description} ${JSON.stringify(failure)}`;
		expect(everything).not.toContain('dg-key-unknown');
		expect(session!.staticData()).toEqual({});
	});

	test('an answer nesting the id under api_key, as the keys endpoints do, is read too', async () => {
		emu.fault({
			method: 'GET',
			path: '/v1/auth/token',
			status: 200,
			body: { api_key: { api_key_id: 'key-id-1', scopes: ['member'] } },
		});
		expect(await session!.activate()).toBe(true);
		expect(session!.staticData()).toEqual(lookup('key-id-1', 'dg-key-1'));
	});

	test('an answer without api_key_id fails the activation with what to do', async () => {
		emu.fault({ method: 'GET', path: '/v1/auth/token', status: 200, body: { scopes: ['member'] } });
		const failure = await session!.activate().then(
			() => undefined,
			(error: Error & { description?: string }) => error,
		);

		expect(failure?.message).toBe(
			'Deepgram did not return the API key identifier needed for the dg-token check',
		);
		expect(failure?.description).toBe(
			'Set "API Key ID" in the Deepgram API credential, or turn off "Also Check Dg-Token (Legacy)".',
		);
		expect(session!.staticData()).toEqual({});
	});
});

describe('nothing to look up', () => {
	test('dg-token not checked: no request, nothing stored, checkExists true', async () => {
		session = await testbed.start({}, deepgramApi);
		expect(await session.checkExists()).toBe(true);
		expect(await session.activate()).toBe(true);
		expect(tokenRequests()).toEqual([]);
		expect(session.staticData()).toEqual({});
	});

	test('the credential names the API Key ID: no request', async () => {
		session = await testbed.start({ checkDgToken: true }, { ...deepgramApi, apiKeyId: 'key-id-1' });
		expect(await session.activate()).toBe(true);
		expect(tokenRequests()).toEqual([]);
		expect(session.staticData()).toEqual({});
	});

	test('a lookup left over after turning the check off is reported and cleared', async () => {
		session = await testbed.start({}, deepgramApi);
		Object.assign(session.staticData(), lookup('key-id-1', 'dg-key-1'));

		expect(await session.checkExists()).toBe(false);
		expect(await session.activate()).toBe(true);
		expect(session.staticData()).toEqual({});
		expect(tokenRequests()).toEqual([]);
	});

	test('None: no credential is read at all', async () => {
		session = await testbed.start({ verification: 'none', checkDgToken: true }, deepgramApi);
		expect(await session.activate()).toBe(true);
		expect(tokenRequests()).toEqual([]);
	});
});
