// @ts-check
'use strict';
/**
 * Reads CHANGELOG.md in Keep a Changelog form: `## [Unreleased]`, then one `## [x.y.z] - date`
 * per version (newest first; the date is `Unreleased` until the version is tagged), each with
 * `### Added|Changed|Deprecated|Removed|Fixed|Security` sections, and a link line per heading.
 * Used by the unit tests, by the publish workflow (test/checks/release-tag.js) and by the output
 * shape guard (test/engine/versions), which asks whether an unreleased section names a node.
 */

const KINDS = ['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'];
const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * @typedef {{ name: string, date: string | null, body: string, line: number }} Release
 * `name` is `Unreleased` or a version; `date` is a YYYY-MM-DD, `Unreleased`, or null (for the
 * Unreleased section).
 */

/**
 * The `## [...]` sections, in file order.
 * @param {string} text
 * @returns {Release[]}
 */
function releases(text) {
	/** @type {Release[]} */
	const found = [];
	const lines = text.split('\n');
	lines.forEach((line, index) => {
		const heading = /^## \[([^\]]+)\](?: - (.+))?\s*$/.exec(line);
		if (heading) {
			found.push({ name: heading[1], date: heading[2] ?? null, body: '', line: index + 1 });
		} else if (found.length > 0 && !/^\[[^\]]+\]: /.test(line)) {
			found[found.length - 1].body += `${line}\n`;
		}
	});
	return found;
}

/**
 * What is wrong with the changelog for a package at `version`.
 * @param {string} text
 * @param {string} version package.json's version
 * @returns {string[]}
 */
function changelogProblems(text, version) {
	const problems = [];
	if (!/^# Changelog\s*$/m.test(text)) problems.push('CHANGELOG.md must start with "# Changelog"');
	const all = releases(text);
	if (all[0]?.name !== 'Unreleased' || all[0].date !== null)
		problems.push('the first section must be "## [Unreleased]" (Keep a Changelog)');
	const versions = all.filter((release) => release.name !== 'Unreleased');
	for (const release of versions) {
		const where = `CHANGELOG.md:${release.line}`;
		if (!SEMVER.test(release.name))
			problems.push(`${where}: "${release.name}" is not a semver version`);
		if (release.date === null || (release.date !== 'Unreleased' && !DATE.test(release.date)))
			problems.push(
				`${where}: "## [${release.name}]" needs " - YYYY-MM-DD" (or " - Unreleased" until it is tagged)`,
			);
		for (const kind of release.body.matchAll(/^### (.+?)\s*$/gm))
			if (!KINDS.includes(kind[1]))
				problems.push(`${where}: "### ${kind[1]}" is not one of ${KINDS.join(', ')}`);
		if (!/^### /m.test(release.body)) problems.push(`${where}: ${release.name} lists no changes`);
		if (!new RegExp(`^\\[${escape(release.name)}\\]: \\S+`, 'm').test(text))
			problems.push(`${where}: no "[${release.name}]: <url>" link line`);
	}
	if (!versions.some((release) => release.name === version))
		problems.push(`no "## [${version}]" section for package.json's version ${version}`);
	const order = versions.map((release) => release.name);
	const sorted = [...order].sort(compareVersions).reverse();
	if (order.join() !== sorted.join()) problems.push('versions must be listed newest first');
	return problems;
}

/**
 * The sections not yet published: [Unreleased] and any version still dated `Unreleased`.
 * @param {string} text
 */
function unreleasedText(text) {
	return releases(text)
		.filter((release) => release.date === null || release.date === 'Unreleased')
		.map((release) => release.body)
		.join('\n');
}

/** @param {string} value */
const escape = (value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** @param {string} a @param {string} b */
function compareVersions(a, b) {
	const pa = a.split(/[.-]/).map(Number);
	const pb = b.split(/[.-]/).map(Number);
	for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
	return 0;
}

module.exports = { releases, changelogProblems, unreleasedText, KINDS };
