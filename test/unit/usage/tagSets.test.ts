import { sumTagSets, tagSetRows } from '../../../nodes/Deepgram/usage/helpers/tagSets';
import { addUsage, noUsage, usageTotals } from '../../../nodes/Deepgram/usage/helpers/usageTotals';

/** A grouping=tags breakdown as deepgram-api.md §6 shows it. */
const row = (tags: unknown, requests: number, hours: number) => ({
	hours,
	total_hours: hours,
	agent_hours: 0,
	requests,
	grouping: { start: '2025-03-01', end: '2025-03-04', accessor: null, tags },
});

describe('tagSetRows', () => {
	test('each row with its tag set; null or missing tags are untagged', () => {
		expect(
			tagSetRows([row(['a', 'b'], 1, 0.5), row(null, 2, 1), { requests: 3 }], usageTotals),
		).toEqual([
			{ tags: ['a', 'b'], value: { requests: 1, hours: 0.5, total_hours: 0.5 } },
			{ tags: [], value: { requests: 2, hours: 1, total_hours: 1 } },
			{ tags: [], value: { requests: 3, hours: 0, total_hours: 0 } },
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
			row(['b'], 1, 0.05),
			row([], 1, 0.01),
		]);
		expect(Object.fromEntries(sums.byTag)).toEqual({
			a: { requests: 3, hours: 0.03, total_hours: 0.03 },
			b: { requests: 2, hours: 0.07, total_hours: 0.07 },
		});
		expect(sums.untagged).toEqual({ requests: 1, hours: 0.01, total_hours: 0.01 });
		expect(sums.total).toEqual({ requests: 5, hours: 0.09, total_hours: 0.09 });
	});

	test('a tag named twice in one set counts the row once', () => {
		expect(sum([row(['a', 'a'], 1, 0.5)]).byTag.get('a')).toEqual({
			requests: 1,
			hours: 0.5,
			total_hours: 0.5,
		});
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
