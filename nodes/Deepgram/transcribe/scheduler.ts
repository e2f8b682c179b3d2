import { sleep } from 'n8n-workflow';

/** Gap between starts until Deepgram first answers, so that its first 429 can stop the burst. */
const RAMP_GAP_MS = 2;

/** Successes per current limit before the limit grows by one: each probe above it costs a Retry-After. */
const GROWTH_WINDOW = 4;

/**
 * How many transcription requests may be in flight at once. Adaptive mode starts at the maximum;
 * a 429 brings the limit down to the requests Deepgram is still serving for us, and it climbs back
 * by one after a window of successes, never above the maximum. Fixed mode keeps the maximum. No
 * timers: callers wait on promises that a released slot resolves.
 */
export class ConcurrencyLimit {
	readonly max: number;

	readonly adaptive: boolean;

	private current: number;

	private inFlight = 0;

	private successes = 0;

	private anyAnswer = false;

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

	/** Whether Deepgram has answered any request yet, with a result or a 429. */
	get answered(): boolean {
		return this.anyAnswer;
	}

	/** Resolves once a slot is free. */
	acquire(retry = false): Promise<void> {
		return new Promise((resolve) => {
			const grant = () => {
				this.inFlight++;
				resolve();
			};
			(retry ? this.retrying : this.starting).push(grant);
			this.drain();
		});
	}

	release(): void {
		this.inFlight--;
		this.drain();
	}

	/**
	 * A 429, reported while the refused request still holds its slot: the other requests in flight
	 * are what Deepgram serves for us now, so a burst of 429s settles on that number, no lower.
	 */
	rateLimited(): void {
		this.anyAnswer = true;
		if (!this.adaptive) return;
		this.successes = 0;
		this.current = Math.max(1, Math.min(this.current, this.inFlight - 1));
	}

	succeeded(): void {
		this.anyAnswer = true;
		if (!this.adaptive || this.current >= this.max) return;
		this.successes++;
		if (this.successes < GROWTH_WINDOW * this.current) return;
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

/**
 * A task's hold on one slot. A 429 gives the slot back for the Retry-After wait, and the retry
 * takes one again right before it is sent, so no slot sits idle through the wait.
 */
export class Slot {
	private held = true;

	private finished = false;

	constructor(private readonly limiter: ConcurrencyLimit) {}

	onRetry(status: number | undefined): void {
		if (status !== 429 || !this.held || this.finished) return;
		this.limiter.rateLimited();
		this.giveBack();
	}

	async beforeResend(): Promise<void> {
		if (this.held || this.finished) return;
		await this.limiter.acquire(true);
		// A task that ended while waiting must not keep the slot it was granted.
		if (this.finished) {
			this.limiter.release();
			return;
		}
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
		if (index > 0 && !limiter.answered) await sleep(RAMP_GAP_MS);
		await limiter.acquire();
		if (failed && options.stopOnError) {
			limiter.release();
			break;
		}
		running.push(run(index, new Slot(limiter)));
	}
	await Promise.all(running);
	return outcomes;
}
