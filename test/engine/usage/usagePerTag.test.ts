/** "Usage per Tag" in n8n's engine against the emulator, which computes usage from the requests it served. */
import {
	MULTI_TAG_NOTE,
	TOTALS_NOTE,
} from '../../../nodes/Deepgram/usage/actions/usagePerTag.operation';
import {
	expectedTotal,
	expectedUntagged,
	expectedUsage,
	expectedUsageOf,
	jsonOf,
	KEYS,
	managementCalls,
	MARCH,
	NO_OTHER_MEASURES,
	readableSeconds,
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

const MARCH_DAYS = ['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-04'];
const head = { project_id: 'proj-1', start: MARCH.start, end: MARCH.end };
const noExtras = { includeUntagged: false, includeTotals: false };

const perTag = (extra: Record<string, unknown> = {}) => ({
	operation: 'usagePerTag',
	start: MARCH.start,
	end: MARCH.end,
	tagSource: 'list',
	tags: ['acme', 'beta', 'gamma'],
	...extra,
});

/** The requests the emulator recorded on a UTC day. */
function sentOn(day: string, from: readonly Sent[] = all) {
	const ids = new Set(
		march.emu.served.filter((r) => r.created.startsWith(day)).map((r) => r.request_id),
	);
	return from.filter((s) => ids.has(s.id));
}

/** Expected usage over March 1–4 and day by day, for the requests `counts` picks. */
function marchUsage(counts: (s: Sent) => boolean) {
	return {
		...expectedUsageOf(all, counts),
		daily: MARCH_DAYS.map((date) => ({ date, ...expectedUsageOf(sentOn(date), counts) })),
	};
}

const hasTag = (tag: string) => (s: Sent) => s.tags.includes(tag);
const tagItem = (tag: string) => ({
	kind: 'tag',
	tag,
	...head,
	...marchUsage(hasTag(tag)),
	note: MULTI_TAG_NOTE,
});
const untaggedItem = () => ({
	kind: 'untagged',
	tag: null,
	...head,
	...marchUsage((s) => s.tags.length === 0),
});
const totalItem = (tagsReported: number) => ({
	kind: 'total',
	tag: null,
	...head,
	...marchUsage(() => true),
	tags_reported: tagsReported,
	note: TOTALS_NOTE,
});

/** Management calls in the order sent; concurrent calls may arrive in any order, so sorted. */
const sortedCalls = () => managementCalls(march.emu).sort();
const dayCall = (day: string, extra = '') =>
	`/v1/projects/proj-1/usage/breakdown?start=${day}&end=${day}&grouping=tags${extra}`;
const RANGE_CALL =
	'/v1/projects/proj-1/usage/breakdown?start=2025-03-01&end=2025-03-04&grouping=tags';

describe('Usage per Tag', () => {
	test('each tag, the untagged usage and the totals are exactly what was transcribed, day by day', async () => {
		const result = await runUsage(march.emu, perTag());
		expect(result.error).toBeUndefined();
		expect(jsonOf(result.output)).toEqual([
			tagItem('acme'),
			tagItem('beta'),
			tagItem('gamma'),
			untaggedItem(),
			totalItem(3),
		]);
		// Literal check of the arithmetic the expectation relies on: acme = 36 + 72 + 108 s.
		expect(result.output[0].json).toMatchObject({ requests: 3, hours: 0.06, minutes: 3.6 });
		expect(result.output[0].json.daily).toEqual([
			{
				date: '2025-03-01',
				requests: 1,
				hours: 0.01,
				minutes: 0.6,
				total_hours: 0.01,
				...NO_OTHER_MEASURES,
			},
			{
				date: '2025-03-02',
				requests: 1,
				hours: 0.02,
				minutes: 1.2,
				total_hours: 0.02,
				...NO_OTHER_MEASURES,
			},
			{
				date: '2025-03-03',
				requests: 1,
				hours: 0.03,
				minutes: 1.8,
				total_hours: 0.03,
				...NO_OTHER_MEASURES,
			},
			{
				date: '2025-03-04',
				requests: 0,
				hours: 0,
				minutes: 0,
				total_hours: 0,
				...NO_OTHER_MEASURES,
			},
		]);
		// s3 (36 s) is the only request without tags; all six succeeded requests make 576 s.
		expect(result.output[3].json).toMatchObject({ requests: 1, hours: 0.01 });
		expect(result.output[4].json).toMatchObject({ requests: 6, hours: 0.16, minutes: 9.6 });
		expect(result.output.map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 5 }, () => ({ item: 0 })),
		);
	});

	test('one grouped breakdown for the range and one per day, however many tags', async () => {
		await runUsage(march.emu, perTag());
		expect(sortedCalls()).toEqual([...MARCH_DAYS.map((day) => dayCall(day)), RANGE_CALL].sort());
		await runUsage(march.emu, perTag({ tags: ['acme'] }));
		expect(managementCalls(march.emu)).toHaveLength(10);
	});

	test('the calls run at most four at a time, and more than one at once', async () => {
		march.emu.configure({ managementLatencyMs: 50 });
		try {
			await runUsage(march.emu, perTag({ start: '2025-03-01', end: '2025-03-10' }));
		} finally {
			march.emu.configure({ managementLatencyMs: 0 });
		}
		const inFlight = march.emu.requests.map((r) => r.managementInFlight ?? 0);
		expect(inFlight).toHaveLength(11);
		expect(Math.max(...inFlight)).toBeLessThanOrEqual(4);
		expect(Math.max(...inFlight)).toBeGreaterThan(1);
	});

	test('a 429 on one of the calls is retried as the transport does, and the numbers stay exact', async () => {
		march.emu.fault({
			path: '/v1/projects/proj-1/usage/breakdown',
			status: 429,
			retryAfter: 0,
			times: 2,
		});
		const result = await runUsage(march.emu, perTag());
		expect(result.error).toBeUndefined();
		expect(jsonOf(result.output)).toEqual([
			tagItem('acme'),
			tagItem('beta'),
			tagItem('gamma'),
			untaggedItem(),
			totalItem(3),
		]);
		expect(march.emu.requests.filter((r) => r.status === 429)).toHaveLength(2);
	});

	test('a request with two tags counts under each; the totals count it once', async () => {
		const result = await runUsage(march.emu, perTag());
		const items = jsonOf(result.output);
		const perTagRequests = items
			.filter((item) => item.kind === 'tag')
			.reduce((sum, item) => sum + (item.requests as number), 0);
		expect(perTagRequests).toBe(7); // s2 (acme+beta) and c2 (acme+gamma) count twice
		expect(items.find((item) => item.kind === 'total')?.requests).toBe(6);
		// Untagged plus the tagged requests, each once, make the total.
		expect(expectedUntagged(all).requests + 5).toBe(expectedTotal(all).requests);
	});

	test('all tags used in the range: found in the same grouped breakdown, no other call', async () => {
		const result = await runUsage(
			march.emu,
			perTag({ tagSource: 'all', tags: [], options: { includeDaily: false } }),
		);
		const { daily: _daily, ...acme } = tagItem('acme');
		expect(jsonOf(result.output)[0]).toEqual(acme);
		expect(jsonOf(result.output).map((item) => item.tag)).toEqual([
			'acme',
			'beta',
			'gamma',
			null,
			null,
		]);
		expect(managementCalls(march.emu)).toEqual([RANGE_CALL]);
	});

	test('a tag listed twice gives one item; untagged and totals can be left out', async () => {
		const result = await runUsage(march.emu, perTag({ tags: ['beta', 'beta'], options: noExtras }));
		expect(jsonOf(result.output)).toEqual([tagItem('beta')]);
	});

	test('a listed tag without usage gets zeros', async () => {
		const result = await runUsage(
			march.emu,
			perTag({ tags: ['nobody'], options: { ...noExtras, includeDaily: false } }),
		);
		expect(jsonOf(result.output)).toEqual([
			{ kind: 'tag', tag: 'nobody', ...head, ...readableSeconds(0, 0), note: MULTI_TAG_NOTE },
		]);
	});

	test('method filter: only the callback (async) requests, in every call', async () => {
		const result = await runUsage(
			march.emu,
			perTag({ filters: { method: 'async' }, options: { includeDaily: false } }),
		);
		const callbacks = all.filter((s) => s.mode === 'callback');
		expect(
			jsonOf(result.output).map(({ tag, requests, hours }) => ({ tag, requests, hours })),
		).toEqual([
			{ tag: 'acme', ...pick(expectedUsage(callbacks, 'acme')) },
			{ tag: 'beta', ...pick(expectedUsage(callbacks, 'beta')) },
			{ tag: 'gamma', ...pick(expectedUsage(callbacks, 'gamma')) },
			{ tag: null, requests: 0, hours: 0 },
			{ tag: null, ...pick(expectedTotal(callbacks)) },
		]);
		expect(result.output[0].json).toMatchObject({ requests: 1, hours: 0.03 });
		expect(managementCalls(march.emu)).toEqual([`${RANGE_CALL}&method=async`]);
	});

	test('every usage filter is sent to every usage call and applied', async () => {
		const filters = {
			model: 'nova-3',
			method: 'sync',
			endpoint: 'listen',
			accessor: 'key-id-plain',
			deployment: 'hosted',
		};
		const result = await runUsage(
			march.emu,
			perTag({ tags: ['acme'], filters, start: '2025-03-01', end: '2025-03-02' }),
		);
		const query =
			'grouping=tags&model=nova-3&method=sync&endpoint=listen&accessor=key-id-plain&deployment=hosted';
		expect(sortedCalls()).toEqual(
			[
				`/v1/projects/proj-1/usage/breakdown?start=2025-03-01&end=2025-03-02&${query}`,
				`/v1/projects/proj-1/usage/breakdown?start=2025-03-01&end=2025-03-01&${query}`,
				`/v1/projects/proj-1/usage/breakdown?start=2025-03-02&end=2025-03-02&${query}`,
			].sort(),
		);
		// Every request used nova-3 (the Transcribe node's default) and the plain key: acme's sync ones.
		expect(result.output[0].json).toMatchObject({ requests: 2, hours: 0.03 });
		const other = await runUsage(
			march.emu,
			perTag({ tags: ['acme'], filters: { model: 'enhanced' }, options: noExtras }),
		);
		expect(other.output[0].json).toMatchObject({ requests: 0, hours: 0, total_hours: 0 });
	});

	test('price per hour and billed cost: to the cent and to a millionth, per tag, untagged and in total', async () => {
		const result = await runUsage(
			march.emu,
			perTag({
				tags: ['acme', 'gamma'],
				options: { pricePerHour: 0.258, includeBilledCost: true, includeDaily: false },
			}),
		);
		// The emulator bills each record duration × channels / 3600 × its price (PRICE = $2/h).
		const cost = (counts: (s: Sent) => boolean, price: number) => {
			const seconds = all
				.filter((s) => s.status === 200 && counts(s))
				.reduce((sum, s) => sum + s.seconds, 0);
			const dollars = (seconds / 3600) * price;
			return { cents: Math.round(dollars * 100) / 100, raw: Math.round(dollars * 1e6) / 1e6 };
		};
		const costs = (counts: (s: Sent) => boolean) => {
			const estimate = cost(counts, 0.258);
			const billed = cost(counts, PRICE);
			return {
				estimated_cost: estimate.cents,
				estimated_cost_raw: estimate.raw,
				dollars: billed.cents,
				dollars_raw: billed.raw,
			};
		};
		const items = jsonOf(result.output);
		expect(
			items.map(({ estimated_cost, estimated_cost_raw, dollars, dollars_raw }) => ({
				estimated_cost,
				estimated_cost_raw,
				dollars,
				dollars_raw,
			})),
		).toEqual([
			costs(hasTag('acme')),
			costs(hasTag('gamma')),
			costs((s) => s.tags.length === 0),
			costs(() => true),
		]);
		// Literal: acme 216 s at $0.258/h = $0.01548; billed at $2/h = $0.12. The total, 576 s.
		expect(items[0]).toMatchObject({
			estimated_cost: 0.02,
			estimated_cost_raw: 0.01548,
			dollars: 0.12,
			dollars_raw: 0.12,
		});
		expect(items[3]).toMatchObject({
			estimated_cost: 0.04,
			estimated_cost_raw: 0.04128,
			dollars: 0.32,
		});
		expect(managementCalls(march.emu).sort()).toEqual([
			'/v1/projects/proj-1/billing/breakdown?start=2025-03-01&end=2025-03-04&grouping=tags',
			RANGE_CALL,
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
		expect(managementCalls(march.emu).sort()).toEqual([
			'/v1/projects/proj-1/billing/breakdown?start=2025-03-01&end=2025-03-04&grouping=tags&accessor=key-id-plain',
			`${RANGE_CALL}&method=sync&accessor=key-id-plain`,
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
		expect(items.map(({ tag, requests, hours }) => ({ tag, requests, hours }))).toEqual([
			...['acme', 'beta', 'gamma'].map((tag) => ({ tag, ...pick(expectedUsage(all, tag)) })),
			{ tag: null, ...pick(expectedUntagged(all)) },
			{ tag: null, ...pick(expectedTotal(all)) },
		]);
		for (const item of items) {
			expect(item.dollars).toBeUndefined();
			expect(item.billing_error).toMatch(
				/^Deepgram 403 \[INSUFFICIENT_PERMISSIONS\]: Your account does not have the required scope to perform that action for this project\. Missing scope: billing:read \(request_id [0-9a-f-]{36}\)$/,
			);
		}
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

	test('without the daily series: one call and no daily field', async () => {
		const result = await runUsage(
			march.emu,
			perTag({ tags: ['gamma'], options: { includeDaily: false } }),
		);
		for (const item of result.output) expect(item.json).not.toHaveProperty('daily');
		expect(managementCalls(march.emu)).toEqual([RANGE_CALL]);
	});

	test('one run per input item, tags from an expression, items paired', async () => {
		const result = await runUsage(
			march.emu,
			perTag({ tags: ['={{ $json.customer }}'], options: { ...noExtras, includeDaily: false } }),
			{ input: [{ json: { customer: 'gamma' } }, { json: { customer: 'beta' } }] },
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
	const JANUARY = { start: '2025-01-01', end: '2025-01-31' };
	const januaryDays = Array.from(
		{ length: 31 },
		(_, i) => `2025-01-${String(i + 1).padStart(2, '0')}`,
	);
	const zeros = readableSeconds(0, 0);

	test('a range with no usage gives zeros for each tag, the untagged usage and the totals, day by day', async () => {
		const result = await runUsage(march.emu, perTag({ tags: ['acme'], ...JANUARY }));
		expect(result.error).toBeUndefined();
		const daily = januaryDays.map((date) => ({ date, ...zeros }));
		const janHead = { project_id: 'proj-1', ...JANUARY };
		expect(jsonOf(result.output)).toEqual([
			{ kind: 'tag', tag: 'acme', ...janHead, ...zeros, daily, note: MULTI_TAG_NOTE },
			{ kind: 'untagged', tag: null, ...janHead, ...zeros, daily },
			{
				kind: 'total',
				tag: null,
				...janHead,
				...zeros,
				daily,
				tags_reported: 1,
				note: TOTALS_NOTE,
			},
		]);
		expect(managementCalls(march.emu)).toHaveLength(32);
	});

	test('all tags of a range with no usage: still one totals item, so a summary always runs', async () => {
		const result = await runUsage(
			march.emu,
			perTag({
				tagSource: 'all',
				...JANUARY,
				options: { includeDaily: false, includeUntagged: false },
			}),
		);
		expect(result.error).toBeUndefined();
		expect(jsonOf(result.output)).toEqual([
			{
				kind: 'total',
				tag: null,
				project_id: 'proj-1',
				...JANUARY,
				...zeros,
				tags_reported: 0,
				note: TOTALS_NOTE,
			},
		]);
	});

	test('without the totals item, all tags of a range with no usage give no items', async () => {
		const result = await runUsage(
			march.emu,
			perTag({ tagSource: 'all', ...JANUARY, options: { ...noExtras, includeDaily: false } }),
		);
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
				options: { ...noExtras, includeDaily: false },
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

	test('a range starting at a moment: its first day is cut there, the next days are whole', async () => {
		// 06:00 in New York is 11:00Z: c1 (beta, 11:00Z) is inside, s2 (09:00Z) is not.
		const result = await runUsage(
			march.emu,
			perTag({
				tags: ['beta'],
				start: '2025-03-02T06:00:00',
				end: '2025-03-03',
				options: noExtras,
			}),
		);
		expect(result.output[0].json.daily).toEqual([
			{ date: '2025-03-02', ...readableSeconds(1, 180) },
			{ date: '2025-03-03', ...zeros },
		]);
		expect(sortedCalls()).toEqual(
			[
				'/v1/projects/proj-1/usage/breakdown?start=2025-03-02T11%3A00%3A00Z&end=2025-03-03&grouping=tags',
				'/v1/projects/proj-1/usage/breakdown?start=2025-03-02T11%3A00%3A00Z&end=2025-03-02&grouping=tags',
				dayCall('2025-03-03'),
			].sort(),
		);
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
			jsonOf(result.output).map(({ kind, tag, requests, hours }) => ({
				kind,
				tag,
				requests,
				hours,
			})),
		).toEqual([
			{ kind: 'tag', tag: 'acme', ...pick(expectedUsage(april, 'acme', KEYS.tagged.tags)) },
			{ kind: 'tag', tag: 'keytag', ...pick(expectedUsage(april, 'keytag', KEYS.tagged.tags)) },
			// Every request of a tagged key has a tag: nothing is untagged.
			{ kind: 'untagged', tag: null, requests: 0, hours: 0 },
			{ kind: 'total', tag: null, requests: 2, hours: 0.03 },
		]);
		expect(result.output[1].json).toMatchObject({ requests: 2, hours: 0.03 });
	});
});

describe('the default range', () => {
	test('empty Start and End: the last 30 days, today included (UTC)', async () => {
		const now = new Date();
		march.clock.set(now.toISOString());
		await transcribe(march.emu, { key: KEYS.plain.key, tags: ['today'], seconds: 36 });
		const result = await runUsage(march.emu, {
			operation: 'usagePerTag',
			tags: ['today'],
		});
		const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
		const start = day(now.getTime() - 29 * 86_400_000);
		expect(result.output[0].json).toMatchObject({
			tag: 'today',
			start,
			end: day(now.getTime()),
			requests: 1,
			hours: 0.01,
		});
		const daily = result.output[0].json.daily as Array<{ date: string }>;
		expect(daily).toHaveLength(30);
		expect([daily[0].date, daily[29].date]).toEqual([start, day(now.getTime())]);
	});
});

function pick(usage: { requests: number; hours: number }) {
	return { requests: usage.requests, hours: usage.hours };
}
