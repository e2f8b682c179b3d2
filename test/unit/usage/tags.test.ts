import { matchesTags, uniqueTags } from '../../../nodes/Deepgram/usage/helpers/tags';

describe('matchesTags', () => {
	test.each([
		[['a', 'b'], ['a'], 'any', true],
		[['a', 'b'], ['c', 'b'], 'any', true],
		[['a', 'b'], ['c'], 'any', false],
		[[], ['a'], 'any', false],
		[['a', 'b'], ['a', 'b'], 'all', true],
		[['a', 'b', 'keytag'], ['b', 'a'], 'all', true],
		[['a'], ['a', 'b'], 'all', false],
		[[], ['a'], 'all', false],
		[['Acme'], ['acme'], 'any', false],
		[['team a'], ['team'], 'any', false],
	] as const)('%j with %j (%s) → %s', (have, wanted, match, expected) => {
		expect(matchesTags(have, wanted, match)).toBe(expected);
	});
});

test('uniqueTags keeps the first of each, in order', () => {
	expect(uniqueTags(['b', 'a', 'b', 'c', 'a'])).toEqual(['b', 'a', 'c']);
});
