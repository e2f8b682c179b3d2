/**
 * Deepgram's `grouping=tags` breakdowns give one row per exact set of tags (deepgram-api.md §6).
 * A tag's usage is the sum of the rows whose set contains it, so a request with two tags counts
 * under both; the row with no tags is the untagged usage; all rows together are the total.
 */

/** One breakdown row: its tag set and what it adds up. */
export interface TagSetRow<T> {
	tags: string[];
	value: T;
}

export interface TagSetSums<T> {
	byTag: Map<string, T>;
	untagged: T;
	total: T;
}

/** The rows of a grouped breakdown answer, each with its tag set (none: untagged). */
export function tagSetRows<T>(
	results: unknown,
	read: (row: Record<string, unknown>) => T,
): Array<TagSetRow<T>> {
	if (!Array.isArray(results)) return [];
	return (results as Array<Record<string, unknown>>).map((row) => {
		const grouping = row?.grouping as { tags?: unknown } | undefined;
		const tags = Array.isArray(grouping?.tags)
			? grouping.tags.filter((tag): tag is string => typeof tag === 'string')
			: [];
		return { tags, value: read(row ?? {}) };
	});
}

/** Sums the rows per tag, untagged and overall; `add` adds a row's value into a sum. */
export function sumTagSets<T>(
	rows: ReadonlyArray<TagSetRow<T>>,
	zero: () => T,
	add: (sum: T, value: T) => T,
): TagSetSums<T> {
	const byTag = new Map<string, T>();
	let untagged = zero();
	let total = zero();
	for (const row of rows) {
		total = add(total, row.value);
		if (row.tags.length === 0) untagged = add(untagged, row.value);
		// A set names each tag once; a repeated name must not count the row twice.
		for (const tag of new Set(row.tags)) byTag.set(tag, add(byTag.get(tag) ?? zero(), row.value));
	}
	return { byTag, untagged, total };
}
