import { DateTime } from 'luxon';

import {
	dailyRanges,
	endingByNow,
	rangeQuery,
	resolveDateRange,
	toDeepgramBound,
} from '../../../nodes/Deepgram/usage/helpers/dateRange';
import { testNode as usageNode } from '../shared/node';

const NOW = new Date('2025-03-10T15:30:00Z');
const bound = (value: unknown, timeZone = 'UTC', field: 'Start' | 'End' = 'Start') =>
	toDeepgramBound(usageNode, field, value, timeZone);

describe('default range', () => {
	test('empty Start and End: the last 30 days, today included, as UTC dates', () => {
		expect(resolveDateRange(usageNode, { start: '', end: '' }, NOW, 'UTC')).toEqual({
			start: '2025-02-09',
			end: '2025-03-10',
		});
	});

	test('today is the UTC day, whatever the workflow time zone', () => {
		const lateEvening = new Date('2025-03-10T23:30:00Z');
		expect(
			resolveDateRange(usageNode, { start: undefined, end: null }, lateEvening, 'Asia/Tokyo'),
		).toEqual({
			start: '2025-02-09',
			end: '2025-03-10',
		});
	});

	test('only one side given: the other keeps its default', () => {
		expect(resolveDateRange(usageNode, { start: '2025-03-01', end: '' }, NOW, 'UTC')).toEqual({
			start: '2025-03-01',
			end: '2025-03-10',
		});
	});

	test('as query parameters', () => {
		expect(rangeQuery({ start: '2025-03-01', end: '2025-03-02T10:00:00Z' })).toEqual([
			['start', '2025-03-01'],
			['end', '2025-03-02T10:00:00Z'],
		]);
	});
});

describe('one bound', () => {
	test.each([
		['a date', '2025-03-01', '2025-03-01'],
		['the date picker at midnight (no zone)', '2025-03-01T00:00:00', '2025-03-01'],
		['midnight with milliseconds', '2025-03-01T00:00:00.000Z', '2025-03-01'],
		['midnight in its own zone ($today)', '2025-03-01T00:00:00.000+01:00', '2025-03-01'],
		['a UTC moment', '2025-03-01T10:15:30Z', '2025-03-01T10:15:30Z'],
		['a moment with an offset', '2025-03-01T10:15:30+02:00', '2025-03-01T08:15:30Z'],
		['an offset without colon', '2025-03-01T10:15:30-0130', '2025-03-01T11:45:30Z'],
		['a space instead of T', '2025-03-01 10:15', '2025-03-01T10:15:00Z'],
		['surrounding spaces', '  2025-03-01  ', '2025-03-01'],
	])('%s', (_, value, expected) => {
		expect(bound(value)).toBe(expected);
	});

	test('a time without zone is in the workflow time zone (winter and summer offsets)', () => {
		expect(bound('2025-01-15T09:00:00', 'Europe/Berlin')).toBe('2025-01-15T08:00:00Z');
		expect(bound('2025-07-15T09:00:00', 'Europe/Berlin')).toBe('2025-07-15T07:00:00Z');
		expect(bound('2025-07-15T09:00:00', 'America/New_York')).toBe('2025-07-15T13:00:00Z');
	});

	test('a Luxon DateTime from an expression', () => {
		const at = DateTime.fromISO('2025-03-01T10:00:00', { zone: 'America/New_York' });
		expect(bound(at)).toBe('2025-03-01T15:00:00Z');
		expect(bound(at.startOf('day'))).toBe('2025-03-01');
	});

	test('a JavaScript Date', () => {
		expect(bound(new Date('2025-03-01T10:00:00Z'))).toBe('2025-03-01T10:00:00Z');
		expect(bound(new Date('2025-03-01T00:00:00Z'))).toBe('2025-03-01');
	});

	test('empty values mean "not set"', () => {
		expect(bound('')).toBeUndefined();
		expect(bound('   ')).toBeUndefined();
		expect(bound(undefined)).toBeUndefined();
		expect(bound(null)).toBeUndefined();
	});

	test.each([
		'March 3',
		'2025-02-30',
		'2025-13-01',
		'2025-03-01T25:00:00',
		'03/01/2025',
		new Date('x'),
	])('%p is refused, naming the field', (value) => {
		expect(() => bound(value, 'UTC', 'End')).toThrow(/^End ".*" is not a date: pick one/);
	});
});

describe('range order', () => {
	test('the same day as Start and End is one whole day', () => {
		expect(
			resolveDateRange(usageNode, { start: '2025-03-01', end: '2025-03-01' }, NOW, 'UTC'),
		).toEqual({
			start: '2025-03-01',
			end: '2025-03-01',
		});
	});

	test.each([
		['2025-03-02', '2025-03-01'],
		['2025-03-01T12:00:00Z', '2025-03-01T12:00:00Z'],
		['2025-03-01T12:00:00Z', '2025-03-01T11:00:00Z'],
	])('Start %s and End %s are refused', (start, end) => {
		expect(() => resolveDateRange(usageNode, { start, end }, NOW, 'UTC')).toThrow(
			`Start (${start}) is not before End (${end}): pick an earlier Start or a later End`,
		);
	});

	test('a default Start after a given End is refused too', () => {
		expect(() => resolveDateRange(usageNode, { start: '', end: '2025-01-01' }, NOW, 'UTC')).toThrow(
			'Start (2025-02-09) is not before End (2025-01-01)',
		);
	});
});

describe('endingByNow: a list read page by page ends when reading starts', () => {
	const at = new Date('2025-03-10T15:30:07.890Z');

	test('a range that ends later ends now instead, in whole seconds rounded down', () => {
		expect(endingByNow({ start: '2025-02-08', end: '2025-03-10' }, at)).toEqual({
			start: '2025-02-08',
			end: '2025-03-10T15:30:07Z',
		});
		expect(endingByNow({ start: '2025-03-10', end: '2025-03-11T00:00:00Z' }, at)).toEqual({
			start: '2025-03-10',
			end: '2025-03-10T15:30:07Z',
		});
	});

	test('a range that has already ended is left as it is', () => {
		const past = { start: '2025-02-01', end: '2025-03-09' };
		expect(endingByNow(past, at)).toBe(past);
		const untilNow = { start: '2025-03-10', end: '2025-03-10T15:30:07Z' };
		expect(endingByNow(untilNow, at)).toBe(untilNow);
	});

	test('a range still to come holds nothing yet', () => {
		expect(endingByNow({ start: '2025-03-10T15:30:07Z', end: '2025-03-12' }, at)).toBeNull();
		expect(endingByNow({ start: '2025-03-11', end: '2025-03-12' }, at)).toBeNull();
	});
});

describe('dailyRanges: one range per UTC day, for per-day breakdowns', () => {
	test('whole days as dates, the last day included', () => {
		expect(dailyRanges({ start: '2025-02-27', end: '2025-03-02' })).toEqual([
			{ date: '2025-02-27', start: '2025-02-27', end: '2025-02-27' },
			{ date: '2025-02-28', start: '2025-02-28', end: '2025-02-28' },
			{ date: '2025-03-01', start: '2025-03-01', end: '2025-03-01' },
			{ date: '2025-03-02', start: '2025-03-02', end: '2025-03-02' },
		]);
	});

	test('bounds that are moments cut the first and the last day', () => {
		expect(dailyRanges({ start: '2025-03-01T11:00:00Z', end: '2025-03-03T10:00:00Z' })).toEqual([
			{ date: '2025-03-01', start: '2025-03-01T11:00:00Z', end: '2025-03-01' },
			{ date: '2025-03-02', start: '2025-03-02', end: '2025-03-02' },
			{ date: '2025-03-03', start: '2025-03-03', end: '2025-03-03T10:00:00Z' },
		]);
		expect(dailyRanges({ start: '2025-03-02', end: '2025-03-02T10:00:00Z' })).toEqual([
			{ date: '2025-03-02', start: '2025-03-02', end: '2025-03-02T10:00:00Z' },
		]);
	});

	test('the default range is 30 days', () => {
		expect(
			dailyRanges(resolveDateRange(usageNode, { start: '', end: '' }, NOW, 'UTC')),
		).toHaveLength(30);
	});
});
