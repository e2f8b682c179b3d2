export type TagMatch = 'any' | 'all';

/** Whether a request's tags include any (or all) of the wanted ones; tags compare exactly. */
export function matchesTags(
	recordTags: readonly string[],
	wanted: readonly string[],
	match: TagMatch,
): boolean {
	const have = new Set(recordTags);
	return match === 'all'
		? wanted.every((tag) => have.has(tag))
		: wanted.some((tag) => have.has(tag));
}

/** The tags a user listed, in order, each once. */
export function uniqueTags(tags: readonly string[]): string[] {
	return [...new Set(tags)];
}
