/** How many delivery keys the trigger remembers unless the user picks another number. */
export const DEFAULT_REMEMBERED_DELIVERIES = 1000;

/**
 * The saved memory (oldest first) with `key` added last and the oldest keys dropped beyond the
 * limit. Pure: the caller stores the returned list in the node's static data so n8n saves it.
 */
export function rememberDelivery(
	saved: readonly unknown[] | undefined,
	key: string,
	limit: number,
): string[] {
	const kept = (saved ?? []).filter(
		(existing): existing is string => typeof existing === 'string' && existing !== key,
	);
	kept.push(key);
	return kept.slice(Math.max(0, kept.length - limit));
}

/**
 * Deliveries this process started, per trigger (workflow and node), oldest first. n8n saves
 * static data only after the answer and per workflow as a whole, so copies arriving together
 * would all find it empty; this record is checked and set in one synchronous step before any
 * answer, so exactly one of them starts the workflow.
 */
const startedHere = new Map<string, Set<string>>();

/**
 * Claims the delivery `key` for trigger `scope`: the new saved memory when it is the first
 * delivery seen (in this process or in the saved memory), undefined for a redelivery.
 */
export function claimDelivery(
	scope: string,
	key: string,
	saved: readonly unknown[] | undefined,
	limit: number,
): string[] | undefined {
	let started = startedHere.get(scope);
	if (!started) {
		started = new Set();
		startedHere.set(scope, started);
	}
	if (started.has(key) || saved?.includes(key)) return undefined;
	started.add(key);
	for (const oldest of started) {
		if (started.size <= limit) break;
		started.delete(oldest);
	}
	return rememberDelivery(saved, key, limit);
}
