/**
 * How many transcription requests may be in flight at once. Adaptive mode is additive-increase,
 * multiplicative-decrease: it starts at the maximum, halves on a 429 and climbs back by one after
 * a full window of successes (as many as the current limit), never above the maximum. Fixed mode
 * keeps the maximum. No timers: callers wait on promises that a released slot resolves.
 */
export class ConcurrencyLimit {
	readonly max: number;

	readonly adaptive: boolean;

	private current: number;

	private inFlight = 0;

	/** Bumped on every decrease, so one burst of 429s halves the limit once, not once per request. */
	private epoch = 0;

	private successes = 0;

	/** Requests waiting to retry go before requests not yet started, so started items finish first. */
	private readonly retrying: Array<() => void> = [];

	private readonly starting: Array<() => void> = [];

	constructor(max: number, adaptive: boolean) {
		this.max = Math.max(1, Math.floor(max));
		this.adaptive = adaptive;
		this.current = this.max;
	}

	get limit(): number {
		return this.current;
	}

	get active(): number {
		return this.inFlight;
	}

	/** Resolves with the epoch the slot was granted in once a slot is free. */
	acquire(retry = false): Promise<number> {
		return new Promise((resolve) => {
			const grant = () => {
				this.inFlight++;
				resolve(this.epoch);
			};
			(retry ? this.retrying : this.starting).push(grant);
			this.drain();
		});
	}

	release(): void {
		this.inFlight--;
		this.drain();
	}

	/** A 429 for a request whose slot was granted in `epoch`. */
	rateLimited(epoch: number): void {
		if (!this.adaptive) return;
		this.successes = 0;
		if (epoch !== this.epoch) return;
		this.current = Math.max(1, Math.floor(this.current / 2));
		this.epoch++;
	}

	succeeded(): void {
		if (!this.adaptive || this.current >= this.max) return;
		this.successes++;
		if (this.successes < this.current) return;
		this.successes = 0;
		this.current++;
		this.drain();
	}

	private drain(): void {
		while (this.inFlight < this.current) {
			const next = this.retrying.shift() ?? this.starting.shift();
			if (!next) return;
			next();
		}
	}
}

/** A task's hold on one slot; a 429 gives the slot back and waits for another before retrying. */
export class Slot {
	private held = true;

	private finished = false;

	constructor(
		private readonly limiter: ConcurrencyLimit,
		private epoch: number,
	) {}

	async onRetry(status: number | undefined): Promise<void> {
		if (status !== 429 || this.finished) return;
		this.limiter.rateLimited(this.epoch);
		this.giveBack();
		const epoch = await this.limiter.acquire(true);
		// A task that ended while waiting must not keep the slot it was granted.
		if (this.finished) {
			this.limiter.release();
			return;
		}
		this.epoch = epoch;
		this.held = true;
	}

	/** The task is over: its slot (if it holds one) goes to the next request. */
	release(): void {
		this.finished = true;
		this.giveBack();
	}

	private giveBack(): void {
		if (!this.held) return;
		this.held = false;
		this.limiter.release();
	}
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `task(0…count-1)` within the limit and returns the outcomes in index order. With
 * `stopOnError`, no task starts after one has failed; tasks already running finish, and the
 * outcomes of tasks never started stay undefined.
 */
export async function runWithinLimit<T>(
	count: number,
	limiter: ConcurrencyLimit,
	task: (index: number, slot: Slot) => Promise<T>,
	options: { stopOnError: boolean },
): Promise<Array<Outcome<T> | undefined>> {
	const outcomes: Array<Outcome<T> | undefined> = new Array(count).fill(undefined);
	const running: Array<Promise<void>> = [];
	let failed = false;

	const run = async (index: number, slot: Slot) => {
		try {
			outcomes[index] = { ok: true, value: await task(index, slot) };
			limiter.succeeded();
		} catch (error) {
			outcomes[index] = { ok: false, error };
			failed = true;
		} finally {
			slot.release();
		}
	};

	for (let index = 0; index < count; index++) {
		const epoch = await limiter.acquire();
		if (failed && options.stopOnError) {
			limiter.release();
			break;
		}
		running.push(run(index, new Slot(limiter, epoch)));
	}
	await Promise.all(running);
	return outcomes;
}
