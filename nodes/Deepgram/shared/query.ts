type Scalar = string | number | boolean;
export type QueryValue = Scalar | readonly Scalar[] | undefined | null;

/**
 * Builds a query string the way Deepgram reads it: a repeated parameter is sent once per
 * value (`tag=a&tag=b`), booleans as `true`/`false`, every value percent-encoded.
 * Empty values are left out.
 */
export function buildQueryString(params: ReadonlyArray<readonly [string, QueryValue]>): string {
	const parts: string[] = [];
	for (const [key, value] of params) {
		if (value === undefined || value === null) continue;
		const values: readonly Scalar[] = Array.isArray(value) ? value : [value as Scalar];
		for (const single of values) {
			if (single === '') continue;
			parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(single))}`);
		}
	}
	return parts.join('&');
}

export function withQuery(
	path: string,
	params: ReadonlyArray<readonly [string, QueryValue]>,
): string {
	const query = buildQueryString(params);
	return query ? `${path}?${query}` : path;
}
