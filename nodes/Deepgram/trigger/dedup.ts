/** How many delivery keys the trigger remembers unless the user picks another number. */
export const DEFAULT_REMEMBERED_DELIVERIES = 1000;

/**
 * A bounded memory of the deliveries that started the workflow, oldest first. Pure: the
 * caller stores the returned list (in the node's static data) so n8n saves it.
 */
export class DeliveryMemory {
	private readonly keys: string[];

	constructor(
		keys: readonly string[] | undefined,
		private readonly limit: number,
	) {
		this.keys = (keys ?? []).filter((key) => typeof key === 'string');
	}

	has(key: string): boolean {
		return this.keys.includes(key);
	}

	/** The list with `key` added last and the oldest keys dropped beyond the limit. */
	remember(key: string): string[] {
		const kept = this.keys.filter((existing) => existing !== key);
		kept.push(key);
		return kept.slice(Math.max(0, kept.length - Math.max(1, Math.floor(this.limit))));
	}
}
