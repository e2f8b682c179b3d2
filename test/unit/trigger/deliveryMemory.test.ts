/** The memory of deliveries that started the workflow: in this process, and saved in static data. */
import {
	claimDelivery,
	DEFAULT_REMEMBERED_DELIVERIES,
	REMEMBER_FOR_MS,
	rememberDeliveries,
	savedDeliveries,
	rememberedDelivery,
} from '../../../nodes/Deepgram/trigger/deliveryMemory';

let scope = 0;
const newScope = () => `workflow-${++scope}/node`;
const T0 = Date.parse('2026-12-07T10:00:00.000Z');
const at = (ms: number, ...keys: string[]) => rememberedDelivery(keys, T0 + ms);
/** A saved delivery as savedDeliveries reads it. */
const saved = (ms: number, ...keys: string[]) => {
	const { at: time, line } = at(ms, ...keys);
	return { at: time, line };
};

describe('the saved memory', () => {
	test('each delivery is saved as a line, `<ms> <key>…` with each key URI-encoded', () => {
		const stored = [at(0, 'a'), at(1, 'b')];
		expect(rememberDeliveries([at(2, 'c', 'idem:a b')], stored, 3)).toEqual([
			`${T0} a`,
			`${T0 + 1} b`,
			`${T0 + 2} c idem%3Aa%20b`,
		]);
		expect(stored).toEqual([at(0, 'a'), at(1, 'b')]);
		expect(at(2, 'c', 'idem:a b').line).toBe(`${T0 + 2} c idem%3Aa%20b`);
	});

	test('what this process started is saved each time: a delivery another save left out comes back', () => {
		// b was saved by a request that loaded the memory before a's save: a is missing from it.
		expect(rememberDeliveries([at(0, 'a'), at(2, 'c')], [at(1, 'b')], 9)).toEqual([
			`${T0} a`,
			`${T0 + 1} b`,
			`${T0 + 2} c`,
		]);
	});

	test('savedDeliveries reads the lines back', () => {
		const lines = [at(0, 'a').line, at(1, 'c', 'idem:a b').line];
		expect(savedDeliveries(lines, undefined, T0 + 5)).toEqual([
			saved(0, 'a'),
			saved(1, 'c', 'idem:a b'),
		]);
	});

	test('a delivery is kept for Deepgram’s whole retry window (10 × 30 s) with a margin, then forgotten', () => {
		expect(REMEMBER_FOR_MS).toBeGreaterThan(10 * 30_000);
		const lines = [at(0, 'a').line];
		expect(savedDeliveries(lines, undefined, T0 + REMEMBER_FOR_MS - 1)).toEqual([saved(0, 'a')]);
		expect(savedDeliveries(lines, undefined, T0 + REMEMBER_FOR_MS)).toEqual([]);
	});

	test('the count caps the memory: beyond it the oldest go; a lowered cap trims a longer list', () => {
		expect(rememberDeliveries([at(3, 'd')], [at(0, 'a'), at(1, 'b'), at(2, 'c')], 3)).toEqual([
			`${T0 + 1} b`,
			`${T0 + 2} c`,
			`${T0 + 3} d`,
		]);
		expect(rememberDeliveries([at(3, 'd')], [at(0, 'a'), at(1, 'b'), at(2, 'c')], 1)).toEqual([
			`${T0 + 3} d`,
		]);
	});

	test('a saved line this process also holds is written once; malformed lines are dropped', () => {
		expect(
			rememberDeliveries([at(0, 'a'), at(2, 'c', 'k')], [saved(0, 'a'), saved(1, 'b')], 5),
		).toEqual([`${T0} a`, `${T0 + 1} b`, `${T0 + 2} c k`]);
		expect(savedDeliveries([7, null, 'x a', `${T0}`, `${T0} `, '-1 a'], undefined, T0)).toEqual([]);
	});

	test('plain keys saved by earlier versions are read, and kept a whole window from now', () => {
		expect(
			savedDeliveries([at(0, 'new').line], ['old-1', 7, 'old-2'], T0 + 5).map(({ line }) => line),
		).toEqual([`${T0 + 5} old-1`, `${T0 + 5} old-2`, `${T0} new`]);
	});

	test('at 100 deliveries a second, the default cap keeps every delivery for the whole window', () => {
		expect(DEFAULT_REMEMBERED_DELIVERIES).toBeGreaterThanOrEqual((100 * REMEMBER_FOR_MS) / 1000);
	});
});

describe('claimDelivery', () => {
	test('the first claim wins; copies claimed before anything was saved start nothing', () => {
		const trigger = newScope();
		// Ten copies that all read the same (empty) saved memory, as concurrent requests do.
		const claims = Array.from({ length: 10 }, () =>
			claimDelivery(trigger, ['req-1'], [], 1000, T0),
		);
		expect(claims[0]?.saved).toEqual([`${T0} req-1`]);
		expect(claims.slice(1)).toEqual(new Array(9).fill(undefined));
	});

	test('the saved memory alone also recognises a redelivery (after a restart), old format too', () => {
		const saved = savedDeliveries([at(0, 'req-1').line], ['req-0'], T0);
		expect(claimDelivery(newScope(), ['req-1'], saved, 9, T0)).toBeUndefined();
		expect(claimDelivery(newScope(), ['req-0'], saved, 9, T0)).toBeUndefined();
		expect(claimDelivery(newScope(), ['req-2'], saved, 9, T0)?.saved).toEqual([
			`${T0} req-0`,
			`${T0} req-1`,
			`${T0} req-2`,
		]);
	});

	test('a saved key matches whole: req-1 is not req-10, and keys match in their encoded form', () => {
		const saved = savedDeliveries([at(0, 'req-10', 'idem:a b').line], undefined, T0);
		expect(claimDelivery(newScope(), ['req-1'], saved, 9, T0)).toBeDefined();
		expect(claimDelivery(newScope(), ['eq-10'], saved, 9, T0)).toBeDefined();
		expect(claimDelivery(newScope(), ['idem:a'], saved, 9, T0)).toBeDefined();
		expect(claimDelivery(newScope(), ['req-10'], saved, 9, T0)).toBeUndefined();
		expect(claimDelivery(newScope(), ['idem:a b'], saved, 9, T0)).toBeUndefined();
	});

	test('a delivery is a redelivery by its request_id or by its idempotency key', () => {
		const trigger = newScope();
		expect(claimDelivery(trigger, ['req-1', 'idem:k1'], [], 9, T0)).toBeDefined();
		// A second job Deepgram accepted for the same submission: another request_id, same key.
		expect(claimDelivery(trigger, ['req-2', 'idem:k1'], [], 9, T0)).toBeUndefined();
		// The same request_id, its idempotency key not echoed (or a different one).
		expect(claimDelivery(trigger, ['req-1'], [], 9, T0)).toBeUndefined();
		expect(claimDelivery(trigger, ['req-1', 'idem:k9'], [], 9, T0)).toBeUndefined();
		// And the same through the saved memory only.
		const saved = [at(0, 'req-1', 'idem:k1')];
		expect(claimDelivery(newScope(), ['req-2', 'idem:k1'], saved, 9, T0)).toBeUndefined();
		expect(claimDelivery(newScope(), ['req-1'], saved, 9, T0)).toBeUndefined();
	});

	test('each trigger has its own record', () => {
		expect(claimDelivery(newScope(), ['req-1'], [], 1000, T0)).toBeDefined();
		expect(claimDelivery(newScope(), ['req-1'], [], 1000, T0)).toBeDefined();
	});

	test('the in-process record keeps a key for the whole window, not by a count of deliveries', () => {
		const trigger = newScope();
		claimDelivery(trigger, ['first'], [], DEFAULT_REMEMBERED_DELIVERIES, T0);
		// 100 a second for 30 s, then the first delivery again.
		for (let i = 0; i < 3000; i++) {
			claimDelivery(trigger, [`req-${i}`], [], DEFAULT_REMEMBERED_DELIVERIES, T0 + i * 10);
		}
		expect(
			claimDelivery(trigger, ['first'], [], DEFAULT_REMEMBERED_DELIVERIES, T0 + 30_000),
		).toBeUndefined();
		// Past the window it is forgotten: memory is bounded in time.
		expect(
			claimDelivery(trigger, ['first'], [], DEFAULT_REMEMBERED_DELIVERIES, T0 + REMEMBER_FOR_MS),
		).toBeDefined();
	});

	test('the in-process record is capped by the same count, oldest first out', () => {
		const trigger = newScope();
		claimDelivery(trigger, ['a'], [], 2, T0);
		claimDelivery(trigger, ['b'], [], 2, T0);
		claimDelivery(trigger, ['c'], [], 2, T0);
		expect(claimDelivery(trigger, ['a'], [], 2, T0)).toBeDefined();
		expect(claimDelivery(trigger, ['c'], [], 2, T0)).toBeUndefined();
	});

	test('a released claim is forgotten by every key: the redelivery claims it again', () => {
		const trigger = newScope();
		const claim = claimDelivery(trigger, ['req-1', 'idem:k1'], [], 9, T0);
		claim?.release();
		expect(claimDelivery(trigger, ['idem:k1'], [], 9, T0)).toBeDefined();
		expect(claimDelivery(trigger, ['req-1'], [], 9, T0)).toBeDefined();
	});
});
