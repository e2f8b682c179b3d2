import { mapConcurrent } from '../../../nodes/Deepgram/usage/helpers/concurrent';

/** Calls that finish when the test says so, recording how many were in flight at once. */
function controlledCalls() {
	let inFlight = 0;
	let maxInFlight = 0;
	const started: number[] = [];
	const finish: Array<(fail?: boolean) => void> = [];
	const fn = (item: number) =>
		new Promise<number>((resolve, reject) => {
			started.push(item);
			maxInFlight = Math.max(maxInFlight, ++inFlight);
			finish[item] = (fail) => {
				inFlight--;
				if (fail) reject(new Error(`item ${item} failed`));
				else resolve(item * 10);
			};
		});
	return { fn, started, finish, max: () => maxInFlight };
}

const ticks = async () => {
	for (let i = 0; i < 5; i++) await Promise.resolve();
};

test('at most `limit` calls in flight, the next starting as one settles; results in item order', async () => {
	const calls = controlledCalls();
	const done = mapConcurrent([0, 1, 2, 3, 4, 5], 4, calls.fn);
	await ticks();
	expect(calls.started).toEqual([0, 1, 2, 3]);
	calls.finish[2]();
	await ticks();
	expect(calls.started).toEqual([0, 1, 2, 3, 4]);
	for (const i of [0, 1, 3, 4]) calls.finish[i]();
	await ticks();
	calls.finish[5]();
	await expect(done).resolves.toEqual([0, 10, 20, 30, 40, 50]);
	expect(calls.max()).toBe(4);
});

test('after a failure nothing new starts, and it is thrown once the calls in flight settled', async () => {
	const calls = controlledCalls();
	let settled = false;
	const done = mapConcurrent([0, 1, 2, 3], 2, calls.fn).finally(() => {
		settled = true;
	});
	done.catch(() => undefined);
	await ticks();
	calls.finish[0](true);
	await ticks();
	expect(calls.started).toEqual([0, 1]);
	expect(settled).toBe(false);
	calls.finish[1]();
	await expect(done).rejects.toThrow('item 0 failed');
	expect(calls.started).toEqual([0, 1]);
});

test('no items: no calls', async () => {
	await expect(mapConcurrent([], 4, async () => 1)).resolves.toEqual([]);
});
