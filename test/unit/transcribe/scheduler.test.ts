import {
	ConcurrencyLimit,
	runWithinLimit,
	Slot,
} from '../../../nodes/Deepgram/transcribe/scheduler';

/** A promise the test settles by hand. */
function deferred<T = void>() {
	let resolve!: (value: T) => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

/** Lets every queued promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('ConcurrencyLimit', () => {
	it('starts at the maximum and grants that many slots', async () => {
		const limit = new ConcurrencyLimit(3, true);
		const granted: number[] = [];
		for (let i = 0; i < 5; i++) void limit.acquire().then(() => granted.push(i));
		await settle();
		expect(granted).toEqual([0, 1, 2]);
		limit.release();
		await settle();
		expect(granted).toEqual([0, 1, 2, 3]);
		expect(limit.active).toBe(3);
	});

	it('halves once per burst of 429s, never below 1', async () => {
		const limit = new ConcurrencyLimit(32, true);
		const epoch = await limit.acquire();
		limit.rateLimited(epoch);
		expect(limit.limit).toBe(16);
		// Other requests granted before the decrease report their 429s too: no further halving.
		limit.rateLimited(epoch);
		limit.rateLimited(epoch);
		expect(limit.limit).toBe(16);
		let current = epoch + 1;
		for (const expected of [8, 4, 2, 1, 1]) {
			limit.rateLimited(current++);
			expect(limit.limit).toBe(expected);
		}
	});

	it('grows by one after a window of successes as long as the limit, up to the maximum', async () => {
		const limit = new ConcurrencyLimit(5, true);
		limit.rateLimited(await limit.acquire());
		expect(limit.limit).toBe(2);
		limit.succeeded();
		expect(limit.limit).toBe(2);
		limit.succeeded();
		expect(limit.limit).toBe(3);
		for (let i = 0; i < 3; i++) limit.succeeded();
		expect(limit.limit).toBe(4);
		for (let i = 0; i < 4; i++) limit.succeeded();
		expect(limit.limit).toBe(5);
		for (let i = 0; i < 20; i++) limit.succeeded();
		expect(limit.limit).toBe(5);
	});

	it('a 429 resets the run of successes', async () => {
		const limit = new ConcurrencyLimit(8, true);
		limit.rateLimited(await limit.acquire());
		expect(limit.limit).toBe(4);
		for (let i = 0; i < 3; i++) limit.succeeded();
		limit.rateLimited(0); // an old epoch: no decrease, but the run starts over
		for (let i = 0; i < 3; i++) limit.succeeded();
		expect(limit.limit).toBe(4);
		limit.succeeded();
		expect(limit.limit).toBe(5);
	});

	it('in fixed mode keeps the maximum whatever happens', async () => {
		const limit = new ConcurrencyLimit(4, false);
		limit.rateLimited(await limit.acquire());
		expect(limit.limit).toBe(4);
	});

	it('treats a maximum below 1 as 1', () => {
		expect(new ConcurrencyLimit(0, true).limit).toBe(1);
	});

	it('serves waiting retries before items not yet started', async () => {
		const limit = new ConcurrencyLimit(1, false);
		await limit.acquire();
		const order: string[] = [];
		void limit.acquire().then(() => order.push('new'));
		void limit.acquire(true).then(() => order.push('retry'));
		limit.release();
		await settle();
		expect(order).toEqual(['retry']);
		limit.release();
		await settle();
		expect(order).toEqual(['retry', 'new']);
	});
});

describe('Slot', () => {
	it('on a 429 halves the limit, gives its slot back and waits for a new one', async () => {
		const limit = new ConcurrencyLimit(2, true);
		const slot = new Slot(limit, await limit.acquire());
		await limit.acquire(); // a second request holds the other slot
		let retried = false;
		const retry = slot.onRetry(429).then(() => (retried = true));
		await settle();
		expect(limit.limit).toBe(1);
		expect(limit.active).toBe(1);
		expect(retried).toBe(false); // the other request still holds the only slot
		limit.release();
		await retry;
		expect(limit.active).toBe(1);
		slot.release();
		slot.release();
		expect(limit.active).toBe(0);
	});

	it('gives back a slot granted after its task ended', async () => {
		const limit = new ConcurrencyLimit(1, false);
		const slot = new Slot(limit, await limit.acquire());
		const waiting = limit.acquire();
		const retry = slot.onRetry(429); // its slot goes to the waiting request; it waits in turn
		const other = new Slot(limit, await waiting);
		slot.release(); // the task ended meanwhile, e.g. the execution was cancelled
		other.release();
		await retry;
		expect(limit.active).toBe(0);
	});

	it('keeps its slot through other retries (5xx, network)', async () => {
		const limit = new ConcurrencyLimit(2, true);
		const slot = new Slot(limit, await limit.acquire());
		await slot.onRetry(500);
		await slot.onRetry(undefined);
		expect([limit.limit, limit.active]).toEqual([2, 1]);
	});
});

describe('runWithinLimit', () => {
	it('never runs more tasks at once than the limit and returns outcomes in index order', async () => {
		const limit = new ConcurrencyLimit(3, false);
		const gates = Array.from({ length: 7 }, () => deferred());
		let running = 0;
		let peak = 0;
		const done = runWithinLimit(
			7,
			limit,
			async (index) => {
				running++;
				peak = Math.max(peak, running);
				await gates[index].promise;
				running--;
				return index * 10;
			},
			{ stopOnError: false },
		);
		// Finish them in reverse order of start where possible.
		for (const index of [2, 1, 0, 5, 4, 3, 6]) {
			await settle();
			gates[index].resolve();
		}
		expect(await done).toEqual([0, 10, 20, 30, 40, 50, 60].map((value) => ({ ok: true, value })));
		expect(peak).toBe(3);
		expect(limit.active).toBe(0);
	});

	it('keeps going after failures when not stopping on error', async () => {
		const outcomes = await runWithinLimit(
			4,
			new ConcurrencyLimit(2, true),
			async (index) => {
				if (index % 2) throw new Error(`failed ${index}`);
				return index;
			},
			{ stopOnError: false },
		);
		expect(outcomes).toEqual([
			{ ok: true, value: 0 },
			{ ok: false, error: new Error('failed 1') },
			{ ok: true, value: 2 },
			{ ok: false, error: new Error('failed 3') },
		]);
	});

	it('starts nothing more after a failure when stopping on error, and lets running tasks finish', async () => {
		const gates = [deferred(), deferred()];
		const started: number[] = [];
		const done = runWithinLimit(
			5,
			new ConcurrencyLimit(2, false),
			async (index) => {
				started.push(index);
				await gates[index].promise;
				if (index === 0) throw new Error('first failed');
				return index;
			},
			{ stopOnError: true },
		);
		await settle();
		expect(started).toEqual([0, 1]);
		gates[0].resolve();
		await settle();
		gates[1].resolve();
		expect(await done).toEqual([
			{ ok: false, error: new Error('first failed') },
			{ ok: true, value: 1 },
			undefined,
			undefined,
			undefined,
		]);
		expect(started).toEqual([0, 1]);
	});

	it('lets a rate-limited batch shrink and grow back without losing a task', async () => {
		const limit = new ConcurrencyLimit(8, true);
		let running = 0;
		const peaks: number[] = [];
		// A server that takes 3 requests at a time: above that, the request is "rate limited".
		const outcomes = await runWithinLimit(
			40,
			limit,
			async (index, slot) => {
				for (;;) {
					if (running < 3) break;
					await slot.onRetry(429);
					await settle();
				}
				running++;
				peaks.push(limit.limit);
				await settle();
				running--;
				return index;
			},
			{ stopOnError: false },
		);
		expect(outcomes.map((outcome) => outcome?.ok && outcome.value)).toEqual(
			Array.from({ length: 40 }, (_, index) => index),
		);
		expect(Math.min(...peaks)).toBeLessThan(8);
		expect(limit.active).toBe(0);
	});
});
