/** test/checks/pack-contents.js: what the npm tarball may hold (`npm test` runs it on the real pack). */
const { packProblems } =
	require('../../checks/pack-contents') as typeof import('../../checks/pack-contents');

const PACKAGE_JSON = {
	main: 'index.js',
	n8n: {
		nodes: ['dist/nodes/Deepgram/DeepgramTranscribe.node.js'],
		credentials: ['dist/credentials/DeepgramApi.credentials.js'],
	},
};
const SHIPPED = [
	'CHANGELOG.md',
	'LICENSE',
	'README.md',
	'dist/credentials/DeepgramApi.credentials.js',
	'dist/nodes/Deepgram/DeepgramTranscribe.node.js',
	'dist/nodes/Deepgram/DeepgramTranscribe.node.js.map',
	'dist/nodes/Deepgram/deepgram.svg',
	'index.js',
	'package.json',
];

test('exactly dist/, index.js, package.json, README.md, LICENSE and CHANGELOG.md pass', () => {
	expect(packProblems(SHIPPED, PACKAGE_JSON)).toEqual([]);
});

test.each([
	['test/engine/versions/examples/x.json', 'is packed: only dist/ and'],
	['docs/pictures/round-trip.png', 'is packed: only dist/ and'],
	['.github/workflows/ci.yml', 'is packed: only dist/ and'],
	['bench/RESULTS.md', 'is packed: only dist/ and'],
	['dist/test/harness/engine.js', 'is test or bench code'],
	['dist/bench/run.js', 'is test or bench code'],
	['dist/nodes/Deepgram/shared/rules.test.js.map', 'is test or bench code'],
	['dist/nodes/Deepgram/__tests__/x.js', 'is test or bench code'],
])('%s in the tarball fails the check', (file, problem) => {
	expect(packProblems([...SHIPPED, file], PACKAGE_JSON)).toEqual([
		expect.stringContaining(`${file} ${problem}`),
	]);
});

test.each(['CHANGELOG.md', 'LICENSE', 'README.md', 'index.js', 'package.json'])(
	'a tarball without %s fails the check',
	(file) => {
		expect(
			packProblems(
				SHIPPED.filter((entry) => entry !== file),
				PACKAGE_JSON,
			),
		).toContain(`${file} is missing from the tarball`);
	},
);

test('a node or credential package.json names but the tarball lacks fails the check', () => {
	const files = SHIPPED.filter((file) => !file.startsWith('dist/credentials/'));
	expect(packProblems(files, PACKAGE_JSON)).toEqual([
		'dist/credentials/DeepgramApi.credentials.js (named in package.json) is missing from the tarball',
	]);
});
