// Runs n8n's verification scanner (@n8n/scan-community-package) offline, both of its legs:
// the source checkout with the scanner's own file patterns, and the `npm pack` tarball's
// compiled JavaScript + package.json. Exits non-zero on any violation.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'dg-scan-'));
let failed = false;

function report(leg, result) {
	console.log(`${result.passed ? 'PASS' : 'FAIL'} scanner ${leg}${result.message ? `: ${result.message}` : ''}`);
	if (result.details) console.log(result.details);
	if (!result.passed) failed = true;
}

try {
	report('source leg', await analyzePackage(root, SOURCE_FILE_PATTERNS));

	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root })
		.toString()
		.trim()
		.split('\n')
		.pop();
	execFileSync('tar', ['-xzf', join(work, tarball), '-C', work]);
	report('tarball leg', await analyzePackage(join(work, 'package'), ['**/*.js', 'package.json']));
} finally {
	rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
