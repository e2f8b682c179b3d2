/**
 * What this process knows about deliveries acknowledged only after their run (Acknowledge: When
 * the Workflow Has Finished): a run in progress, or a run that succeeded. Pure; the caller settles
 * a claim with the status n8n answered the run's request with.
 */
export type RunClaim =
	/** A run for this delivery succeeded: answer 2xx, start nothing. */
	| { state: 'done' }
	/** A run for this delivery is in progress: refuse without a 2xx, so Deepgram delivers again. */
	| { state: 'running' }
	/** Start the run, then settle the claim with the status of n8n's answer. */
	| { state: 'run'; settle(status: number): void };

type Entry = { state: 'running'; since: number } | { state: 'done' };

/** Per trigger scope (workflow and node): key → entry, oldest first. */
const claims = new Map<string, Map<string, Entry>>();

function entriesOf(scope: string): Map<string, Entry> {
	let entries = claims.get(scope);
	if (!entries) {
		entries = new Map();
		claims.set(scope, entries);
	}
	return entries;
}

/** Drops the oldest finished entries beyond `limit`, then the oldest of any kind. */
function bound(entries: Map<string, Entry>, limit: number): void {
	for (const [key, entry] of entries) {
		if (entries.size <= limit) return;
		if (entry.state === 'done') entries.delete(key);
	}
	for (const key of entries.keys()) {
		if (entries.size <= limit) return;
		entries.delete(key);
	}
}

/**
 * Claims the run for `key`. A key in `saved` (the keys static data holds) is done. A running
 * claim older than `leaseMs` counts as lost (its answer never came: Redis lost the queue job), so
 * the copy runs. The check and the claim are one synchronous step: of copies arriving together,
 * one runs.
 */
export function claimRun(
	scope: string,
	key: string,
	saved: readonly unknown[] | undefined,
	now: number,
	leaseMs: number,
	limit: number,
): RunClaim {
	const entries = entriesOf(scope);
	const known = entries.get(key);
	if (known?.state === 'done' || (known === undefined && saved?.includes(key))) {
		return { state: 'done' };
	}
	if (known?.state === 'running' && now - known.since < leaseMs) return { state: 'running' };
	const mine: Entry = { state: 'running', since: now };
	entries.delete(key);
	entries.set(key, mine);
	bound(entries, limit);
	return {
		state: 'run',
		settle(status) {
			// A later claim (after the lease) owns the key now: this late answer changes nothing.
			if (entries.get(key) !== mine) return;
			entries.delete(key);
			// Only a 2xx tells Deepgram to stop; anything else means it delivers again, and runs.
			if (status >= 200 && status < 300) {
				entries.set(key, { state: 'done' });
				bound(entries, limit);
			}
		},
	};
}

/**
 * The saved keys (oldest first) with every key this process saw succeed added after them, at most
 * `limit`, newest kept: what to write to static data. n8n saves static data only for requests the
 * node answers itself, so what a run's request learnt is written behind by a later one.
 */
export function doneKeys(
	scope: string,
	saved: readonly unknown[] | undefined,
	limit: number,
): string[] {
	const done = [...entriesOf(scope)]
		.filter(([, entry]) => entry.state === 'done')
		.map(([key]) => key);
	const known = new Set(done);
	const kept = (saved ?? []).filter(
		(key): key is string => typeof key === 'string' && !known.has(key),
	);
	const all = [...kept, ...done];
	return all.slice(Math.max(0, all.length - limit));
}
