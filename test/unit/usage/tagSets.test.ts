import { sumTagSets, tagSetRows } from '../../../nodes/Deepgram/usage/helpers/tagSets';
import { addUsage, noUsage, usageTotals } from '../../../nodes/Deepgram/usage/helpers/usageTotals';

type UsageRow = import('../../emulator/sdk-types').UsageBreakdownAnswer['results'][number];

/** A grouping=tags breakdown row as Deepgram types it (keys not grouped by are null). */
const row = (tags: string[] | null, requests: number, hours: number, tts = 0): UsageRow => ({
	hours,
	total_hours: hours,
	agent_hours: 0,
	tokens_in: 0,
	tokens_out: 0,
	tts_characters: tts,
	requests,
	grouping: {
		start: '2025-03-01',
		end: '2025-03-04',
		accessor: null,
		endpoint: null,
		feature_set: null,
		models: null,
		method: null,
		tags,
		deployment: null,
	},
});
/** Expected totals: audio hours (mono) and text-to-speech characters, other measures 0. */
const usage = (requests: number, hours: number, tts = 0) => ({
	...noUsage(),
	requests,
	hours,
	total_hours: hours,
	tts_characters: tts,
});

describe('tagSetRows', () => {
	test('each row with its tag set; null or missing tags are untagged', () => {
		expect(
			tagSetRows([row(['a', 'b'], 1, 0.5), row(null, 2, 1), { requests: 3 }], usageTotals),
		).toEqual([
			{ tags: ['a', 'b'], value: usage(1, 0.5) },
			{ tags: [], value: usage(2, 1) },
			{ tags: [], value: usage(3, 0) },
		]);
	});

	test('no results: no rows', () => {
		expect(tagSetRows(undefined, usageTotals)).toEqual([]);
	});
});

describe('sumTagSets', () => {
	const sum = (results: unknown[]) =>
		sumTagSets(tagSetRows(results, usageTotals), noUsage, addUsage);

	test('a tag sums every set containing it; a two-tag row counts under both, once in the total', () => {
		const sums = sum([
			row(['a', 'b'], 1, 0.02),
			row(['a'], 2, 0.01),
			row(['b'], 1, 0.05, 300),
			row([], 1, 0.01),
		]);
		expect(Object.fromEntries(sums.byTag)).toEqual({
			a: usage(3, 0.03),
			b: usage(2, 0.07, 300),
		});
		expect(sums.untagged).toEqual(usage(1, 0.01));
		expect(sums.total).toEqual(usage(5, 0.09, 300));
	});

	test('a tag named twice in one set counts the row once', () => {
		expect(sum([row(['a', 'a'], 1, 0.5)]).byTag.get('a')).toEqual(usage(1, 0.5));
	});

	test('no rows: no tags, zero untagged and zero total', () => {
		expect(sum([])).toEqual({ byTag: new Map(), untagged: noUsage(), total: noUsage() });
	});

	test('billing rows: dollars per tag set', () => {
		const dollars = sumTagSets(
			tagSetRows(
				[
					{ dollars: 1.5, grouping: { tags: ['a', 'b'] } },
					{ dollars: 0.25, grouping: { tags: [] } },
				],
				(r) => r.dollars as number,
			),
			() => 0,
			(a, b) => a + b,
		);
		expect(Object.fromEntries(dollars.byTag)).toEqual({ a: 1.5, b: 1.5 });
		expect([dollars.untagged, dollars.total]).toEqual([0.25, 1.75]);
	});
});
