// @ts-check
'use strict';
/**
 * Checks what `npm pack` puts in the tarball: exactly dist/, index.js, package.json, README.md,
 * LICENSE and CHANGELOG.md; inside dist/ no test, bench or fixture file (nor their source maps);
 * and every file package.json points n8n at is there. Needs a build first (`npm run build`).
 *
 *   node test/checks/pack-contents.js   ->  the problems, one a line; exits 1 on any
 */
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

/** The files besides dist/ that the tarball holds, all of them required. */
const TOP_LEVEL = ['CHANGELOG.md', 'LICENSE', 'README.md', 'index.js', 'package.json'];
/** Folder names and file names that mark test or benchmark code (or its source map). */
const NOT_SHIPPED =
	/(^|\/)(test|tests|__tests__|bench|fixtures|e2e)(\/|$)|\.(test|spec)\.[cm]?[jt]s(\.map)?$/;

/**
 * @param {string[]} files paths inside the tarball, relative to its package/ folder
 * @param {{ main?: string, n8n?: { nodes?: string[], credentials?: string[] } }} pkg package.json
 * @returns {string[]} what is wrong, one sentence each
 */
function packProblems(files, pkg) {
	const problems = [];
	const shipped = new Set(files);
	for (const file of files) {
		if (TOP_LEVEL.includes(file)) continue;
		if (!file.startsWith('dist/')) {
			problems.push(
				`${file} is packed: only dist/ and ${TOP_LEVEL.join(', ')} may be (check "files" in package.json)`,
			);
		} else if (NOT_SHIPPED.test(file.slice('dist/'.length))) {
			problems.push(
				`${file} is test or bench code: keep it out of the build (tsconfig.json "include")`,
			);
		}
	}
	for (const file of TOP_LEVEL)
		if (!shipped.has(file)) problems.push(`${file} is missing from the tarball`);
	if (!files.some((file) => file.startsWith('dist/')))
		problems.push('dist/ is missing: run npm run build first');
	const entries = [
		pkg.main ?? 'index.js',
		...(pkg.n8n?.nodes ?? []),
		...(pkg.n8n?.credentials ?? []),
	];
	for (const entry of entries) {
		const file = path.posix.normalize(entry);
		if (!shipped.has(file))
			problems.push(`${file} (named in package.json) is missing from the tarball`);
	}
	return problems;
}

/** The paths `npm pack` would pack, without writing a tarball. */
function packedFiles() {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	const [report] = /** @type {Array<{ files: Array<{ path: string }> }>} */ (JSON.parse(out));
	return report.files.map((file) => file.path).sort();
}

module.exports = { packProblems, packedFiles, TOP_LEVEL };

if (require.main === module) {
	const files = packedFiles();
	const problems = packProblems(files, require(path.join(ROOT, 'package.json')));
	for (const problem of problems) console.log(problem);
	console.log(`npm pack: ${files.length} files, ${problems.length} problem(s)`);
	process.exit(problems.length === 0 ? 0 : 1);
}
