/** The memory of deliveries that started the workflow: in this process, and saved in static data. */
import { claimDelivery, rememberDelivery } from '../../../nodes/Deepgram/trigger/dedup';

let scope = 0;
const newScope = () => `workflow-${++scope}/node`;

describe('rememberDelivery (the saved memory)', () => {
	test('appends the key and returns a new list, leaving the input untouched', () => {
		const stored = ['a', 'b'];
		const next = rememberDelivery(stored, 'c', 3);
		expect(next).toEqual(['a', 'b', 'c']);
		expect(stored).toEqual(['a', 'b']);
	});

	test('beyond the limit the oldest keys are forgotten; a lowered limit trims a longer list', () => {
		expect(rememberDelivery(['a', 'b', 'c'], 'd', 3)).toEqual(['b', 'c', 'd']);
		expect(rememberDelivery(['a', 'b', 'c', 'd', 'e'], 'f', 2)).toEqual(['e', 'f']);
	});

	test('a known key moves to the newest place; non-string entries are dropped', () => {
		expect(rememberDelivery(['a', 'b', 'c'], 'a', 3)).toEqual(['b', 'c', 'a']);
		expect(rememberDelivery(['a', 7, null], 'b', 5)).toEqual(['a', 'b']);
		expect(rememberDelivery(undefined, 'a', 5)).toEqual(['a']);
	});

	test('1,000 deliveries are remembered by a default-sized memory, the 1,001st pushes out the first', () => {
		let keys: string[] = [];
		for (let i = 0; i < 1001; i++) keys = rememberDelivery(keys, `req-${i}`, 1000);
		expect(keys).toHaveLength(1000);
		expect(keys[0]).toBe('req-1');
		expect(keys[999]).toBe('req-1000');
	});
});

describe('claimDelivery', () => {
	test('the first claim wins; copies claimed before anything was saved start nothing', () => {
		const trigger = newScope();
		// Ten copies that all read the same (empty) saved memory, as concurrent requests do.
		const claims = Array.from({ length: 10 }, () => claimDelivery(trigger, 'req-1', [], 1000));
		expect(claims[0]).toEqual(['req-1']);
		expect(claims.slice(1)).toEqual(new Array(9).fill(undefined));
	});

	test('the saved memory alone also recognises a redelivery (after a restart)', () => {
		expect(claimDelivery(newScope(), 'req-1', ['req-0', 'req-1'], 1000)).toBeUndefined();
	});

	test('each trigger has its own record', () => {
		expect(claimDelivery(newScope(), 'req-1', [], 1000)).toEqual(['req-1']);
		expect(claimDelivery(newScope(), 'req-1', [], 1000)).toEqual(['req-1']);
	});

	test('the in-process record is bounded by the same limit, oldest first out', () => {
		const trigger = newScope();
		claimDelivery(trigger, 'a', [], 2);
		claimDelivery(trigger, 'b', [], 2);
		claimDelivery(trigger, 'c', [], 2);
		expect(claimDelivery(trigger, 'a', [], 2)).toEqual(['a']);
		expect(claimDelivery(trigger, 'c', [], 2)).toBeUndefined();
	});
});
