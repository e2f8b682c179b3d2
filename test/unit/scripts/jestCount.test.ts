/** test/jest-count.js: how `npm test` counts a Jest JSON report. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const { countReport } = require('../../jest-count') as typeof import('../../jest-count');

type Report = Parameters<typeof countReport>[0];
type Suite = Report['testResults'][number];

const suite = (name: string, status: string, tests: string[], message = ''): Suite => ({
	name: `/repo/test/unit/${name}`,
	status,
	message,
	assertionResults: tests.map((testStatus, i) => ({
		status: testStatus,
		fullName: `${name} #${i}`,
	})),
});

/** A report as Jest 29 writes it, with the top-level counts derived from the files. */
function report(suites: Suite[], extra: Partial<Report> = {}): Report {
	const tests = suites.flatMap((s) => s.assertionResults.map((t) => t.status));
	const count = (status: string) => tests.filter((t) => t === status).length;
	const failedSuites = suites.filter((s) => s.status === 'failed').length;
	return {
		success: failedSuites === 0,
		numPassedTests: count('passed'),
		numFailedTests: count('failed'),
		numPendingTests: count('pending'),
		numTodoTests: count('todo'),
		numFailedTestSuites: failedSuites,
		testResults: suites,
		...extra,
	};
}

describe('countReport', () => {
	test('all green: the passed tests, nothing failed or skipped', () => {
		const counts = countReport(report([suite('a.test.ts', 'passed', ['passed', 'passed'])]));
		expect(counts).toEqual({ passed: 2, failed: 0, skipped: 0, problems: [], skippedTests: [] });
	});

	test('a file whose afterAll throws counts as a failure although all its tests passed', () => {
		const broken = suite(
			'b.test.ts',
			'failed',
			['passed', 'passed'],
			'  ● Test suite failed to run\n\n    afterAll broke\n',
		);
		const counts = countReport(report([suite('a.test.ts', 'passed', ['passed']), broken]));
		expect(counts.passed).toBe(3);
		expect(counts.failed).toBe(1);
		expect(counts.problems).toEqual([
			expect.stringMatching(/b\.test\.ts failed outside its tests: afterAll broke$/),
		]);
	});

	test('a file that could not run (no tests reported) counts as a failure', () => {
		const counts = countReport(report([suite('c.test.ts', 'failed', [], 'SyntaxError: x')]));
		expect(counts.failed).toBe(1);
	});

	test('failed tests count once each; their file is not counted again', () => {
		const counts = countReport(
			report([suite('d.test.ts', 'failed', ['failed', 'failed', 'passed'])]),
		);
		expect(counts).toMatchObject({ passed: 1, failed: 2 });
	});

	test('failed files Jest counts but does not list, and a failed run with nothing failed, still fail', () => {
		const unlisted = report([suite('a.test.ts', 'passed', ['passed'])], {
			numFailedTestSuites: 1,
			success: false,
		});
		expect(countReport(unlisted).failed).toBe(1);
		const redRun = report([suite('a.test.ts', 'passed', ['passed'])], { success: false });
		expect(countReport(redRun)).toMatchObject({
			failed: 1,
			problems: ['Jest reported the run as failed'],
		});
	});

	test('skipped and todo tests are counted and named', () => {
		const counts = countReport(
			report([suite('e.test.ts', 'passed', ['passed', 'pending', 'todo'])]),
		);
		expect(counts.skipped).toBe(2);
		expect(counts.skippedTests).toEqual([
			expect.stringMatching(/^skipped: e\.test\.ts #1 \(/),
			expect.stringMatching(/^todo: e\.test\.ts #2 \(/),
		]);
	});
});

test('as a script: "passed failed skipped", then FAIL and SKIP lines', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-count-'));
	try {
		const file = path.join(dir, 'report.json');
		const broken = suite('b.test.ts', 'failed', ['passed', 'todo'], 'afterAll broke');
		fs.writeFileSync(file, JSON.stringify(report([broken])));
		const out = execFileSync(
			process.execPath,
			[path.join(__dirname, '../../jest-count.js'), file],
			{ encoding: 'utf8' },
		);
		const lines = out.trim().split('\n');
		expect(lines[0]).toBe('1 1 1');
		expect(lines.slice(1)).toEqual([
			expect.stringMatching(/^FAIL .*b\.test\.ts failed outside its tests: afterAll broke$/),
			expect.stringMatching(/^SKIP todo: b\.test\.ts #1 /),
		]);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});
