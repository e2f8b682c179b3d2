import {
	addUsage,
	dollarFields,
	estimatedCostFields,
	noUsage,
	readableUsage,
	usageTotals,
} from '../../../nodes/Deepgram/usage/helpers/usageTotals';

describe('usageTotals and addUsage', () => {
	test('a breakdown row’s numbers; missing or unreadable ones count as 0', () => {
		expect(usageTotals({ requests: 2, hours: 0.5, total_hours: 1, grouping: {} })).toEqual({
			requests: 2,
			hours: 0.5,
			total_hours: 1,
		});
		expect(usageTotals({ hours: 0.5, total_hours: 'x' })).toEqual({
			requests: 0,
			hours: 0.5,
			total_hours: 0,
		});
	});

	test('adding keeps the sums unrounded', () => {
		const sum = addUsage(addUsage(noUsage(), usageTotals({ requests: 1, hours: 1 / 3 })), {
			requests: 1,
			hours: 1 / 3,
			total_hours: 0,
		});
		expect(sum).toEqual({ requests: 2, hours: 2 / 3, total_hours: 0 });
	});
});

describe('readableUsage', () => {
	test('hours and total hours to a millionth, minutes to a hundredth', () => {
		// 5.75 s: the unrounded 0.0015972222222222223 h.
		expect(readableUsage({ requests: 1, hours: 5.75 / 3600, total_hours: 11.5 / 3600 })).toEqual({
			requests: 1,
			hours: 0.001597,
			minutes: 0.1,
			total_hours: 0.003194,
		});
	});

	test('floating-point noise of a sum disappears', () => {
		expect(readableUsage({ requests: 3, hours: 0.1 + 0.2, total_hours: 0.1 + 0.2 })).toEqual({
			requests: 3,
			hours: 0.3,
			minutes: 18,
			total_hours: 0.3,
		});
	});
});

describe('dollars', () => {
	test('to the cent, and raw to a millionth', () => {
		expect(dollarFields('dollars', 0.0154833)).toEqual({ dollars: 0.02, dollars_raw: 0.015483 });
		expect(dollarFields('dollars', 0)).toEqual({ dollars: 0, dollars_raw: 0 });
	});

	test('the estimate uses every channel (total_hours) × the price', () => {
		expect(estimatedCostFields(0.06, 0.258)).toEqual({
			estimated_cost: 0.02,
			estimated_cost_raw: 0.01548,
		});
		expect(estimatedCostFields(1 / 3, 1)).toEqual({
			estimated_cost: 0.33,
			estimated_cost_raw: 0.333333,
		});
	});
});
