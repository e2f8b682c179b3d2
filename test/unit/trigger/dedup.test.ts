/** The bounded memory of deliveries that started the workflow. */
import { DeliveryMemory } from '../../../nodes/Deepgram/trigger/dedup';

test('an empty or missing memory knows nothing', () => {
	expect(new DeliveryMemory(undefined, 3).has('a')).toBe(false);
	expect(new DeliveryMemory([], 3).has('a')).toBe(false);
});

test('remember appends the key and returns a new list, leaving the input untouched', () => {
	const stored = ['a', 'b'];
	const next = new DeliveryMemory(stored, 3).remember('c');
	expect(next).toEqual(['a', 'b', 'c']);
	expect(next).not.toBe(stored);
	expect(stored).toEqual(['a', 'b']);
	expect(new DeliveryMemory(next, 3).has('c')).toBe(true);
});

test('beyond the limit the oldest keys are forgotten', () => {
	const next = new DeliveryMemory(['a', 'b', 'c'], 3).remember('d');
	expect(next).toEqual(['b', 'c', 'd']);
	const memory = new DeliveryMemory(next, 3);
	expect(memory.has('a')).toBe(false);
	expect(memory.has('b')).toBe(true);
});

test('a lowered limit trims an older, longer list', () => {
	expect(new DeliveryMemory(['a', 'b', 'c', 'd', 'e'], 2).remember('f')).toEqual(['e', 'f']);
});

test('remembering a known key moves it to the newest place instead of duplicating it', () => {
	expect(new DeliveryMemory(['a', 'b', 'c'], 3).remember('a')).toEqual(['b', 'c', 'a']);
});

test('a limit below 1 or fractional still keeps the newest key', () => {
	expect(new DeliveryMemory(['a'], 0).remember('b')).toEqual(['b']);
	expect(new DeliveryMemory(['a', 'b'], 2.7).remember('c')).toEqual(['b', 'c']);
});

test('non-string entries in stored static data are ignored', () => {
	const memory = new DeliveryMemory(['a', 7, null] as unknown as string[], 5);
	expect(memory.remember('b')).toEqual(['a', 'b']);
});

test('1,000 deliveries are remembered by default-sized memory, the 1,001st pushes out the first', () => {
	let keys: string[] = [];
	for (let i = 0; i < 1001; i++) keys = new DeliveryMemory(keys, 1000).remember(`req-${i}`);
	expect(keys).toHaveLength(1000);
	expect(keys[0]).toBe('req-1');
	expect(keys[999]).toBe('req-1000');
});
