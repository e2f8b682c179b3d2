// @ts-check
'use strict';
/**
 * package.json's `repository`, `homepage` and `bugs` must name one GitHub repository, and every
 * README picture must be an absolute URL into that repository (npm's package page shows the README
 * but not the files beside it), naming a picture that exists in the checkout. CHANGELOG.md's
 * link lines point into the same repository.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * @typedef {{ repository?: string | { type?: string, url?: string }, homepage?: string,
 *   bugs?: string | { url?: string } }} PackageLinks
 */

/**
 * `https://github.com/<owner>/<name>` from package.json's repository, or null.
 * @param {PackageLinks} pkg
 */
function repositoryUrl(pkg) {
	const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
	const match = /^(?:git\+)?https:\/\/github\.com\/([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(
		url ?? '',
	);
	return match ? `https://github.com/${match[1]}/${match[2]}` : null;
}

/**
 * Where README pictures are served from: the repository's default branch, raw.
 * @param {string} repo https://github.com/<owner>/<name>
 */
const pictureBase = (repo) =>
	`${repo.replace('https://github.com/', 'https://raw.githubusercontent.com/')}/HEAD/`;

/**
 * The image URLs of a markdown text (`![alt](url)` and `<img src="url">`).
 * @param {string} markdown
 */
function imageUrls(markdown) {
	return [
		...[...markdown.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(
			(m) => m[1],
		),
		...[...markdown.matchAll(/<img\s[^>]*src=["']([^"']+)["']/gi)].map((m) => m[1]),
	];
}

/**
 * @param {PackageLinks} pkg
 * @param {string} readme README.md's text
 * @param {string} changelog CHANGELOG.md's text
 * @param {(file: string) => boolean} exists whether a path in the checkout exists
 * @returns {string[]}
 */
function linkProblems(pkg, readme, changelog, exists) {
	const repo = repositoryUrl(pkg);
	if (!repo) return ['package.json: repository.url must be https://github.com/<owner>/<name>.git'];
	const problems = [];
	const repositoryField = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
	if (repositoryField !== `${repo}.git`)
		problems.push(`package.json: repository.url should be ${repo}.git`);
	if (pkg.homepage !== `${repo}#readme`)
		problems.push(
			`package.json: homepage is ${pkg.homepage}, expected ${repo}#readme (from repository)`,
		);
	const bugs = typeof pkg.bugs === 'string' ? pkg.bugs : pkg.bugs?.url;
	if (bugs !== `${repo}/issues`)
		problems.push(`package.json: bugs.url is ${bugs}, expected ${repo}/issues (from repository)`);
	const base = pictureBase(repo);
	for (const url of imageUrls(readme)) {
		if (!url.startsWith(base)) {
			problems.push(
				`README.md: picture ${url} does not show on npm's page: use ${base}<path> (built from repository)`,
			);
		} else if (!exists(url.slice(base.length))) {
			problems.push(
				`README.md: picture ${url} names ${url.slice(base.length)}, which is not in the checkout`,
			);
		}
	}
	for (const match of changelog.matchAll(/^\[[^\]]+\]: (\S+)$/gm))
		if (!match[1].startsWith(`${repo}/`))
			problems.push(`CHANGELOG.md: link ${match[1]} is not in ${repo}`);
	return problems;
}

/** The problems of this checkout. */
function checkoutLinkProblems() {
	const read = (/** @type {string} */ file) => fs.readFileSync(path.join(ROOT, file), 'utf8');
	return linkProblems(
		JSON.parse(read('package.json')),
		read('README.md'),
		read('CHANGELOG.md'),
		(file) => fs.existsSync(path.join(ROOT, file)),
	);
}

module.exports = { linkProblems, checkoutLinkProblems, imageUrls, pictureBase, repositoryUrl };
