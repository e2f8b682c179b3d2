/** Shared setup of the Usage by Tag engine tests: the emulator, tagged transcriptions, the node. */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { runNode, startCallbackReceiver, type CallbackReceiver } from '../../harness';
import { memoryAudioItem } from '../transcribe/helpers';

const { startEmulator } = require('../../emulator') as typeof import('../../emulator');
const { makeWav } = require('../../emulator/wav') as typeof import('../../emulator/wav');

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;
type KeySpec = import('../../emulator/types').KeySpec;
type EmulatorOptions = import('../../emulator/types').EmulatorOptions;
export { startEmulator };

export const USAGE_NODE = 'n8n-nodes-deepgram-callback.deepgramUsageByTag';
const TRANSCRIBE_NODE = 'n8n-nodes-deepgram-callback.deepgramTranscribe';

/** Keys of the test project: one without key tags (clear numbers), the emulator's default with `keytag`. */
export const KEYS = {
	plain: { key: 'dg-key-plain', id: 'key-id-plain', projectId: 'proj-1', tags: [] },
	tagged: { key: 'dg-key-1', id: 'key-id-1', projectId: 'proj-1', tags: ['keytag'] },
	noBilling: {
		key: 'dg-key-nobill',
		id: 'key-id-nobill',
		projectId: 'proj-1',
		tags: [],
		scopes: ['member', 'usage:read'],
	},
	noUsage: {
		key: 'dg-key-nousage',
		id: 'key-id-nousage',
		projectId: 'proj-1',
		tags: [],
		scopes: ['member'],
	},
	pages: { key: 'dg-key-pages', id: 'key-id-pages', projectId: 'proj-pages', tags: [] },
} satisfies Record<string, KeySpec & { tags: string[] }>;

/** A clock the emulator reads, so each request lands on a chosen day. */
export function testClock() {
	let now = new Date('2025-03-01T00:00:00Z');
	return {
		now: () => now,
		set(iso: string) {
			now = new Date(iso);
		},
	};
}

export interface Sent {
	id: string;
	tags: string[];
	seconds: number;
	mode: 'sync' | 'callback';
	/** The HTTP status the emulator answered. */
	status: number;
}

/**
 * One transcription through the Deepgram Transcribe node, in n8n's engine: a mono WAV of
 * `seconds` (or, with `corrupt`, a body Deepgram refuses with 400) with the tags, synchronous or
 * with a callback. A refused request is an error item (Continue on Fail) with its request_id.
 */
export async function transcribe(
	emu: Emulator,
	o: { key: string; tags: string[]; seconds: number; callback?: string; corrupt?: boolean },
): Promise<Sent> {
	const audio = o.corrupt ? Buffer.from('{"not":"audio"}') : makeWav({ seconds: o.seconds });
	const callback = o.callback ? { resultsProcessing: 'callback', callbackUrl: o.callback } : {};
	const result = await runNode(
		{ type: TRANSCRIBE_NODE, parameters: { tags: o.tags, ...callback }, continueOnFail: true },
		[memoryAudioItem(audio)],
		credentials(emu, o.key),
	);
	const json = result.output[0]?.json ?? {};
	if (typeof json.request_id !== 'string')
		throw new Error(`no request_id in ${JSON.stringify(json)}`);
	return {
		id: json.request_id,
		tags: o.tags,
		seconds: o.seconds,
		mode: o.callback ? 'callback' : 'sync',
		status: typeof json.status === 'number' ? json.status : 200,
	};
}

/** What transcription alone leaves at zero: Voice Agent, text-to-speech and Text Intelligence. */
export const NO_OTHER_MEASURES = { agent_hours: 0, tts_characters: 0, tokens_in: 0, tokens_out: 0 };

/**
 * Usage as the node outputs it, from the seconds of audio sent: hours to a millionth, minutes to
 * a hundredth (computed here from the seconds, not with the node's own helpers).
 */
export function readableSeconds(requests: number, seconds: number) {
	const hours = Math.round((seconds / 3600) * 1e6) / 1e6;
	return {
		requests,
		hours,
		minutes: Math.round((seconds / 60) * 100) / 100,
		total_hours: hours,
		...NO_OTHER_MEASURES,
	};
}

/** Expected usage of the succeeded requests that `counts` picks (mono audio: total_hours = hours). */
export function expectedUsageOf(sent: readonly Sent[], counts: (s: Sent) => boolean) {
	const counted = sent.filter((s) => s.status === 200 && counts(s));
	return readableSeconds(
		counted.length,
		counted.reduce((sum, s) => sum + s.seconds, 0),
	);
}

/** Expected usage of a tag: computed as Deepgram (and the emulator) does, from seconds sent. */
export function expectedUsage(sent: readonly Sent[], tag: string, keyTags: readonly string[] = []) {
	return expectedUsageOf(sent, (s) => [...s.tags, ...keyTags].includes(tag));
}

/** Expected usage of the requests without any tag. */
export const expectedUntagged = (sent: readonly Sent[]) =>
	expectedUsageOf(sent, (s) => s.tags.length === 0);

/** Expected usage of the whole project. */
export const expectedTotal = (sent: readonly Sent[]) => expectedUsageOf(sent, () => true);

export function credentials(emu: Emulator, apiKey: string, projectId?: string) {
	return {
		deepgramApi: {
			apiKey,
			baseUrl: 'custom',
			customBaseUrl: emu.baseUrl,
			...(projectId === undefined ? {} : { projectId }),
		},
	};
}

/** Runs the node once with one empty input item (or `input`). */
export function runUsage(
	emu: Emulator,
	parameters: INodeParameters,
	o: {
		key?: string;
		projectId?: string;
		continueOnFail?: boolean;
		input?: INodeExecutionData[];
	} = {},
) {
	return runNode(
		{ type: USAGE_NODE, parameters, continueOnFail: o.continueOnFail },
		o.input ?? [{ json: {} }],
		credentials(emu, o.key ?? KEYS.plain.key, o.projectId ?? 'proj-1'),
	);
}

/** The management calls the node made, as `path?query` in order. */
export function managementCalls(emu: Emulator): string[] {
	return emu.requests
		.filter((r) => r.path.startsWith('/v1/projects'))
		.map((r) => (r.rawQuery ? `${r.path}?${r.rawQuery}` : r.path));
}

export const jsonOf = (items: INodeExecutionData[]) => items.map((item) => item.json);

export type MarchSent = Record<'s1' | 's2' | 'c1' | 'c2' | 's3' | 's4' | 'f1', Sent>;

/** The range of the March data set. */
export const MARCH = { start: '2025-03-01', end: '2025-03-04' };

/**
 * The March data set, made with the key without tags: sync and callback requests with no tag,
 * one tag and two tags, one refused request (400, not counted as usage), and a callback that
 * was never delivered (its receiver answers 500, and the emulator does not retry).
 */
export async function seedMarch(
	emu: Emulator,
	clock: ReturnType<typeof testClock>,
	receivers: { ok: string; failing: string },
): Promise<MarchSent> {
	const key = KEYS.plain.key;
	clock.set('2025-03-01T10:00:00Z');
	const s1 = await transcribe(emu, { key, tags: ['acme'], seconds: 36 });
	clock.set('2025-03-02T09:00:00Z');
	const s2 = await transcribe(emu, { key, tags: ['acme', 'beta'], seconds: 72 });
	clock.set('2025-03-02T11:00:00Z');
	const c1 = await transcribe(emu, {
		key,
		tags: ['beta'],
		seconds: 180,
		callback: `${receivers.failing}/cb`,
	});
	clock.set('2025-03-03T08:00:00Z');
	const c2 = await transcribe(emu, {
		key,
		tags: ['acme', 'gamma'],
		seconds: 108,
		callback: `${receivers.ok}/cb`,
	});
	clock.set('2025-03-03T12:00:00Z');
	const s3 = await transcribe(emu, { key, tags: [], seconds: 36 });
	clock.set('2025-03-04T07:00:00Z');
	const s4 = await transcribe(emu, { key, tags: ['gamma'], seconds: 144 });
	clock.set('2025-03-04T23:59:00Z');
	const f1 = await transcribe(emu, { key, tags: ['acme'], seconds: 0, corrupt: true });
	await emu.waitForCallbacks(2, { timeoutMs: 10_000, attempts: true });
	clock.set('2025-03-10T12:00:00Z');
	return { s1, s2, c1, c2, s3, s4, f1 };
}

export interface MarchFixture {
	emu: Emulator;
	clock: ReturnType<typeof testClock>;
	/** Callback receivers: one answers 200, the other 500. */
	ok: CallbackReceiver;
	failing: CallbackReceiver;
	sent: MarchSent;
}

/**
 * For a test file: an emulator (the plain key, no callback retries, plus
 * `options`) holding the March data set; its request log is cleared before each test, and the
 * emulator and receivers are stopped after the file.
 */
export function useMarchData(options: EmulatorOptions = {}): MarchFixture {
	const fixture = { clock: testClock() } as MarchFixture;
	beforeAll(async () => {
		fixture.emu = await startEmulator({
			now: fixture.clock.now,
			keys: [KEYS.plain],
			callbackDelayMs: 0,
			callbackRetries: 0,
			...options,
		});
		fixture.ok = await startCallbackReceiver(200);
		fixture.failing = await startCallbackReceiver(500);
		fixture.sent = await seedMarch(fixture.emu, fixture.clock, {
			ok: fixture.ok.url,
			failing: fixture.failing.url,
		});
	});
	beforeEach(() => {
		fixture.emu.requests.length = 0;
	});
	afterAll(async () => {
		await Promise.all([fixture.emu?.stop(), fixture.ok?.close(), fixture.failing?.close()]);
	});
	return fixture;
}
