/** CHANGELOG.md in Keep a Changelog form, and the publish workflow's tag check (test/checks). */
import { readFileSync } from 'fs';
import { join } from 'path';

const { changelogProblems, unreleasedText } =
	require('../../checks/changelog') as typeof import('../../checks/changelog');
const { releaseTagProblems } =
	require('../../checks/release-tag') as typeof import('../../checks/release-tag');

const ROOT = join(__dirname, '..', '..', '..');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	version: string;
};
const CHANGELOG = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');

const good = (date = '2027-01-15') => `# Changelog

## [Unreleased]

### Fixed

- Deepgram Transcribe: something.

## [0.2.0] - ${date}

### Added

- A thing.

## [0.1.0] - 2026-12-20

### Added

- The first release.

[Unreleased]: https://github.com/a/b/compare/v0.2.0...HEAD
[0.2.0]: https://github.com/a/b/compare/v0.1.0...v0.2.0
[0.1.0]: https://github.com/a/b/releases/tag/v0.1.0
`;

test('this checkout’s CHANGELOG.md is well formed and has package.json’s version', () => {
	expect(changelogProblems(CHANGELOG, version)).toEqual([]);
});

test('a well-formed changelog passes', () => {
	expect(changelogProblems(good(), '0.2.0')).toEqual([]);
	expect(changelogProblems(good('Unreleased'), '0.2.0')).toEqual([]);
});

test.each([
	[
		'no [Unreleased] first',
		(t: string) => t.replace('## [Unreleased]\n', ''),
		'the first section must be "## [Unreleased]"',
	],
	[
		'a section kind Keep a Changelog does not have',
		(t: string) => t.replace('### Added\n\n- A thing', '### Improvements\n\n- A thing'),
		'"### Improvements" is not one of',
	],
	[
		'a version without a date',
		(t: string) => t.replace('## [0.2.0] - 2027-01-15', '## [0.2.0]'),
		'needs " - YYYY-MM-DD"',
	],
	[
		'a version that lists no changes',
		(t: string) => t.replace('### Added\n\n- A thing.\n', ''),
		'0.2.0 lists no changes',
	],
	[
		'a version without its link line',
		(t: string) => t.replace(/^\[0\.2\.0\]: .*\n/m, ''),
		'no "[0.2.0]: <url>" link line',
	],
	[
		'versions out of order',
		(t: string) => t.replace('## [0.2.0]', '## [0.0.9]').replace('[0.2.0]:', '[0.0.9]:'),
		'newest first',
	],
])('%s fails', (_name, change, problem) => {
	expect(changelogProblems(change(good()), '0.1.0')).toEqual([expect.stringContaining(problem)]);
});

test('a package version without a section fails', () => {
	expect(changelogProblems(good(), '0.3.0')).toEqual([
		'no "## [0.3.0]" section for package.json\'s version 0.3.0',
	]);
});

test('the unreleased text is [Unreleased] and versions not dated yet', () => {
	expect(unreleasedText(good())).toContain('Deepgram Transcribe: something.');
	expect(unreleasedText(good())).not.toContain('A thing.');
	expect(unreleasedText(good('Unreleased'))).toContain('A thing.');
});

describe('the publish workflow’s tag check', () => {
	test('passes for v<version> with the version dated', () => {
		expect(releaseTagProblems('v0.2.0', '0.2.0', good())).toEqual([]);
	});

	test('fails for a tag that is not v<version>', () => {
		expect(releaseTagProblems('v0.2.1', '0.2.0', good())).toEqual([
			"tag v0.2.1 does not match package.json's version 0.2.0: tag v0.2.0, or change the version",
		]);
	});

	test('fails while the version is still dated Unreleased', () => {
		expect(releaseTagProblems('v0.2.0', '0.2.0', good('Unreleased'))).toEqual([
			'CHANGELOG.md: "## [0.2.0]" is not dated: write "## [0.2.0] - YYYY-MM-DD" before tagging',
		]);
	});
});
