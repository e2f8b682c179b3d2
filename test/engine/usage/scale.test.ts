/**
 * Usage per Tag over a project tagged per customer: 500 tags, 2,000 requests over 30 days, the
 * emulator answering each management call after 50 ms. The node's calls stay within the budget
 * (1 without the daily series, 2 with billed cost, days + 1 with the daily series) and every
 * number equals the plan that was transcribed, per tag and per day.
 */
import {
	expectedUsageOf,
	jsonOf,
	KEYS,
	managementCalls,
	runUsage,
	startEmulator,
	type Emulator,
	type Sent,
} from './helpers';

const { taggedLoadPlan, sendTaggedLoad } =
	require('../../emulator/tagged-load') as typeof import('../../emulator/tagged-load');

const RANGE = { start: '2025-06-01', end: '2025-06-30' };
const DAYS = Array.from({ length: 30 }, (_, i) => `2025-06-${String(i + 1).padStart(2, '0')}`);
const plan = taggedLoadPlan({ requests: 2000, tags: 500, days: 30, firstDay: RANGE.start });
/** The plan as the helpers' Sent records (all succeeded). */
const sent: Sent[] = plan.map((r, i) => ({
	id: String(i),
	tags: r.tags,
	seconds: r.seconds,
	mode: 'sync' as const,
	status: 200,
}));
const dayOf = new Map<Sent, string>(sent.map((s, i) => [s, plan[i].at.slice(0, 10)]));
const tags = [...new Set(plan.flatMap((r) => r.tags))].sort();

let emu: Emulator;
let now: Date | undefined;
beforeAll(async () => {
	emu = await startEmulator({ keys: [KEYS.plain], now: () => now ?? new Date() });
	await sendTaggedLoad(emu.baseUrl, KEYS.plain.key, plan, (at) => {
		now = at;
	});
	emu.configure({ managementLatencyMs: 50 });
}, 120_000);
beforeEach(() => {
	emu.requests.length = 0;
});
afterAll(() => emu?.stop());

const allTags = (options: Record<string, boolean>) =>
	runUsage(emu, { operation: 'usagePerTag', tagSource: 'all', ...RANGE, options });

/** Expected usage over the range, and per day when asked, for the requests `counts` picks. */
function expected(counts: (s: Sent) => boolean, daily: boolean) {
	return {
		...expectedUsageOf(sent, counts),
		...(daily
			? {
					daily: DAYS.map((date) => ({
						date,
						...expectedUsageOf(
							sent.filter((s) => dayOf.get(s) === date),
							counts,
						),
					})),
				}
			: {}),
	};
}

function expectExact(items: Array<Record<string, unknown>>, daily: boolean) {
	expect(tags).toHaveLength(500);
	const strip = ({
		kind,
		tag,
		requests,
		hours,
		minutes,
		total_hours,
		agent_hours,
		tts_characters,
		tokens_in,
		tokens_out,
		daily: d,
	}: Record<string, unknown>) => ({
		kind,
		tag,
		requests,
		hours,
		minutes,
		total_hours,
		agent_hours,
		tts_characters,
		tokens_in,
		tokens_out,
		...(daily ? { daily: d } : {}),
	});
	expect(items.map(strip)).toEqual([
		...tags.map((tag) => ({ kind: 'tag', tag, ...expected((s) => s.tags.includes(tag), daily) })),
		{ kind: 'untagged', tag: null, ...expected((s) => s.tags.length === 0, daily) },
		{ kind: 'total', tag: null, ...expected(() => true, daily) },
	]);
	expect(items.at(-1)).toMatchObject({ requests: 2000, tags_reported: 500 });
	expect(items.at(-2)).toMatchObject({ requests: 222 });
}

test('all 500 tags, the untagged usage and the totals in one call, exactly', async () => {
	const result = await allTags({ includeDaily: false });
	expect(result.error).toBeUndefined();
	expectExact(jsonOf(result.output), false);
	expect(managementCalls(emu)).toHaveLength(1);
});

test('with billed cost: two calls, dollars per tag summed from the tag sets', async () => {
	const result = await allTags({ includeDaily: false, includeBilledCost: true });
	const items = jsonOf(result.output);
	expectExact(items, false);
	expect(managementCalls(emu)).toHaveLength(2);
	// The emulator bills $0.258 per channel hour; every request here is mono.
	const dollars = (hours: number) => Math.round(hours * 0.258 * 1e6) / 1e6;
	for (const item of items) {
		expect(item.dollars_raw).toBeCloseTo(dollars(item.hours as number), 5);
	}
});

test('with the daily series: one call per day plus one, exact per tag and per day', async () => {
	const result = await allTags({ includeBilledCost: true });
	expectExact(jsonOf(result.output), true);
	const calls = managementCalls(emu);
	expect(calls.length).toBe(DAYS.length + 2);
	expect(calls.length).toBeLessThanOrEqual(DAYS.length + 3);
	expect(Math.max(...emu.requests.map((r) => r.managementInFlight ?? 0))).toBeLessThanOrEqual(4);
});
