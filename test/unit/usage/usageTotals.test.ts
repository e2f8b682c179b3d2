import {
	dailySeries,
	estimatedCost,
	sumDollars,
	sumUsage,
} from '../../../nodes/Deepgram/usage/helpers/usageTotals';

describe('sumUsage', () => {
	test('adds the breakdown rows', () => {
		expect(
			sumUsage([
				{ hours: 0.01, total_hours: 0.02, requests: 1, agent_hours: 0, grouping: {} },
				{ hours: 0.05, total_hours: 0.05, requests: 2 },
			]),
		).toEqual({ requests: 3, hours: 0.060000000000000005, total_hours: 0.07 });
	});

	test('no rows, or no results at all, give zeros', () => {
		expect(sumUsage([])).toEqual({ requests: 0, hours: 0, total_hours: 0 });
		expect(sumUsage(undefined)).toEqual({ requests: 0, hours: 0, total_hours: 0 });
	});

	test('missing numbers count as 0', () => {
		expect(sumUsage([{ hours: 0.5 }, { requests: 2, total_hours: 'x' }])).toEqual({
			requests: 2,
			hours: 0.5,
			total_hours: 0,
		});
	});
});

describe('dailySeries', () => {
	test('one entry per day of /usage', () => {
		expect(
			dailySeries({
				start: '2025-03-01',
				end: '2025-03-02',
				resolution: { units: 'day', amount: 1 },
				results: [
					{ start: '2025-03-01', end: '2025-03-01', hours: 0.01, total_hours: 0.01, requests: 1 },
					{
						start: '2025-03-02T00:00:00Z',
						end: '2025-03-02',
						hours: 0,
						total_hours: 0,
						requests: 0,
					},
				],
			}),
		).toEqual([
			{ date: '2025-03-01', requests: 1, hours: 0.01, total_hours: 0.01 },
			{ date: '2025-03-02', requests: 0, hours: 0, total_hours: 0 },
		]);
	});

	test('the 2026 spec shape without results gives null, not an empty series', () => {
		expect(
			dailySeries({
				start: '2025-03-01',
				end: '2025-03-02',
				resolution: { units: 'day', amount: 1 },
			}),
		).toBeNull();
		expect(dailySeries(undefined)).toBeNull();
	});
});

test('sumDollars adds the billing rows; none is 0', () => {
	expect(sumDollars([{ dollars: 1.25, grouping: {} }, { dollars: 0.5 }])).toBe(1.75);
	expect(sumDollars([])).toBe(0);
	expect(sumDollars(undefined)).toBe(0);
});

test('estimatedCost uses all channels and rounds to a millionth of a dollar', () => {
	expect(estimatedCost(0.03, 0.258)).toBe(0.00774);
	expect(estimatedCost(1 / 3, 1)).toBe(0.333333);
	expect(estimatedCost(0, 5)).toBe(0);
});
