import type { IDataObject } from 'n8n-workflow';

/** How long an accepted job's output is kept: a re-run later that day still finds it. */
const KEEP_MS = 24 * 60 * 60 * 1000;
/** A cap on the memory the outputs take (measured as JSON text): the oldest go first. */
const MAX_CHARS = 64 * 1024 * 1024;

interface Accepted {
	/** Kept as text: compact, and each reuse gets its own copy. */
	text: string;
	at: number;
}

/**
 * Outputs of the jobs Deepgram accepted in this n8n process, by submission key: an item whose key
 * is here was already sent (by an earlier try of Retry On Fail, or an earlier execution with the
 * same Idempotency Key) and is answered from here instead of being sent, and billed, again.
 */
class AcceptedJobs {
	private readonly byKey = new Map<string, Accepted>();

	private chars = 0;

	find(key: string, now = Date.now()): IDataObject | undefined {
		this.expire(now);
		const entry = this.byKey.get(key);
		return entry && (JSON.parse(entry.text) as IDataObject);
	}

	remember(key: string, json: IDataObject, now = Date.now()): void {
		const text = JSON.stringify(json);
		if (text.length > MAX_CHARS) return;
		this.forget(key);
		this.byKey.set(key, { text, at: now });
		this.chars += text.length;
		this.expire(now);
	}

	private forget(key: string): void {
		const entry = this.byKey.get(key);
		if (!entry) return;
		this.chars -= entry.text.length;
		this.byKey.delete(key);
	}

	/** Oldest first (insertion order): past their time, or beyond the memory cap. */
	private expire(now: number): void {
		for (const [key, entry] of this.byKey) {
			if (now - entry.at <= KEEP_MS && this.chars <= MAX_CHARS) return;
			this.forget(key);
		}
	}
}

export const acceptedJobs = new AcceptedJobs();
