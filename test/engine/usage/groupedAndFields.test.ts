/** "Usage Grouped by Tags" and "List Tags and Fields" in n8n's engine against the emulator. */
import { startReceiver, type Receiver } from '../../unit/emulator/helpers';
import {
	jsonOf,
	KEYS,
	managementCalls,
	MARCH,
	runUsage,
	seedMarch,
	startEmulator,
	testClock,
	type Emulator,
} from './helpers';

const clock = testClock();
let emu: Emulator;
let ok: Receiver;
let failing: Receiver;
let sent: Awaited<ReturnType<typeof seedMarch>>;

beforeAll(async () => {
	emu = await startEmulator({
		now: clock.now,
		keys: [KEYS.plain],
		allowedCallbackPorts: null,
		callbackDelayMs: 0,
		callbackRetries: 0,
	});
	ok = await startReceiver([200]);
	failing = await startReceiver([500]);
	sent = await seedMarch(emu, clock, { ok: ok.url, failing: failing.url });
});
beforeEach(() => {
	emu.requests.length = 0;
});
afterAll(async () => {
	await Promise.all([emu.stop(), ok.close(), failing.close()]);
});

const range = { start: MARCH.start, end: MARCH.end };
const usage = (seconds: number) => ({
	requests: 1,
	hours: seconds / 3600,
	total_hours: seconds / 3600,
});
const head = { project_id: 'proj-1', ...range };

describe('Usage Grouped by Tags', () => {
	test('one item per tag combination as Deepgram groups them; a two-tag request counts once', async () => {
		const result = await runUsage(emu, { operation: 'usageGroupedByTags', ...range });
		expect(result.error).toBeUndefined();
		expect(jsonOf(result.output)).toEqual([
			{ tags: ['acme', 'beta'], ...head, ...usage(sent.s2.seconds) },
			{ tags: ['acme', 'gamma'], ...head, ...usage(sent.c2.seconds) },
			{ tags: ['acme'], ...head, ...usage(sent.s1.seconds) },
			{ tags: ['beta'], ...head, ...usage(sent.c1.seconds) },
			{ tags: ['gamma'], ...head, ...usage(sent.s4.seconds) },
			{ tags: [], ...head, ...usage(sent.s3.seconds) },
		]);
		const total = jsonOf(result.output).reduce((sum, item) => sum + (item.requests as number), 0);
		expect(total).toBe(6); // every succeeded request once; f1 was refused
		expect(managementCalls(emu)).toEqual([
			'/v1/projects/proj-1/usage/breakdown?start=2025-03-01&end=2025-03-04&grouping=tags',
		]);
	});

	test('filters and price per hour', async () => {
		const result = await runUsage(emu, {
			operation: 'usageGroupedByTags',
			...range,
			filters: { method: 'async' },
			options: { pricePerHour: 0.5 },
		});
		expect(jsonOf(result.output)).toEqual([
			{ tags: ['acme', 'gamma'], ...head, ...usage(108), estimated_cost: 0.015 },
			{ tags: ['beta'], ...head, ...usage(180), estimated_cost: 0.025 },
		]);
		expect(managementCalls(emu)).toEqual([
			'/v1/projects/proj-1/usage/breakdown?start=2025-03-01&end=2025-03-04&grouping=tags&method=async',
		]);
	});

	test('a range with no usage: no items', async () => {
		const result = await runUsage(emu, {
			operation: 'usageGroupedByTags',
			start: '2025-01-01',
			end: '2025-01-31',
		});
		expect(result.error).toBeUndefined();
		expect(result.output).toEqual([]);
	});
});

describe('List Tags and Fields', () => {
	test('exactly the tags used in the range, with models, methods and features', async () => {
		const result = await runUsage(emu, { operation: 'listFields', ...range });
		const [model] = emu.served[0].modelInfo;
		expect(jsonOf(result.output)).toEqual([
			{
				...head,
				tags: ['acme', 'beta', 'gamma'],
				models: [
					{
						name: model.name,
						language: model.language,
						version: model.version,
						model_id: model.model_id,
					},
				],
				processing_methods: ['async', 'sync'],
				features: [],
				languages: ['en'],
			},
		]);
		expect(model.name).toBe('general-base');
		expect(managementCalls(emu)).toEqual([
			'/v1/projects/proj-1/usage/fields?start=2025-03-01&end=2025-03-04',
		]);
	});

	test('a narrower range lists only its own tags', async () => {
		const result = await runUsage(emu, {
			operation: 'listFields',
			start: '2025-03-04',
			end: '2025-03-04',
		});
		expect(result.output[0].json.tags).toEqual(['gamma']);
		expect(result.output[0].json.processing_methods).toEqual(['sync']);
	});

	test('a range with no usage: one item with empty lists', async () => {
		const result = await runUsage(emu, {
			operation: 'listFields',
			start: '2025-01-01',
			end: '2025-01-31',
		});
		expect(jsonOf(result.output)).toEqual([
			{
				project_id: 'proj-1',
				start: '2025-01-01',
				end: '2025-01-31',
				tags: [],
				models: [],
				processing_methods: [],
				features: [],
				languages: [],
			},
		]);
	});
});
