import { pause } from '../shared/pause';

/** Successes per current limit before the limit grows by one: each probe above it costs a 429. */
const GROWTH_WINDOW = 4;

/** A task the server refused for now (429): to run again after `afterMs`, or sooner (see `refused`). */
export class Requeue {
	constructor(readonly afterMs: number) {}
}

/** How a slot was used: a finished request frees a place at Deepgram too, an unsent one does not. */
type SlotUse = 'succeeded' | 'failed' | 'unsent';

/** A request waiting for a slot; `refused` ones go before new ones, then the oldest first. */
interface Waiter {
	order: number;
	grant: (granted: boolean) => void;
}

/**
 * Deepgram's concurrency limit as this n8n process sees it for one API key: every node run using
 * the key (two executions, two nodes, two workflows) takes its slots here, so they settle on
 * Deepgram's limit together instead of each learning it alone from the other's 429s. Unknown
 * (no limit) until the first 429; then it is the number Deepgram was serving for us, and climbs
 * back by one after a window of successes.
 */
export class SharedLimit {
	/** Requests of every run in flight at Deepgram. */
	inFlight = 0;

	private current = Infinity;

	private successes = 0;

	private order = 0;

	private readonly runs = new Set<ConcurrencyLimit>();

	/** Refused requests still in their wait, oldest first; calling one ends its wait. */
	readonly waiting: Array<() => void> = [];

	nextOrder(): number {
		return ++this.order;
	}

	join(run: ConcurrencyLimit): void {
		this.runs.add(run);
	}

	leave(run: ConcurrencyLimit): void {
		this.runs.delete(run);
		this.drain();
	}

	/** Whether an adaptive run may send one more now. */
	hasRoom(): boolean {
		return this.inFlight < this.current;
	}

	/** A 429: the other requests in flight are what Deepgram serves for us now (never below 1). */
	refused(): void {
		this.successes = 0;
		this.current = Math.max(1, Math.min(this.current, this.inFlight - 1));
	}

	succeeded(runMax: number): void {
		if (this.current >= runMax) return;
		this.successes++;
		if (this.successes < GROWTH_WINDOW * this.current) return;
		this.successes = 0;
		this.current++;
	}

	/** A request finished at Deepgram: a place freed there, so the oldest refused one may take it. */
	freed(): void {
		this.waiting[0]?.();
	}

	/** Grants free slots: a refused request before a new one, then the oldest, across runs. */
	drain(): void {
		for (;;) {
			let next: ConcurrencyLimit | undefined;
			let best: { refused: boolean; order: number } | undefined;
			for (const run of this.runs) {
				const head = run.head();
				if (!head || !run.hasRoom()) continue;
				if (
					!best ||
					(head.refused && !best.refused) ||
					(head.refused === best.refused && head.order < best.order)
				) {
					best = head;
					next = run;
				}
			}
			if (!next) return;
			next.grantHead();
		}
	}
}

/** One API key's shared limit in this process, by an opaque key (a hash of the credential). */
const sharedLimits = new Map<string, SharedLimit>();

export function sharedLimitFor(key: string): SharedLimit {
	let shared = sharedLimits.get(key);
	if (!shared) {
		shared = new SharedLimit();
		sharedLimits.set(key, shared);
	}
	return shared;
}

/**
 * How many transcription requests one node run may have in flight: never more than its Max
 * Concurrent Requests, and in adaptive mode never more than the key's shared limit (above).
 * Fixed mode keeps the maximum whatever Deepgram answers. `stop()` ends every wait: nothing that
 * has not been sent is sent after it.
 */
export class ConcurrencyLimit {
	inFlight = 0;

	private stopped = false;

	/** Refused requests free to go again: served before requests not yet started. */
	private readonly ready: Waiter[] = [];

	private readonly starting: Waiter[] = [];

	/** Ends the waits of this run's refused requests. */
	private readonly sleeping = new Set<() => void>();

	private readonly max: number;

	constructor(
		max: number,
		private readonly adaptive: boolean,
		private readonly shared: SharedLimit = new SharedLimit(),
	) {
		this.max = Math.max(1, Math.floor(max));
		shared.join(this);
	}

	get isStopped(): boolean {
		return this.stopped;
	}

	/** Resolves true holding a slot for a request not yet started, false once stopped. */
	acquire(): Promise<boolean> {
		if (this.stopped) return Promise.resolve(false);
		return new Promise((grant) => {
			this.starting.push({ order: this.shared.nextOrder(), grant });
			this.shared.drain();
		});
	}

	/** The request holding a slot is over: the slot goes to the next. */
	finished(use: SlotUse): void {
		this.inFlight--;
		this.shared.inFlight--;
		if (use === 'succeeded' && this.adaptive) this.shared.succeeded(this.max);
		// Deepgram limits concurrent requests: one of ours finishing is a place freed there, so the
		// oldest refused request may take it now rather than after the rest of its wait.
		if (use !== 'unsent') this.shared.freed();
		this.shared.drain();
	}

	/**
	 * A 429 for the request holding a slot. The slot is free during the wait; resolves holding a
	 * slot again, after `delayMs` or when a request on the key finishes, with the time spent
	 * queued for the slot after the wait (not the item's own waiting); undefined once stopped.
	 */
	refused(delayMs: number, signal?: AbortSignal): Promise<number | undefined> {
		if (this.adaptive) this.shared.refused();
		this.inFlight--;
		this.shared.inFlight--;
		return new Promise((resolve) => {
			let woken = false;
			const wake = () => {
				if (woken) return;
				woken = true;
				this.sleeping.delete(wake);
				this.shared.waiting.splice(this.shared.waiting.indexOf(wake), 1);
				if (this.stopped) return resolve(undefined);
				const readyAt = Date.now();
				this.ready.push({
					order: this.shared.nextOrder(),
					grant: (granted) => resolve(granted ? Date.now() - readyAt : undefined),
				});
				this.shared.drain();
			};
			this.shared.waiting.push(wake);
			this.sleeping.add(wake);
			void pause(delayMs, signal).then(wake);
			this.shared.drain();
		});
	}

	/** No request of this run starts any more: every waiter is released without a slot. */
	stop(): void {
		if (this.stopped) return;
		this.stopped = true;
		for (const wake of [...this.sleeping]) wake();
		for (const waiter of [...this.ready.splice(0), ...this.starting.splice(0)]) {
			waiter.grant(false);
		}
	}

	/** This run is over: its slots no longer count, and it waits for none. */
	close(): void {
		this.stop();
		this.shared.leave(this);
	}

	/** The run's next waiter, refused ones first. */
	head(): { refused: boolean; order: number } | undefined {
		const waiter = this.ready[0] ?? this.starting[0];
		return waiter && { refused: waiter === this.ready[0], order: waiter.order };
	}

	hasRoom(): boolean {
		return this.inFlight < this.max && (!this.adaptive || this.shared.hasRoom());
	}

	grantHead(): void {
		const waiter = this.ready.shift() ?? this.starting.shift();
		if (!waiter) return;
		this.inFlight++;
		this.shared.inFlight++;
		waiter.grant(true);
	}
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `task(0…count-1)` within the limit, all at once as far as it allows, and returns the
 * outcomes in index order; a task that answers `Requeue` runs again when the limit lets it, told
 * how long it was queued for its slot. With `stopOnError`, nothing more is sent after one has
 * failed; on `signal`, nothing more is sent at all (waits end). Tasks already running finish (the
 * signal is theirs to abort), and the outcomes of tasks never sent again stay undefined.
 */
export async function runWithinLimit<T>(
	count: number,
	limiter: ConcurrencyLimit,
	task: (index: number, queuedMs: number) => Promise<T | Requeue>,
	options: { stopOnError: boolean; signal?: AbortSignal },
): Promise<Array<Outcome<T> | undefined>> {
	const outcomes: Array<Outcome<T> | undefined> = new Array(count).fill(undefined);
	const { signal } = options;
	const stop = () => limiter.stop();
	signal?.addEventListener('abort', stop, { once: true });
	if (signal?.aborted) stop();

	const run = async (index: number) => {
		if (!(await limiter.acquire())) return;
		try {
			let result = await task(index, 0);
			while (result instanceof Requeue) {
				const queuedMs = await limiter.refused(result.afterMs, signal);
				if (queuedMs === undefined) return;
				result = await task(index, queuedMs);
			}
			outcomes[index] = { ok: true, value: result };
			limiter.finished('succeeded');
		} catch (error) {
			outcomes[index] = { ok: false, error };
			if (options.stopOnError) limiter.stop();
			limiter.finished('failed');
		}
	};

	try {
		await Promise.all(Array.from({ length: count }, async (_, index) => await run(index)));
	} finally {
		signal?.removeEventListener('abort', stop);
		limiter.close();
	}
	return outcomes;
}
