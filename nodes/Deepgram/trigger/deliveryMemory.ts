import { CALLBACK_REDELIVERY } from '../shared/constants';

/**
 * How long a delivery is remembered: Deepgram's whole retry window (10 tries, 30 s apart) twice
 * over, since each try also waits for its answer before the next 30 s start.
 */
export const REMEMBER_FOR_MS =
	2 * CALLBACK_REDELIVERY.attempts * CALLBACK_REDELIVERY.intervalSeconds * 1000;

/**
 * The most deliveries remembered at once unless the user picks another number: only a cap on
 * memory, large enough for 160 deliveries a second over the whole REMEMBER_FOR_MS.
 */
export const DEFAULT_REMEMBERED_DELIVERIES = 100_000;

/**
 * One delivery that started the workflow: when it came (ms), the keys it is recognised by
 * (URI-encoded, so none holds a space), and `line`, how static data saves it: `<ms> <key> <key>…`.
 * Text rather than an object because n8n wraps every object of static data in a proxy each time
 * it loads the workflow, and this memory holds thousands of deliveries.
 */
export interface RememberedDelivery {
	at: number;
	keys: string[];
	line: string;
}

export function rememberedDelivery(keys: readonly string[], at: number): RememberedDelivery {
	const encoded = keys.map(encodeURIComponent);
	return { at, keys: encoded, line: [String(at), ...encoded].join(' ') };
}

/** A saved delivery: its line, and when it came. Its keys are read only when looked for. */
export interface SavedDelivery {
	at: number;
	line: string;
}

/**
 * The saved deliveries still within REMEMBER_FOR_MS, oldest first: `lines` as RememberedDelivery
 * writes them, and `plainKeys` as versions before the time limit saved them. A plain key carries
 * no time: it is kept a whole window from `now`, so reading it never forgets a delivery too early.
 * Runs on every delivery over thousands of lines, so a line is not split here.
 */
export function savedDeliveries(
	lines: readonly unknown[] | undefined,
	plainKeys: readonly unknown[] | undefined,
	now: number,
): SavedDelivery[] {
	const entries: SavedDelivery[] = [];
	for (const key of plainKeys ?? []) {
		if (typeof key === 'string' && key !== '') entries.push(rememberedDelivery([key], now));
	}
	for (const line of lines ?? []) {
		if (typeof line !== 'string') continue;
		const space = line.indexOf(' ');
		const at = space > 0 ? Number(line.slice(0, space)) : Number.NaN;
		if (Number.isSafeInteger(at) && at > now - REMEMBER_FOR_MS && space < line.length - 1) {
			entries.push({ at, line });
		}
	}
	return entries;
}

/** Whether a saved line lists `key` (URI-encoded, so without spaces) among its keys. */
function listsKey(line: string, key: string): boolean {
	const needle = ` ${key}`;
	for (let i = line.indexOf(needle); i !== -1; i = line.indexOf(needle, i + 1)) {
		const end = i + needle.length;
		if (end === line.length || line[end] === ' ') return true;
	}
	return false;
}

/**
 * The memory to save, oldest first: the saved deliveries this process does not know, and what it
 * started (which includes the newest delivery), the oldest dropped beyond `limit`. Writing what
 * this process knows each time puts back a delivery that a save of another delivery at the same
 * moment left out (n8n saves the workflow's static data whole). Pure: the caller stores the
 * returned lines in the node's static data so n8n saves them.
 */
export function rememberDeliveries(
	startedHere: Iterable<RememberedDelivery>,
	saved: readonly SavedDelivery[],
	limit: number,
): string[] {
	const here = [...startedHere];
	const known = new Set(here.map((entry) => entry.line));
	const others = saved.filter((entry) => !known.has(entry.line));
	// Both lists are oldest first: merged in one pass.
	const merged: string[] = [];
	let next = 0;
	for (const entry of here) {
		while (next < others.length && others[next].at <= entry.at) merged.push(others[next++].line);
		merged.push(entry.line);
	}
	while (next < others.length) merged.push(others[next++].line);
	return merged.slice(Math.max(0, merged.length - limit));
}

/** Deliveries this process started for one trigger, oldest first, and each by every key. */
interface StartedHere {
	order: Set<RememberedDelivery>;
	byKey: Map<string, RememberedDelivery>;
}

/**
 * Per trigger (workflow and node). n8n saves static data only after the answer and per workflow
 * as a whole, so copies arriving together would all find it empty; this record is checked and set
 * in one synchronous step before any answer, so exactly one of them starts the workflow.
 */
const startedHere = new Map<string, StartedHere>();

function forget(record: StartedHere, delivery: RememberedDelivery): void {
	record.order.delete(delivery);
	for (const key of delivery.keys) {
		if (record.byKey.get(key) === delivery) record.byKey.delete(key);
	}
}

/** Drops deliveries older than REMEMBER_FOR_MS, then the oldest beyond `limit`. */
function prune(record: StartedHere, limit: number, now: number): void {
	for (const oldest of record.order) {
		if (record.order.size <= limit && oldest.at > now - REMEMBER_FOR_MS) break;
		forget(record, oldest);
	}
}

/** A delivery claimed for one start of the workflow. */
export interface DeliveryClaim {
	/** The saved memory (RememberedDelivery lines) to store once the run is ready to start. */
	saved: string[];
	/** Forgets the claim: the run could not be started, so Deepgram's redelivery must start it. */
	release(): void;
}

/**
 * Claims the delivery known by `keys` (its request_id, its submission's idempotency key) for
 * trigger `scope`: a claim when none of its keys was seen within REMEMBER_FOR_MS (in this process
 * or in the saved memory, see savedDeliveries), undefined for a redelivery.
 */
export function claimDelivery(
	scope: string,
	keys: readonly string[],
	saved: readonly SavedDelivery[],
	limit: number,
	now = Date.now(),
): DeliveryClaim | undefined {
	const record = startedHere.get(scope) ?? { order: new Set(), byKey: new Map() };
	startedHere.set(scope, record);
	prune(record, limit, now);
	const delivery = rememberedDelivery(keys, now);
	if (delivery.keys.some((key) => record.byKey.has(key))) return undefined;
	if (saved.some((entry) => delivery.keys.some((key) => listsKey(entry.line, key)))) {
		return undefined;
	}

	record.order.add(delivery);
	for (const key of delivery.keys) record.byKey.set(key, delivery);
	prune(record, limit, now);
	return {
		saved: rememberDeliveries(record.order, saved, limit),
		release: () => forget(record, delivery),
	};
}
