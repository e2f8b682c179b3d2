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

/** Waits, within a bound, for `done()`: until a first answer, tasks start a few ms apart. */
async function until(done: () => boolean) {
	for (let i = 0; i < 1000 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
	expect(done()).toBe(true);
}

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

	it('on a 429 comes down to the other requests in flight, never below 1', async () => {
		const limit = new ConcurrencyLimit(32, true);
		for (let i = 0; i < 25; i++) await limit.acquire();
		// Deepgram serves 20: the 5 refused report while holding their slots, then give them back.
		const limits: number[] = [];
		for (let i = 0; i < 5; i++) {
			limit.rateLimited();
			limits.push(limit.limit);
			limit.release();
		}
		expect(limits).toEqual([24, 23, 22, 21, 20]);
		while (limit.active > 1) limit.release();
		limit.rateLimited();
		expect(limit.limit).toBe(1);
	});

	it('grows by one after four times the limit in successes, up to the maximum', async () => {
		const limit = new ConcurrencyLimit(5, true);
		for (let i = 0; i < 3; i++) await limit.acquire();
		limit.rateLimited();
		expect(limit.limit).toBe(2);
		for (let i = 0; i < 7; i++) limit.succeeded();
		expect(limit.limit).toBe(2);
		limit.succeeded();
		expect(limit.limit).toBe(3);
		for (let i = 0; i < 11; i++) limit.succeeded();
		expect(limit.limit).toBe(3);
		limit.succeeded();
		expect(limit.limit).toBe(4);
		for (let i = 0; i < 16; i++) limit.succeeded();
		expect(limit.limit).toBe(5);
		for (let i = 0; i < 40; i++) limit.succeeded();
		expect(limit.limit).toBe(5);
	});

	it('a 429 resets the run of successes', async () => {
		const limit = new ConcurrencyLimit(8, true);
		for (let i = 0; i < 5; i++) await limit.acquire();
		limit.rateLimited();
		expect(limit.limit).toBe(4);
		for (let i = 0; i < 15; i++) limit.succeeded();
		limit.rateLimited(); // 5 in flight: the limit stays 4 (never raised), but the run starts over
		for (let i = 0; i < 15; i++) limit.succeeded();
		expect(limit.limit).toBe(4);
		limit.succeeded();
		expect(limit.limit).toBe(5);
	});

	it('counts as answered after a success or a 429, not before', async () => {
		const fresh = () => new ConcurrencyLimit(2, false);
		expect(fresh().answered).toBe(false);
		const succeeded = fresh();
		succeeded.succeeded();
		expect(succeeded.answered).toBe(true);
		const refused = fresh();
		await refused.acquire();
		refused.rateLimited();
		expect(refused.answered).toBe(true);
	});

	it('in fixed mode keeps the maximum whatever happens', async () => {
		const limit = new ConcurrencyLimit(4, false);
		await limit.acquire();
		limit.rateLimited();
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
	it('on a 429 lowers the limit and gives its slot back for the wait; takes one again before resending', async () => {
		const limit = new ConcurrencyLimit(3, true);
		await limit.acquire();
		const slot = new Slot(limit);
		await limit.acquire(); // two other requests hold slots
		await limit.acquire();
		slot.onRetry(429);
		expect([limit.limit, limit.active]).toEqual([2, 2]);
		let resent = false;
		const resend = slot.beforeResend().then(() => (resent = true));
		await settle();
		expect(resent).toBe(false); // the two others fill the lowered limit
		limit.release();
		await resend;
		expect(limit.active).toBe(2);
		slot.release();
		slot.release();
		expect(limit.active).toBe(1);
	});

	it('gives back a slot granted after its task ended', async () => {
		const limit = new ConcurrencyLimit(1, false);
		await limit.acquire();
		const slot = new Slot(limit);
		const waiting = limit.acquire();
		slot.onRetry(429); // its slot goes to the waiting request
		await waiting;
		const other = new Slot(limit);
		const resend = slot.beforeResend();
		slot.release(); // the task ended meanwhile, e.g. the execution was cancelled
		other.release();
		await resend;
		expect(limit.active).toBe(0);
	});

	it('keeps its slot through other retries (5xx, network)', async () => {
		const limit = new ConcurrencyLimit(2, true);
		await limit.acquire();
		const slot = new Slot(limit);
		slot.onRetry(500);
		await slot.beforeResend();
		slot.onRetry(undefined);
		await slot.beforeResend();
		expect([limit.limit, limit.active]).toEqual([2, 1]);
	});
});

describe('runWithinLimit', () => {
	it('never runs more tasks at once than the limit and returns outcomes in index order', async () => {
		const limit = new ConcurrencyLimit(3, false);
		const gates = Array.from({ length: 7 }, () => deferred());
		const started: number[] = [];
		let running = 0;
		let peak = 0;
		const done = runWithinLimit(
			7,
			limit,
			async (index) => {
				started.push(index);
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
			await until(() => started.includes(index));
			gates[index].resolve();
		}
		expect(await done).toEqual([0, 10, 20, 30, 40, 50, 60].map((value) => ({ ok: true, value })));
		expect(peak).toBe(3);
		expect(limit.active).toBe(0);
	});

	it('until the first answer starts one task per gap, then as fast as slots free up', async () => {
		jest.useFakeTimers();
		try {
			const gates = Array.from({ length: 5 }, () => deferred());
			const started: number[] = [];
			const done = runWithinLimit(
				5,
				new ConcurrencyLimit(10, false),
				async (index) => {
					started.push(index);
					await gates[index].promise;
					return index;
				},
				{ stopOnError: false },
			);
			await jest.advanceTimersByTimeAsync(0);
			expect(started).toEqual([0]);
			await jest.advanceTimersByTimeAsync(2);
			expect(started).toEqual([0, 1]);
			gates[0].resolve(); // the first answer: no more gaps after the one already begun
			await jest.advanceTimersByTimeAsync(2);
			expect(started).toEqual([0, 1, 2, 3, 4]);
			gates.forEach((gate) => gate.resolve());
			expect((await done).map((outcome) => outcome?.ok)).toEqual(Array(5).fill(true));
		} finally {
			jest.useRealTimers();
		}
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
		await until(() => started.length === 2);
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

	it('lets a rate-limited batch shrink to what the server takes and grow back without losing a task', async () => {
		const limit = new ConcurrencyLimit(8, true);
		let running = 0;
		const limits: number[] = [];
		// A server that takes 3 requests at a time: above that, the request is "rate limited".
		const outcomes = await runWithinLimit(
			60,
			limit,
			async (index, slot) => {
				while (running >= 3) {
					slot.onRetry(429);
					await settle();
					await slot.beforeResend();
				}
				running++;
				limits.push(limit.limit);
				await settle();
				running--;
				return index;
			},
			{ stopOnError: false },
		);
		expect(outcomes.map((outcome) => outcome?.ok && outcome.value)).toEqual(
			Array.from({ length: 60 }, (_, index) => index),
		);
		expect(Math.min(...limits)).toBe(3);
		// After the drop, successes raise it to 4; the probe at 4 is refused and brings it back to 3.
		expect(Math.max(...limits.slice(limits.indexOf(3)))).toBe(4);
		expect(limit.active).toBe(0);
	});
});
