/** The version guard's notion of an output's shape (test/engine/versions/shape.ts). */
import { outputsShape } from '../../engine/versions/storedExamples';
import { shapeDiff, shapeOf } from '../../engine/versions/shape';

const item = {
	request_id: 'a1',
	created: '2026-12-07T10:00:00.000Z',
	confidence: 0.94,
	extra: { job: '42' },
	utterances: [{ start: 0, transcript: 'hi', speaker: 0 }],
	detected_language: null,
};

test('keys and value types, recursively, sorted; arrays as one element shape', () => {
	expect(shapeOf(item)).toEqual([
		'$: object',
		'$.confidence: number',
		'$.created: string',
		'$.detected_language: null',
		'$.extra: object',
		'$.extra.job: string',
		'$.request_id: string',
		'$.utterances: array',
		'$.utterances[]: object',
		'$.utterances[].speaker: number',
		'$.utterances[].start: number',
		'$.utterances[].transcript: string',
	]);
});

test('other values (ids, times, numbers, list lengths, key order) give the same shape', () => {
	const other = {
		detected_language: null,
		utterances: [
			{ transcript: 'x', speaker: 1, start: 3 },
			{ start: 4, transcript: 'y', speaker: 0 },
		],
		extra: { job: '7' },
		confidence: 0.5,
		created: '2027-01-01T00:00:00.000Z',
		request_id: 'zz',
	};
	expect(shapeOf(other)).toEqual(shapeOf(item));
});

test('a key added, removed or retyped is a difference, named by its path', () => {
	const { confidence: _gone, ...withoutConfidence } = item;
	expect(
		shapeDiff(shapeOf(item), shapeOf({ ...withoutConfidence, confidence: '0.94', words: [] })),
	).toEqual(['- $.confidence: number', '+ $.confidence: string', '+ $.words: array']);
});

test('outputs keep each item’s place: one item more, or an empty output, changes the shape', () => {
	const one = outputsShape([[{ json: { kind: 'tag' } }], []]);
	expect(one).toEqual([
		'output0[0]: object',
		'output0[0].json: object',
		'output0[0].json.kind: string',
		'output1: empty',
	]);
	const two = outputsShape([[{ json: { kind: 'tag' } }, { json: { kind: 'total' } }], []]);
	expect(shapeDiff(one, two)).toEqual([
		'+ output0[1]: object',
		'+ output0[1].json: object',
		'+ output0[1].json.kind: string',
	]);
});
