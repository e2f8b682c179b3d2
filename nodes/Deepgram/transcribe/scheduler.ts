import { sleep } from 'n8n-workflow';

/** Successes per current limit before the limit grows by one: each probe above it costs a 429. */
const GROWTH_WINDOW = 4;

/** A task the server refused for now (429): to run again after `afterMs`, or sooner (see `refused`). */
export class Requeue {
	constructor(readonly afterMs: number) {}
}

/** How a slot was used: a finished request frees a place at Deepgram too, an unsent one does not. */
type SlotUse = 'succeeded' | 'failed' | 'unsent';

/**
 * How many transcription requests may be in flight at once. Adaptive mode starts at the maximum;
 * a 429 brings the limit down to the requests Deepgram is still serving for us, and it climbs back
 * by one after a window of successes, never above the maximum. Fixed mode keeps the maximum.
 * Callers wait on promises that a freed slot resolves.
 */
export class ConcurrencyLimit {
	private current: number;

	private inFlight = 0;

	private successes = 0;

	/** Refused requests free to go again: served before requests not yet started. */
	private readonly ready: Array<() => void> = [];

	/** Refused requests still in their wait, oldest first; calling one makes it ready. */
	private readonly waiting: Array<() => void> = [];

	private readonly starting: Array<() => void> = [];

	constructor(
		private readonly max: number,
		private readonly adaptive: boolean,
	) {
		this.max = Math.max(1, Math.floor(max));
		this.current = this.max;
	}

	/** Resolves once a slot is free for a request not yet started. */
	acquire(): Promise<void> {
		return new Promise((resolve) => {
			this.starting.push(this.grant(resolve));
			this.drain();
		});
	}

	/** The request holding a slot is over: the slot goes to the next. */
	finished(use: SlotUse): void {
		this.inFlight--;
		if (use === 'succeeded') this.grow();
		// Deepgram limits concurrent requests: one of ours finishing is a place freed there, so the
		// oldest refused request may take it now rather than after the rest of its wait.
		if (use !== 'unsent') this.waiting[0]?.();
		this.drain();
	}

	/**
	 * A 429 for the request holding a slot. The other requests in flight are what Deepgram serves
	 * for us now, so a burst of 429s settles the limit on that number, no lower. The slot is free
	 * during the wait; resolves holding a slot again, after `delayMs` or when one of ours finishes.
	 */
	refused(delayMs: number): Promise<void> {
		if (this.adaptive) {
			this.successes = 0;
			this.current = Math.max(1, Math.min(this.current, this.inFlight - 1));
		}
		this.inFlight--;
		return new Promise((resolve) => {
			let woken = false;
			const wake = () => {
				if (woken) return;
				woken = true;
				this.waiting.splice(this.waiting.indexOf(wake), 1);
				this.ready.push(this.grant(resolve));
				this.drain();
			};
			this.waiting.push(wake);
			void sleep(delayMs).then(wake);
			this.drain();
		});
	}

	private grant(resolve: () => void): () => void {
		return () => {
			this.inFlight++;
			resolve();
		};
	}

	private grow(): void {
		if (!this.adaptive || this.current >= this.max) return;
		this.successes++;
		if (this.successes < GROWTH_WINDOW * this.current) return;
		this.successes = 0;
		this.current++;
	}

	private drain(): void {
		while (this.inFlight < this.current) {
			const next = this.ready.shift() ?? this.starting.shift();
			if (!next) return;
			next();
		}
	}
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `task(0…count-1)` within the limit, all at once as far as it allows, and returns the
 * outcomes in index order; a task that answers `Requeue` runs again when the limit lets it. With
 * `stopOnError`, no task starts after one has failed; tasks already running finish, and the
 * outcomes of tasks never started stay undefined.
 */
export async function runWithinLimit<T>(
	count: number,
	limiter: ConcurrencyLimit,
	task: (index: number) => Promise<T | Requeue>,
	options: { stopOnError: boolean },
): Promise<Array<Outcome<T> | undefined>> {
	const outcomes: Array<Outcome<T> | undefined> = new Array(count).fill(undefined);
	let failed = false;

	const run = async (index: number) => {
		await limiter.acquire();
		if (failed && options.stopOnError) {
			limiter.finished('unsent');
			return;
		}
		try {
			let result = await task(index);
			while (result instanceof Requeue) {
				await limiter.refused(result.afterMs);
				result = await task(index);
			}
			outcomes[index] = { ok: true, value: result };
			limiter.finished('succeeded');
		} catch (error) {
			outcomes[index] = { ok: false, error };
			failed = true;
			limiter.finished('failed');
		}
	};

	await Promise.all(Array.from({ length: count }, async (_, index) => await run(index)));
	return outcomes;
}
