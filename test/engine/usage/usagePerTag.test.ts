/** "Usage per Tag" in n8n's engine against the emulator, which computes usage from the requests it served. */
import { MULTI_TAG_NOTE } from '../../../nodes/Deepgram/usage/actions/usagePerTag.operation';
import {
	expectedUsage,
	jsonOf,
	KEYS,
	managementCalls,
	MARCH,
	runUsage,
	transcribe,
	useMarchData,
	type Sent,
} from './helpers';

const PRICE = 2;
const march = useMarchData({
	keys: [KEYS.plain, KEYS.tagged, KEYS.noBilling],
	pricePerHour: PRICE,
});
let all: Sent[];
beforeAll(() => {
	all = Object.values(march.sent);
});

const perTag = (extra: Record<string, unknown> = {}) => ({
	operation: 'usagePerTag',
	start: MARCH.start,
	end: MARCH.end,
	tagSource: 'list',
	tags: ['acme', 'beta', 'gamma'],
	...extra,
});

/** The item expected for a tag over March 1–4, from the seconds sent with it. */
function marchItem(tag: string, from: readonly Sent[] = all) {
	const byDay = (day: string) => {
		const ids = new Set(
			march.emu.served.filter((r) => r.created.startsWith(day)).map((r) => r.request_id),
		);
		const usage = expectedUsage(
			from.filter((s) => ids.has(s.id)),
			tag,
		);
		return { date: day, ...usage };
	};
	return {
		tag,
		project_id: 'proj-1',
		start: MARCH.start,
		end: MARCH.end,
		...expectedUsage(from, tag),
		daily: ['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-04'].map(byDay),
		note: MULTI_TAG_NOTE,
	};
}

describe('Usage per Tag', () => {
	test('each tag’s hours and requests are exactly what was transcribed with it, day by day', async () => {
		const result = await runUsage(march.emu, perTag());
		expect(result.error).toBeUndefined();
		expect(jsonOf(result.output)).toEqual([
			marchItem('acme'),
			marchItem('beta'),
			marchItem('gamma'),
		]);
		// Literal check of the arithmetic the expectation relies on: acme = 36 + 72 + 108 s.
		expect(result.output[0].json).toMatchObject({ requests: 3, hours: 216 / 3600 });
		expect(result.output[0].json.daily).toEqual([
			{ date: '2025-03-01', requests: 1, hours: 0.01, total_hours: 0.01 },
			{ date: '2025-03-02', requests: 1, hours: 0.02, total_hours: 0.02 },
			{ date: '2025-03-03', requests: 1, hours: 0.03, total_hours: 0.03 },
			{ date: '2025-03-04', requests: 0, hours: 0, total_hours: 0 },
		]);
		expect(result.output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 0 },
			{ item: 0 },
		]);
	});

	test('a request with two tags counts under each: per-tag requests add up to more than were made', async () => {
		const result = await runUsage(march.emu, perTag());
		const perTagRequests = jsonOf(result.output).reduce(
			(sum, item) => sum + (item.requests as number),
			0,
		);
		const succeededWithTags = all.filter((s) => s.status === 200 && s.tags.length > 0).length;
		expect(succeededWithTags).toBe(5);
		expect(perTagRequests).toBe(7); // s2 (acme+beta) and c2 (acme+gamma) count twice
		expect(result.output[0].json.note).toBe(MULTI_TAG_NOTE);
	});

	test('per tag: one usage breakdown and one per-day usage call, each filtered by that tag', async () => {
		await runUsage(march.emu, perTag({ tags: ['acme', 'beta'] }));
		expect(managementCalls(march.emu)).toEqual([
			'/v1/projects/proj-1/usage/breakdown?start=2025-03-01&end=2025-03-04&tag=acme',
			'/v1/projects/proj-1/usage?start=2025-03-01&end=2025-03-04&tag=acme',
			'/v1/projects/proj-1/usage/breakdown?start=2025-03-01&end=2025-03-04&tag=beta',
			'/v1/projects/proj-1/usage?start=2025-03-01&end=2025-03-04&tag=beta',
		]);
	});

	test('all tags used in the range: discovered through usage/fields', async () => {
		const result = await runUsage(march.emu, perTag({ tagSource: 'all', tags: [] }));
		expect(jsonOf(result.output)).toEqual([
			marchItem('acme'),
			marchItem('beta'),
			marchItem('gamma'),
		]);
		expect(managementCalls(march.emu)[0]).toBe(
			'/v1/projects/proj-1/usage/fields?start=2025-03-01&end=2025-03-04',
		);
	});

	test('a tag listed twice gives one item', async () => {
		const result = await runUsage(march.emu, perTag({ tags: ['beta', 'beta'] }));
		expect(jsonOf(result.output)).toEqual([marchItem('beta')]);
	});

	test('method filter: only the callback (async) requests', async () => {
		const result = await runUsage(march.emu, perTag({ filters: { method: 'async' } }));
		const callbacks = all.filter((s) => s.mode === 'callback');
		expect(
			jsonOf(result.output).map(({ tag, requests, hours }) => ({ tag, requests, hours })),
		).toEqual([
			{ tag: 'acme', ...pick(expectedUsage(callbacks, 'acme')) },
			{ tag: 'beta', ...pick(expectedUsage(callbacks, 'beta')) },
			{ tag: 'gamma', ...pick(expectedUsage(callbacks, 'gamma')) },
		]);
		expect(result.output[0].json).toMatchObject({ requests: 1, hours: 0.03 });
	});

	test('every usage filter is sent to both usage calls and applied', async () => {
		const filters = {
			model: 'nova-3',
			method: 'sync',
			endpoint: 'listen',
			accessor: 'key-id-plain',
			deployment: 'hosted',
		};
		const result = await runUsage(march.emu, perTag({ tags: ['acme'], filters }));
		const query =
			'start=2025-03-01&end=2025-03-04&tag=acme&model=nova-3&method=sync&endpoint=listen&accessor=key-id-plain&deployment=hosted';
		expect(managementCalls(march.emu)).toEqual([
			`/v1/projects/proj-1/usage/breakdown?${query}`,
			`/v1/projects/proj-1/usage?${query}`,
		]);
		// Every request used nova-3 (the Transcribe node's default) and the plain key: acme's sync ones.
		const sync = all.filter((s) => s.mode === 'sync');
		expect(result.output[0].json).toMatchObject(expectedUsage(sync, 'acme'));
		expect(result.output[0].json).toMatchObject({ requests: 2, hours: 0.03 });
		const other = await runUsage(
			march.emu,
			perTag({ tags: ['acme'], filters: { model: 'enhanced' } }),
		);
		expect(other.output[0].json).toMatchObject({ requests: 0, hours: 0, total_hours: 0 });
	});

	test('price per hour and billed cost: estimated_cost from total_hours, dollars from billing/breakdown', async () => {
		const result = await runUsage(
			march.emu,
			perTag({
				tags: ['acme'],
				options: { pricePerHour: PRICE, includeBilledCost: true, includeDaily: false },
			}),
		);
		const acme = all.filter((s) => s.status === 200 && s.tags.includes('acme'));
		// The emulator bills each record duration × channels / 3600 × its price, summed in arrival order.
		const dollars = acme.reduce((sum, s) => sum + (s.seconds / 3600) * PRICE, 0);
		expect(jsonOf(result.output)).toEqual([
			{
				tag: 'acme',
				project_id: 'proj-1',
				start: MARCH.start,
				end: MARCH.end,
				...expectedUsage(all, 'acme'),
				estimated_cost: 0.12,
				dollars,
				note: MULTI_TAG_NOTE,
			},
		]);
		expect(dollars).toBeCloseTo(0.12, 12);
		expect(managementCalls(march.emu)).toEqual([
			'/v1/projects/proj-1/usage/breakdown?start=2025-03-01&end=2025-03-04&tag=acme',
			'/v1/projects/proj-1/billing/breakdown?start=2025-03-01&end=2025-03-04&tag=acme',
		]);
	});

	test('billing gets only the filters it knows (API key and deployment)', async () => {
		await runUsage(
			march.emu,
			perTag({
				tags: ['acme'],
				filters: { method: 'sync', accessor: 'key-id-plain' },
				options: { includeBilledCost: true, includeDaily: false },
			}),
		);
		expect(managementCalls(march.emu)).toEqual([
			'/v1/projects/proj-1/usage/breakdown?start=2025-03-01&end=2025-03-04&tag=acme&method=sync&accessor=key-id-plain',
			'/v1/projects/proj-1/billing/breakdown?start=2025-03-01&end=2025-03-04&tag=acme&accessor=key-id-plain',
		]);
	});

	test('billing 403 with Continue on Fail: the items keep their usage numbers and say why dollars are missing', async () => {
		const result = await runUsage(
			march.emu,
			perTag({ options: { includeBilledCost: true, includeDaily: false } }),
			{ key: KEYS.noBilling.key, continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		const items = jsonOf(result.output);
		expect(items.map(({ tag, requests, hours }) => ({ tag, requests, hours }))).toEqual(
			['acme', 'beta', 'gamma'].map((tag) => ({ tag, ...pick(expectedUsage(all, tag)) })),
		);
		for (const item of items) {
			expect(item.dollars).toBeUndefined();
			expect(item.billing_error).toMatch(
				/^Deepgram 403 \[INSUFFICIENT_PERMISSIONS\]: Your account does not have the required scope to perform that action for this project\. Missing scope: billing:read \(request_id [0-9a-f-]{36}\)$/,
			);
		}
		// One refused billing call stands for every tag of the item.
		expect(managementCalls(march.emu).filter((call) => call.includes('/billing/'))).toHaveLength(1);
	});

	test('billing 403 without Continue on Fail stops the node with Deepgram’s message', async () => {
		const result = await runUsage(march.emu, perTag({ options: { includeBilledCost: true } }), {
			key: KEYS.noBilling.key,
		});
		expect(result.error?.message).toMatch(
			/^Deepgram 403 \[INSUFFICIENT_PERMISSIONS\]: .* Missing scope: billing:read/,
		);
		expect(result.error?.description).toBe(
			'The key works but lacks permission: use a key with the scope named in the message (for usage, usage:read; for billing, billing:read), or a model the project can access.',
		);
	});

	test('without the daily series: no /usage call and no daily field', async () => {
		const result = await runUsage(
			march.emu,
			perTag({ tags: ['gamma'], options: { includeDaily: false } }),
		);
		expect(result.output[0].json).not.toHaveProperty('daily');
		expect(managementCalls(march.emu)).toEqual([
			'/v1/projects/proj-1/usage/breakdown?start=2025-03-01&end=2025-03-04&tag=gamma',
		]);
	});

	test('one run per input item, tags from an expression, items paired', async () => {
		const result = await runUsage(
			march.emu,
			perTag({ tags: ['={{ $json.customer }}'], options: { includeDaily: false } }),
			{
				input: [{ json: { customer: 'gamma' } }, { json: { customer: 'beta' } }],
			},
		);
		expect(
			result.output.map((item) => [item.json.tag, item.json.requests, item.pairedItem]),
		).toEqual([
			['gamma', 2, { item: 0 }],
			['beta', 2, { item: 1 }],
		]);
	});
});

describe('ranges', () => {
	test('a range with no usage gives zeros for each tag, day by day', async () => {
		const result = await runUsage(
			march.emu,
			perTag({ tags: ['acme'], start: '2025-01-01', end: '2025-01-31' }),
		);
		expect(result.error).toBeUndefined();
		const days = Array.from({ length: 31 }, (_, i) => `2025-01-${String(i + 1).padStart(2, '0')}`);
		expect(jsonOf(result.output)).toEqual([
			{
				tag: 'acme',
				project_id: 'proj-1',
				start: '2025-01-01',
				end: '2025-01-31',
				requests: 0,
				hours: 0,
				total_hours: 0,
				daily: days.map((date) => ({ date, requests: 0, hours: 0, total_hours: 0 })),
				note: MULTI_TAG_NOTE,
			},
		]);
	});

	test('all tags of a range with no usage: no items', async () => {
		const result = await runUsage(
			march.emu,
			perTag({ tagSource: 'all', start: '2025-01-01', end: '2025-01-31' }),
		);
		expect(result.error).toBeUndefined();
		expect(result.output).toEqual([]);
	});

	test('date picker values at midnight are whole days; other times are moments in the workflow time zone', async () => {
		// n8n's default workflow time zone is America/New_York (UTC-5 in March): 05:00 there is 10:00Z.
		const result = await runUsage(
			march.emu,
			perTag({
				tags: ['beta'],
				start: '2025-03-02T00:00:00',
				end: '2025-03-02T05:00:00',
				options: { includeDaily: false },
			}),
		);
		// s2 (09:00Z) is inside, c1 (11:00Z) after the end.
		expect(result.output[0].json).toMatchObject({
			start: '2025-03-02',
			end: '2025-03-02T10:00:00Z',
			requests: 1,
			hours: 0.02,
		});
	});

	test('Start after End is refused before any call', async () => {
		const result = await runUsage(march.emu, perTag({ start: '2025-03-04', end: '2025-03-01' }));
		expect(result.error?.message).toBe(
			'Start (2025-03-04) is not before End (2025-03-01): pick an earlier Start or a later End [item 0]',
		);
		expect(managementCalls(march.emu)).toEqual([]);
	});
});

describe('key tags', () => {
	test('a key’s tags are added to every request it makes and counted like request tags', async () => {
		march.clock.set('2025-04-01T10:00:00Z');
		const k1 = await transcribe(march.emu, { key: KEYS.tagged.key, tags: ['acme'], seconds: 36 });
		const k2 = await transcribe(march.emu, { key: KEYS.tagged.key, tags: [], seconds: 72 });
		march.clock.set('2025-04-10T00:00:00Z');
		const april = [k1, k2];
		const result = await runUsage(march.emu, {
			operation: 'usagePerTag',
			start: '2025-04-01',
			end: '2025-04-01',
			tagSource: 'all',
			options: { includeDaily: false },
		});
		expect(
			jsonOf(result.output).map(({ tag, requests, hours }) => ({ tag, requests, hours })),
		).toEqual([
			{ tag: 'acme', ...pick(expectedUsage(april, 'acme', KEYS.tagged.tags)) },
			{ tag: 'keytag', ...pick(expectedUsage(april, 'keytag', KEYS.tagged.tags)) },
		]);
		expect(result.output[1].json).toMatchObject({ requests: 2, hours: 0.03 });
	});
});

describe('the default range', () => {
	test('empty Start and End: the last 30 days through today (UTC)', async () => {
		const now = new Date();
		march.clock.set(now.toISOString());
		await transcribe(march.emu, { key: KEYS.plain.key, tags: ['today'], seconds: 36 });
		const result = await runUsage(march.emu, {
			operation: 'usagePerTag',
			tags: ['today'],
			options: { includeDaily: false },
		});
		const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
		expect(result.output[0].json).toMatchObject({
			tag: 'today',
			start: day(now.getTime() - 30 * 86_400_000),
			end: day(now.getTime()),
			requests: 1,
			hours: 0.01,
		});
	});
});

function pick(usage: { requests: number; hours: number }) {
	return { requests: usage.requests, hours: usage.hours };
}
