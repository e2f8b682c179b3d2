import { buildQueryString, withQuery } from '../../../nodes/Deepgram/shared/query';

describe('buildQueryString', () => {
	it('repeats a key once per value, in order', () => {
		expect(
			buildQueryString([
				['tag', ['a', 'b']],
				['extra', ['k:v', 'k2:v2']],
			]),
		).toBe('tag=a&tag=b&extra=k%3Av&extra=k2%3Av2');
	});

	it('percent-encodes spaces, ":", "&", unicode and a URL with its own query', () => {
		expect(
			buildQueryString([
				['tag', 'team a&b'],
				['tag', 'kündé ✓'],
				['callback', 'https://u:p@h.example.com/cb?x=1&y=2'],
			]),
		).toBe(
			'tag=team%20a%26b&tag=k%C3%BCnd%C3%A9%20%E2%9C%93&callback=https%3A%2F%2Fu%3Ap%40h.example.com%2Fcb%3Fx%3D1%26y%3D2',
		);
	});

	it('writes booleans and numbers as text and leaves out empty values', () => {
		expect(
			buildQueryString([
				['smart_format', true],
				['punctuate', false],
				['utt_split', 0.8],
				['language', ''],
				['model', undefined],
				['version', null],
			]),
		).toBe('smart_format=true&punctuate=false&utt_split=0.8');
	});
});

describe('withQuery', () => {
	it('adds the query only when there is one', () => {
		expect(withQuery('/v1/listen', [])).toBe('/v1/listen');
		expect(withQuery('/v1/listen', [['model', 'nova-3']])).toBe('/v1/listen?model=nova-3');
	});
});
