import {
	ConcurrencyLimit,
	Requeue,
	runWithinLimit,
	SharedLimit,
} from '../../../nodes/Deepgram/transcribe/scheduler';

/** A promise the test settles by hand. */
function deferred<T = void>() {
	let resolve!: (value: T) => void;
	const promise = new Promise<T>((res) => {
		resolve = res;
	});
	return { promise, resolve };
}

/** Lets every queued promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Timers the test moves by hand (Retry-After waits); `settle` keeps working. */
const fakeTimers = () => jest.useFakeTimers({ doNotFake: ['setImmediate'] });

/**
 * A server that serves `capacity` requests at a time, each until the test lets it finish
 * (`finishAll`), and refuses the rest with a Retry-After of `retryAfterMs`. It records how many
 * were in flight when each request arrived.
 */
function limitedServer(capacity: number, retryAfterMs = 60_000) {
	let serving: Array<() => void> = [];
	const seen: number[] = [];
	let refused = 0;
	return {
		seen,
		get refused() {
			return refused;
		},
		async request(index: number): Promise<number | Requeue> {
			seen.push(serving.length + 1);
			if (serving.length >= capacity) {
				refused++;
				return new Requeue(retryAfterMs);
			}
			const done = deferred();
			serving.push(done.resolve);
			await done.promise;
			return index;
		},
		async finishAll() {
			const now = serving;
			serving = [];
			now.forEach((finish) => finish());
			await settle();
		},
	};
}

describe('runWithinLimit', () => {
	afterEach(() => jest.useRealTimers());

	it('starts as many tasks as the limit allows at once, with no spacing', async () => {
		fakeTimers();
		const gates = Array.from({ length: 5 }, () => deferred());
		const started: number[] = [];
		const done = runWithinLimit(
			5,
			new ConcurrencyLimit(10, true),
			async (index) => {
				started.push(index);
				await gates[index].promise;
				return index;
			},
			{ stopOnError: false },
		);
		await jest.advanceTimersByTimeAsync(0);
		expect(started).toEqual([0, 1, 2, 3, 4]);
		gates.forEach((gate) => gate.resolve());
		expect((await done).map((outcome) => outcome?.ok)).toEqual(Array(5).fill(true));
	});

	it('never runs more tasks at once than the limit and returns outcomes in index order', async () => {
		const gates = Array.from({ length: 7 }, () => deferred());
		const started: number[] = [];
		let running = 0;
		let peak = 0;
		const done = runWithinLimit(
			7,
			new ConcurrencyLimit(3, false),
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
			await settle();
			expect(started).toContain(index);
			gates[index].resolve();
		}
		expect(await done).toEqual([0, 10, 20, 30, 40, 50, 60].map((value) => ({ ok: true, value })));
		expect(peak).toBe(3);
	});

	it('after a burst of 429s keeps to what the server serves, and refused tasks go as ours finish, not after Retry-After', async () => {
		fakeTimers(); // Retry-After (60 s) never passes: only our own finished requests free room
		const server = limitedServer(20);
		const done = runWithinLimit(100, new ConcurrencyLimit(100, true), server.request, {
			stopOnError: false,
		});
		await settle();
		expect(server.seen).toHaveLength(100); // all at once
		expect(server.refused).toBe(80);
		for (let wave = 1; wave <= 4; wave++) {
			await server.finishAll();
			// Each finished request lets exactly one refused one go: no new 429.
			expect(server.seen).toHaveLength(100 + wave * 20);
			expect(server.refused).toBe(80);
		}
		await server.finishAll();
		expect((await done).map((outcome) => outcome?.ok && outcome.value)).toEqual(
			Array.from({ length: 100 }, (_, index) => index),
		);
	});

	it('a refused task waits its delay when none of ours finishes (the server is busy with others)', async () => {
		fakeTimers();
		const sent: number[] = [];
		let attempts = 0;
		const done = runWithinLimit(
			1,
			new ConcurrencyLimit(5, true),
			async () => {
				sent.push(Date.now());
				return ++attempts === 1 ? new Requeue(1000) : 'ok';
			},
			{ stopOnError: false },
		);
		await jest.advanceTimersByTimeAsync(999);
		expect(attempts).toBe(1);
		await jest.advanceTimersByTimeAsync(1);
		expect(await done).toEqual([{ ok: true, value: 'ok' }]);
		expect(sent[1] - sent[0]).toBe(1000);
	});

	it('grows the limit by one after four times the limit in successes; the probe above is refused', async () => {
		fakeTimers();
		const server = limitedServer(3);
		const done = runWithinLimit(60, new ConcurrencyLimit(8, true), server.request, {
			stopOnError: false,
		});
		await settle();
		expect(server.refused).toBe(5); // the burst: 8 sent, the server serves 3
		for (let round = 0; round < 40; round++) {
			await server.finishAll();
			await jest.advanceTimersByTimeAsync(60_000); // a refusal after the last of ours finished
		}
		const outcomes = await done;
		expect(outcomes.every((outcome) => outcome?.ok)).toBe(true);
		// After the burst at most one request above the limit of 3: the growth probe, refused.
		expect(Math.max(...server.seen.slice(8))).toBe(4);
		expect(server.refused).toBeGreaterThan(5);
		expect(server.refused).toBeLessThan(10);
	});

	it('in fixed mode keeps sending up to the maximum after a 429; adaptive mode does not', async () => {
		fakeTimers();
		const sentAtOnce = async (adaptive: boolean) => {
			const server = limitedServer(2);
			const done = runWithinLimit(6, new ConcurrencyLimit(3, adaptive), server.request, {
				stopOnError: false,
			});
			await settle();
			for (let round = 0; round < 10; round++) {
				await server.finishAll();
				await jest.advanceTimersByTimeAsync(60_000);
			}
			expect((await done).every((outcome) => outcome?.ok)).toBe(true);
			return server.seen;
		};
		const fixed = await sentAtOnce(false);
		const adaptive = await sentAtOnce(true);
		expect(fixed.slice(0, 3)).toEqual([1, 2, 3]);
		expect(fixed.slice(3)).toContain(3);
		expect(adaptive.slice(0, 3)).toEqual([1, 2, 3]);
		expect(adaptive.slice(3)).not.toContain(3);
	});

	it('sends a refused task before tasks not yet started', async () => {
		fakeTimers();
		const order: string[] = [];
		const gates = [deferred(), deferred(), deferred()];
		let refusedOnce = false;
		const done = runWithinLimit(
			5,
			new ConcurrencyLimit(2, false),
			async (index) => {
				order.push(`start ${index}`);
				if (index === 1 && !refusedOnce) {
					refusedOnce = true;
					return new Requeue(0);
				}
				if (index < 3) await gates[index].promise;
				return index;
			},
			{ stopOnError: false },
		);
		await jest.advanceTimersByTimeAsync(0);
		// Item 2 took the slot item 1 gave back; item 1 is ready again, items 3 and 4 are new.
		expect(order).toEqual(['start 0', 'start 1', 'start 2']);
		gates[0].resolve();
		await settle();
		// The slot item 0 frees goes to the refused item 1, not to item 3.
		expect(order).toEqual(['start 0', 'start 1', 'start 2', 'start 1']);
		gates[1].resolve();
		gates[2].resolve();
		expect((await done).map((outcome) => outcome?.ok && outcome.value)).toEqual([0, 1, 2, 3, 4]);
		expect(order.slice(4)).toEqual(['start 3', 'start 4']);
	});

	it('on the signal sends nothing more: queued tasks never start and refused ones stop waiting', async () => {
		fakeTimers(); // the 60 s Retry-After never passes
		const server = limitedServer(2);
		const controller = new AbortController();
		const done = runWithinLimit(10, new ConcurrencyLimit(3, true), server.request, {
			stopOnError: false,
			signal: controller.signal,
		});
		await settle();
		expect(server.seen).toEqual([1, 2, 3]); // the third refused, waiting its 60 s
		controller.abort();
		await settle();
		await server.finishAll();
		const outcomes = await done;
		expect(server.seen).toHaveLength(3);
		expect(outcomes.map((outcome) => outcome?.ok ?? 'not sent')).toEqual([
			true,
			true,
			...Array(8).fill('not sent'),
		]);
	});

	it('tells a task sent again how long it was queued for a slot after its own wait', async () => {
		fakeTimers();
		const gate = deferred();
		const queued: number[] = [];
		const done = runWithinLimit(
			2,
			new ConcurrencyLimit(1, false),
			async (index, queuedMs) => {
				queued.push(queuedMs);
				if (index === 0 && queued.length === 1) return new Requeue(1_000);
				if (index === 1) await gate.promise;
				return index;
			},
			{ stopOnError: false },
		);
		// Item 0 is refused and waits 1 s; item 1 takes the slot and holds it 5 s more.
		await jest.advanceTimersByTimeAsync(6_000);
		gate.resolve();
		expect((await done).map((outcome) => outcome?.ok && outcome.value)).toEqual([0, 1]);
		expect(queued).toEqual([0, 0, 5_000]);
	});

	it('two runs on one key share its limit: a 429 seen by one limits the other', async () => {
		fakeTimers();
		const server = limitedServer(4);
		const shared = new SharedLimit();
		const first = runWithinLimit(8, new ConcurrencyLimit(10, true, shared), server.request, {
			stopOnError: false,
		});
		await settle();
		expect(server.refused).toBe(4); // 8 sent at once, 4 served
		const second = runWithinLimit(8, new ConcurrencyLimit(10, true, shared), server.request, {
			stopOnError: false,
		});
		await settle();
		// The second run learned the limit from the first: it waits instead of probing.
		expect(server.seen).toHaveLength(8);
		for (let round = 0; round < 10; round++) await server.finishAll();
		expect((await first).every((outcome) => outcome?.ok)).toBe(true);
		expect((await second).every((outcome) => outcome?.ok)).toBe(true);
		expect(server.refused).toBe(4);
	});

	it('treats a maximum below 1 as 1', async () => {
		let running = 0;
		let peak = 0;
		await runWithinLimit(
			3,
			new ConcurrencyLimit(0, true),
			async () => {
				peak = Math.max(peak, ++running);
				await settle();
				running--;
			},
			{ stopOnError: false },
		);
		expect(peak).toBe(1);
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
});
