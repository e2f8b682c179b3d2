/**
 * The version guard: a node version's output, once released, must keep its shape. Each example
 * (one operation or mode of one node version) is stored as the items it gave, under
 * examples/<node>/v<typeVersion>/<example>.json, and every run compares the shape of what the
 * node outputs now (keys and value types, see shape.ts) with the shape of the stored items.
 *
 * To store new or changed examples, run the guard with DG_UPDATE_SHAPES=1 (never set by
 * `npm test`); an example of an existing version is only rewritten when CHANGELOG.md's
 * unreleased sections name the node, so a changed output is either new or written down.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join, relative } from 'path';
import type { INodeExecutionData, INodeTypeDescription } from 'n8n-workflow';

import { shapeDiff, shapeOf, type Shape } from './shape';

const { unreleasedText } =
	require('../../checks/changelog') as typeof import('../../checks/changelog');

const ROOT = join(__dirname, '..', '..', '..');
export const EXAMPLES = join(__dirname, 'examples');
const UPDATE = process.env.DG_UPDATE_SHAPES === '1';
export const UPDATE_COMMAND =
	'DG_UPDATE_SHAPES=1 npx jest --selectProjects engine -- test/engine/versions';

interface StoredExample {
	node: string;
	typeVersion: number;
	example: string;
	/** The items of each output, as the node gave them (pairedItem left out). */
	outputs: Array<Array<Pick<INodeExecutionData, 'json' | 'binary'>>>;
}

/** The versions a node declares (`version: 1` or `version: [1, 1.1]`). */
export function versionsOf(description: INodeTypeDescription): number[] {
	return Array.isArray(description.version) ? description.version : [description.version];
}

const exampleFile = (node: string, version: number, example: string) =>
	join(EXAMPLES, node, `v${version}`, `${example}.json`);

function plain(outputs: INodeExecutionData[][]): StoredExample['outputs'] {
	return outputs.map((items) =>
		items.map(({ json, binary }) =>
			JSON.parse(JSON.stringify(binary === undefined ? { json } : { json, binary })),
		),
	);
}

/** The shape of every output item, each under its own index: item order and count are output too. */
export function outputsShape(outputs: StoredExample['outputs']): Shape {
	return outputs.flatMap((items, output) =>
		items.length === 0
			? [`output${output}: empty`]
			: items.flatMap((item, index) => shapeOf(item, `output${output}[${index}]`)),
	);
}

function write(file: string, stored: StoredExample): void {
	mkdirSync(dirname(file), { recursive: true });
	writeFileSync(file, `${JSON.stringify(stored, null, '\t')}\n`);
}

/**
 * Fails when the node's output no longer has the stored shape (or nothing is stored yet),
 * telling the developer what to do.
 */
export function expectStoredShape(
	description: INodeTypeDescription,
	typeVersion: number,
	example: string,
	outputs: INodeExecutionData[][],
): void {
	const node = description.name;
	const file = exampleFile(node, typeVersion, example);
	const shown = relative(ROOT, file);
	const actual: StoredExample = { node, typeVersion, example, outputs: plain(outputs) };
	if (!existsSync(file)) {
		if (UPDATE) return write(file, actual);
		throw new Error(
			`No stored output example ${shown} for ${description.displayName} version ${typeVersion}. ` +
				`Store it with: ${UPDATE_COMMAND}`,
		);
	}
	const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredExample;
	const diff = shapeDiff(outputsShape(stored.outputs), outputsShape(actual.outputs));
	if (diff.length === 0) return;
	const mentioned = unreleasedText(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')).includes(
		description.displayName,
	);
	if (UPDATE && mentioned) return write(file, actual);
	throw new Error(
		[
			`The output of ${description.displayName} (${node}) version ${typeVersion}, example "${example}", ` +
				`no longer has the shape stored in ${shown}:`,
			...diff.map((line) => `  ${line}`),
			'A released node version must keep its output: workflows built on it depend on it. Either',
			`  - add a new typeVersion to ${node} with this behaviour, keeping version ${typeVersion} as it was ` +
				'(README → Versioning), or',
			`  - if this is a fix, record it under "### Fixed" in CHANGELOG.md's [Unreleased] section, naming ` +
				`"${description.displayName}", then store the new shape with: ${UPDATE_COMMAND}`,
			...(UPDATE && !mentioned
				? [
						`(Not stored: CHANGELOG.md's unreleased sections do not name "${description.displayName}".)`,
					]
				: []),
		].join('\n'),
	);
}

/**
 * Stored examples that no test produces any more: a version the node dropped (a released
 * version must keep working) or an example nobody runs.
 */
export function orphanExamples(
	description: INodeTypeDescription,
	examples: readonly string[],
): string[] {
	const folder = join(EXAMPLES, description.name);
	if (!existsSync(folder)) return [];
	const versions = versionsOf(description).map((version) => `v${version}`);
	return readdirSync(folder).flatMap((versionFolder) =>
		versions.includes(versionFolder)
			? readdirSync(join(folder, versionFolder))
					.filter((file) => !examples.includes(file.replace(/\.json$/, '')))
					.map((file) => relative(ROOT, join(folder, versionFolder, file)))
			: [relative(ROOT, join(folder, versionFolder))],
	);
}
