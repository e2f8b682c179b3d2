/** checkNumber: the one check of number parameters (an expression can give anything). */
import { allowedRange, checkNumber } from '../../../nodes/Deepgram/shared/numbers';
import { testNode } from './node';

const PAGE = { field: 'Page Size', min: 1, max: 1000, integer: true };
const PRICE = { field: 'Price per Hour', min: 0 };
const message = (fn: () => unknown) => {
	try {
		fn();
	} catch (error) {
		return (error as Error).message;
	}
	return 'no error';
};

test('the range as errors say it', () => {
	expect(allowedRange(PAGE)).toBe('a whole number from 1 to 1000');
	expect(allowedRange(PRICE)).toBe('a number of at least 0');
});

test('values within the range, bounds included, numbers given as text too', () => {
	expect(checkNumber(testNode, PAGE, 1)).toBe(1);
	expect(checkNumber(testNode, PAGE, 1000)).toBe(1000);
	expect(checkNumber(testNode, PAGE, ' 42 ')).toBe(42);
	expect(checkNumber(testNode, PRICE, 0)).toBe(0);
	expect(checkNumber(testNode, PRICE, '0.258')).toBe(0.258);
});

test.each([
	[0, 'not 0'],
	[1001, 'not 1001'],
	[2.5, 'not 2.5'],
	[Number.NaN, 'not NaN'],
	[Infinity, 'not Infinity'],
	['', 'not ""'],
	['  ', 'not "  "'],
	['abc', 'not "abc"'],
	[true, 'not true'],
	[null, 'not empty'],
	[undefined, 'not empty'],
	[[5], 'not a list'],
	[{ n: 5 }, 'not an object'],
])('%j is refused, naming the field and the range', (value, shown) => {
	expect(message(() => checkNumber(testNode, PAGE, value))).toBe(
		`Page Size must be a whole number from 1 to 1000, ${shown}`,
	);
});

test('a text is quoted whole up to 40 characters; a longer one only by its length, never cut', () => {
	expect(message(() => checkNumber(testNode, PRICE, 'x'.repeat(40)))).toBe(
		`Price per Hour must be a number of at least 0, not "${'x'.repeat(40)}"`,
	);
	expect(message(() => checkNumber(testNode, PRICE, 'x'.repeat(100)))).toBe(
		'Price per Hour must be a number of at least 0, not a text of 100 characters',
	);
});

test('the error names the item and the field to check', () => {
	try {
		checkNumber(testNode, PRICE, -1, 3);
		throw new Error('no error');
	} catch (error) {
		const nodeError = error as { context: { itemIndex?: number }; description?: string };
		expect(nodeError.context.itemIndex).toBe(3);
		expect(nodeError.description).toBe(
			'Check the "Price per Hour" field; an expression there must give a number of at least 0.',
		);
	}
});
