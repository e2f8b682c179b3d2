/** test/checks/package-links.js: repository, homepage, bugs, README pictures and CHANGELOG links agree. */
const { checkoutLinkProblems, linkProblems } =
	require('../../checks/package-links') as typeof import('../../checks/package-links');

const REPO = 'https://github.com/acme/n8n-nodes-x';
const RAW = 'https://raw.githubusercontent.com/acme/n8n-nodes-x/HEAD';
const LINKED = {
	repository: { type: 'git', url: `${REPO}.git` },
	homepage: `${REPO}#readme`,
	bugs: { url: `${REPO}/issues` },
};
const readme = `# x\n\n![The node](${RAW}/docs/pictures/a.png)\n\n<img src="${RAW}/docs/pictures/b.png" alt="b">\n`;
const changelog = `# Changelog\n\n[0.1.0]: ${REPO}/releases/tag/v0.1.0\n`;
const exists = (file: string) => ['docs/pictures/a.png', 'docs/pictures/b.png'].includes(file);

test('this checkout: package.json, README pictures and CHANGELOG links name one repository', () => {
	expect(checkoutLinkProblems()).toEqual([]);
});

test('links built from repository pass', () => {
	expect(linkProblems(LINKED, readme, changelog, exists)).toEqual([]);
});

test('a homepage or bugs URL of another repository fails', () => {
	expect(
		linkProblems({ ...LINKED, homepage: 'https://example.com' }, readme, changelog, exists),
	).toEqual([
		`package.json: homepage is https://example.com, expected ${REPO}#readme (from repository)`,
	]);
	expect(linkProblems({ ...LINKED, bugs: undefined }, readme, changelog, exists)).toEqual([
		`package.json: bugs.url is undefined, expected ${REPO}/issues (from repository)`,
	]);
});

test('a repository that is not a GitHub URL fails (provenance and the pictures need one)', () => {
	expect(linkProblems({ ...LINKED, repository: 'acme/x' }, readme, changelog, exists)).toEqual([
		'package.json: repository.url must be https://github.com/<owner>/<name>.git',
	]);
});

test('a relative picture, one from elsewhere, or one missing from the checkout fails', () => {
	const pictures = (url: string) => linkProblems(LINKED, `![p](${url})`, changelog, exists);
	expect(pictures('docs/pictures/a.png')).toEqual([
		expect.stringContaining(
			`picture docs/pictures/a.png does not show on npm's page: use ${RAW}/<path>`,
		),
	]);
	expect(pictures('https://example.com/a.png')).toHaveLength(1);
	expect(pictures(`${RAW}/docs/pictures/gone.png`)).toEqual([
		`README.md: picture ${RAW}/docs/pictures/gone.png names docs/pictures/gone.png, which is not in the checkout`,
	]);
});

test('a CHANGELOG link into another repository fails', () => {
	expect(
		linkProblems(
			LINKED,
			readme,
			'[0.1.0]: https://github.com/other/x/releases/tag/v0.1.0\n',
			exists,
		),
	).toEqual([
		`CHANGELOG.md: link https://github.com/other/x/releases/tag/v0.1.0 is not in ${REPO}`,
	]);
});
