/** "Usage Grouped by Tags" and "List Tags and Fields" in n8n's engine against the emulator. */
import { jsonOf, managementCalls, MARCH, readableSeconds, runUsage, useMarchData } from './helpers';

const march = useMarchData();

const range = { start: MARCH.start, end: MARCH.end };
const usage = (seconds: number) => readableSeconds(1, seconds);
const head = { project_id: 'proj-1', ...range };

describe('Usage Grouped by Tags', () => {
	test('one item per tag combination as Deepgram groups them; a two-tag request counts once', async () => {
		const result = await runUsage(march.emu, { operation: 'usageGroupedByTags', ...range });
		expect(result.error).toBeUndefined();
		expect(jsonOf(result.output)).toEqual([
			{ tags: ['acme', 'beta'], ...head, ...usage(march.sent.s2.seconds) },
			{ tags: ['acme', 'gamma'], ...head, ...usage(march.sent.c2.seconds) },
			{ tags: ['acme'], ...head, ...usage(march.sent.s1.seconds) },
			{ tags: ['beta'], ...head, ...usage(march.sent.c1.seconds) },
			{ tags: ['gamma'], ...head, ...usage(march.sent.s4.seconds) },
			{ tags: [], ...head, ...usage(march.sent.s3.seconds) },
		]);
		const total = jsonOf(result.output).reduce((sum, item) => sum + (item.requests as number), 0);
		expect(total).toBe(6); // every succeeded request once; f1 was refused
		expect(managementCalls(march.emu)).toEqual([
			'/v1/projects/proj-1/usage/breakdown?start=2025-03-01&end=2025-03-04&grouping=tags',
		]);
	});

	test('filters and price per hour', async () => {
		const result = await runUsage(march.emu, {
			operation: 'usageGroupedByTags',
			...range,
			filters: { method: 'async' },
			options: { pricePerHour: 0.5 },
		});
		expect(jsonOf(result.output)).toEqual([
			{
				tags: ['acme', 'gamma'],
				...head,
				...usage(108),
				estimated_cost: 0.02,
				estimated_cost_raw: 0.015,
			},
			{ tags: ['beta'], ...head, ...usage(180), estimated_cost: 0.03, estimated_cost_raw: 0.025 },
		]);
		expect(managementCalls(march.emu)).toEqual([
			'/v1/projects/proj-1/usage/breakdown?start=2025-03-01&end=2025-03-04&grouping=tags&method=async',
		]);
	});

	test('a range with no usage: no items', async () => {
		const result = await runUsage(march.emu, {
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
		const result = await runUsage(march.emu, { operation: 'listFields', ...range });
		const [model] = march.emu.served[0].modelInfo;
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
		expect(model.name).toBe('general-nova-3');
		expect(managementCalls(march.emu)).toEqual([
			'/v1/projects/proj-1/usage/fields?start=2025-03-01&end=2025-03-04',
		]);
	});

	test('a narrower range lists only its own tags', async () => {
		const result = await runUsage(march.emu, {
			operation: 'listFields',
			start: '2025-03-04',
			end: '2025-03-04',
		});
		expect(result.output[0].json.tags).toEqual(['gamma']);
		expect(result.output[0].json.processing_methods).toEqual(['sync']);
	});

	test('a range with no usage: one item with empty lists', async () => {
		const result = await runUsage(march.emu, {
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
