// @ts-check
'use strict';
/**
 * Counts a Jest JSON report (`jest --json --outputFile=F`) for test/run-all.sh:
 *
 *   node test/jest-count.js F   ->  line 1: "<passed> <failed> <skipped>", then one line per
 *                                   problem ("FAIL …") and per skipped or todo test ("SKIP …")
 *
 * A test file can fail outside its tests (a throwing afterAll, a syntax error, no tests at all):
 * Jest then marks the file failed while every test in it may have passed, and `numFailedTests`
 * stays 0. Each such file counts as one failure here, and a report that says `success: false`
 * with nothing else failed counts as one too, so a red run can never add up to "0 failed".
 */
const fs = require('node:fs');
const path = require('node:path');

/** @param {string} file */
const shown = (file) => path.relative(process.cwd(), file) || file;

/**
 * @typedef {object} SuiteResult
 * @property {string} name
 * @property {string} status                 'passed' | 'failed' | …
 * @property {string} [message]              the file's failure message (Jest's `failureMessage`)
 * @property {Array<{ status: string, fullName?: string }>} assertionResults
 */

/**
 * @typedef {object} JestReport
 * @property {boolean} success
 * @property {number} numPassedTests
 * @property {number} numFailedTests
 * @property {number} numPendingTests
 * @property {number} numTodoTests
 * @property {number} numFailedTestSuites
 * @property {SuiteResult[]} testResults
 */

/**
 * @param {JestReport} report
 * @returns {{ passed: number, failed: number, skipped: number, problems: string[], skippedTests: string[] }}
 */
function countReport(report) {
	/** @type {string[]} */
	const problems = [];
	/** @type {string[]} */
	const skippedTests = [];
	let failed = report.numFailedTests;
	if (failed > 0) problems.push(`${failed} failed test${failed === 1 ? '' : 's'}`);
	let failedFiles = 0;
	for (const suite of report.testResults) {
		for (const test of suite.assertionResults) {
			if (test.status === 'pending' || test.status === 'todo') {
				skippedTests.push(`${test.status === 'todo' ? 'todo' : 'skipped'}: ${test.fullName ?? '?'} (${shown(suite.name)})`);
			}
		}
		if (suite.status !== 'failed') continue;
		failedFiles++;
		// A failed test already counts its file's failure; a file failed outside its tests does not.
		if (suite.assertionResults.some((test) => test.status === 'failed')) continue;
		failed++;
		const first = (suite.message ?? '').split('\n').find((line) => /\S/.test(line) && !/●/.test(line));
		problems.push(`${shown(suite.name)} failed outside its tests${first ? `: ${first.trim()}` : ''}`);
	}
	// Files Jest counts as failed that the list above did not show (e.g. a file that never reported).
	const unseen = Math.max(0, report.numFailedTestSuites - failedFiles);
	if (unseen > 0) {
		failed += unseen;
		problems.push(`${unseen} more failed test file${unseen === 1 ? '' : 's'} (numFailedTestSuites)`);
	}
	if (report.success === false && failed === 0) {
		failed = 1;
		problems.push('Jest reported the run as failed');
	}
	return {
		passed: report.numPassedTests,
		failed,
		skipped: report.numPendingTests + report.numTodoTests,
		problems,
		skippedTests,
	};
}

if (require.main === module) {
	const file = process.argv[2];
	if (!file) {
		console.error('usage: node test/jest-count.js <jest --json report>');
		process.exit(2);
	}
	const counts = countReport(JSON.parse(fs.readFileSync(file, 'utf8')));
	console.log(`${counts.passed} ${counts.failed} ${counts.skipped}`);
	for (const problem of counts.problems) console.log(`FAIL ${problem}`);
	for (const test of counts.skippedTests) console.log(`SKIP ${test}`);
}

module.exports = { countReport };
