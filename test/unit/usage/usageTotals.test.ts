import type { UsageBreakdownV1Response } from '@deepgram/sdk';

import {
	addUsage,
	dollarFields,
	estimatedCostFields,
	noUsage,
	readableUsage,
	usageTotals,
} from '../../../nodes/Deepgram/usage/helpers/usageTotals';

const zeros = { agent_hours: 0, tts_characters: 0, tokens_in: 0, tokens_out: 0 };

describe('usageTotals and addUsage', () => {
	test('every measure of a breakdown row as Deepgram types it', () => {
		const row = {
			hours: 0.5,
			total_hours: 1,
			agent_hours: 0.25,
			tokens_in: 1200,
			tokens_out: 80,
			tts_characters: 4321,
			requests: 7,
			grouping: { tags: ['voice'] },
		} satisfies UsageBreakdownV1Response.Results.Item;
		expect(usageTotals(row)).toEqual({
			requests: 7,
			hours: 0.5,
			total_hours: 1,
			agent_hours: 0.25,
			tts_characters: 4321,
			tokens_in: 1200,
			tokens_out: 80,
		});
	});

	test('missing or unreadable numbers count as 0', () => {
		expect(usageTotals({ hours: 0.5, total_hours: 'x' as unknown as number })).toEqual({
			requests: 0,
			hours: 0.5,
			total_hours: 0,
			...zeros,
		});
	});

	test('adding keeps the sums unrounded, measure by measure', () => {
		const sum = addUsage(addUsage(noUsage(), usageTotals({ requests: 1, hours: 1 / 3 })), {
			requests: 1,
			hours: 1 / 3,
			total_hours: 0,
			agent_hours: 1 / 3,
			tts_characters: 12,
			tokens_in: 5,
			tokens_out: 2,
		});
		expect(sum).toEqual({
			requests: 2,
			hours: 2 / 3,
			total_hours: 0,
			agent_hours: 1 / 3,
			tts_characters: 12,
			tokens_in: 5,
			tokens_out: 2,
		});
	});
});

describe('readableUsage', () => {
	test('hours and total hours to a millionth, minutes to a hundredth', () => {
		// 5.75 s: the unrounded 0.0015972222222222223 h.
		expect(
			readableUsage({ ...noUsage(), requests: 1, hours: 5.75 / 3600, total_hours: 11.5 / 3600 }),
		).toEqual({ requests: 1, hours: 0.001597, minutes: 0.1, total_hours: 0.003194, ...zeros });
	});

	test('floating-point noise of a sum disappears', () => {
		expect(
			readableUsage({
				...noUsage(),
				requests: 3,
				hours: 0.1 + 0.2,
				total_hours: 0.1 + 0.2,
				agent_hours: 0.1 + 0.2,
				tts_characters: 10,
			}),
		).toEqual({
			requests: 3,
			hours: 0.3,
			minutes: 18,
			total_hours: 0.3,
			agent_hours: 0.3,
			tts_characters: 10,
			tokens_in: 0,
			tokens_out: 0,
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
