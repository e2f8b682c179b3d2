// @ts-check
'use strict';
/**
 * Run by the publish workflow before it publishes: the pushed tag must be `v` + package.json's
 * version, and CHANGELOG.md must be well formed with that version dated (README → Releasing).
 *
 *   node test/checks/release-tag.js v0.1.0   ->  the problems, one a line; exits 1 on any
 */
const fs = require('node:fs');
const path = require('node:path');
const { changelogProblems, releases } = require('./changelog');

/**
 * @param {string} tag e.g. v0.1.0
 * @param {string} version package.json's version
 * @param {string} changelog CHANGELOG.md's text
 * @returns {string[]}
 */
function releaseTagProblems(tag, version, changelog) {
	const problems = [];
	if (tag !== `v${version}`)
		problems.push(
			`tag ${tag} does not match package.json's version ${version}: tag v${version}, or change the version`,
		);
	problems.push(...changelogProblems(changelog, version));
	const release = releases(changelog).find((entry) => entry.name === version);
	if (release && !/^\d{4}-\d{2}-\d{2}$/.test(release.date ?? ''))
		problems.push(
			`CHANGELOG.md: "## [${version}]" is not dated: write "## [${version}] - YYYY-MM-DD" before tagging`,
		);
	return problems;
}

module.exports = { releaseTagProblems };

if (require.main === module) {
	const root = path.resolve(__dirname, '..', '..');
	const tag = process.argv[2] ?? '';
	const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	const problems = releaseTagProblems(
		tag,
		version,
		fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8'),
	);
	for (const problem of problems) console.log(`::error::${problem}`);
	if (problems.length === 0)
		console.log(`tag ${tag} matches package.json ${version}; CHANGELOG.md dates it`);
	process.exit(problems.length === 0 ? 0 : 1);
}
