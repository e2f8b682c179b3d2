/**
 * The shape of a node's output: every path with the type of its value, one `path: type` line
 * each, sorted by path. Values themselves (ids, timestamps, numbers, texts) are left out, so two runs of
 * the same node version give the same shape; a key added, removed or retyped changes it.
 */
export type Shape = string[];

function typeOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	return typeof value;
}

function walk(value: unknown, path: string, lines: Set<string>): void {
	lines.add(`${path}: ${typeOf(value)}`);
	if (Array.isArray(value)) {
		// One entry for all elements: a list's length is data, its elements' shape is not.
		for (const element of value) walk(element, `${path}[]`, lines);
	} else if (value !== null && typeof value === 'object') {
		for (const [key, child] of Object.entries(value)) walk(child, `${path}.${key}`, lines);
	}
}

/** By path, so a parent comes right before its children. */
function sortShape(lines: Iterable<string>): Shape {
	const path = (line: string) => line.slice(0, line.lastIndexOf(': '));
	return [...lines].sort((a, b) =>
		path(a) < path(b) ? -1 : path(a) > path(b) ? 1 : a < b ? -1 : 1,
	);
}

export function shapeOf(value: unknown, root = '$'): Shape {
	const lines = new Set<string>();
	walk(value, root, lines);
	return sortShape(lines);
}

/** What changed from `stored` to `actual`, one line each, `-` removed and `+` added. */
export function shapeDiff(stored: Shape, actual: Shape): string[] {
	const before = new Set(stored);
	const after = new Set(actual);
	return [
		...stored.filter((line) => !after.has(line)).map((line) => `- ${line}`),
		...actual.filter((line) => !before.has(line)).map((line) => `+ ${line}`),
	];
}
