#!/usr/bin/env bash
# The project's one test command (`npm test`, and what .ci/run calls). On a fresh machine with
# only Node 20 it installs what it needs (dev dependencies; Node 24 + n8n 2.41.1 in a cache
# outside the clone), then builds, lints, runs n8n's verification scanner, and runs the unit,
# engine and end-to-end tests. Its last line is "N passed, N failed": each jest test counts
# once, each check step (build, lint, typecheck, scanner) once.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp

passed=0
failed=0
failures=()

step() {
	local name=$1
	shift
	echo "==> $name"
	if "$@"; then
		passed=$((passed + 1))
		echo "PASS $name"
	else
		failed=$((failed + 1))
		failures+=("$name")
		echo "FAIL $name"
	fi
}

# Counts a jest JSON report into the totals; a suite that could not run counts as a failure.
count_jest() {
	local report=$1
	if [ ! -s "$report" ]; then
		failed=$((failed + 1))
		failures+=("jest produced no report ($report)")
		return
	fi
	local counts
	if ! counts=$(node -e '
		const r = require(require("path").resolve(process.argv[1]));
		const broken = r.testResults.filter((s) => s.status === "failed" && s.assertionResults.length === 0).length;
		console.log(r.numPassedTests, r.numFailedTests, broken);
	' "$report"); then
		failed=$((failed + 1))
		failures+=("could not read the jest report $report")
		return
	fi
	read -r p f broken <<<"$counts"
	passed=$((passed + p))
	failed=$((failed + f + broken))
	if [ "$((f + broken))" -gt 0 ]; then failures+=("jest: $f failed tests, $broken suites that did not run ($report)"); fi
}

echo "==> dependencies"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	npm ci --no-audit --no-fund || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
else
	echo "node_modules is up to date"
fi

echo "==> n8n 2.41.1 and Node 24 (cached in ${DG_N8N_CACHE:-$HOME/.cache/n8n-nodes-deepgram-callback})"
bash test/n8n/install.sh >/dev/null || { echo "installing n8n failed"; echo "0 passed, 1 failed"; exit 1; }

step "build" npm run --silent build
step "lint (n8n community-node rules)" npm run --silent lint
step "typecheck (package, tests, emulator, scripts)" npm run --silent typecheck
step "n8n verification scanner (source and tarball legs)" node test/checks/scan-package.mjs

echo "==> unit and engine tests"
rm -f .tmp/jest-fast.json .tmp/jest-e2e.json
npx jest --selectProjects unit engine --json --outputFile=.tmp/jest-fast.json
count_jest .tmp/jest-fast.json

echo "==> end-to-end tests in a real n8n"
npx jest --selectProjects e2e --runInBand --json --outputFile=.tmp/jest-e2e.json
count_jest .tmp/jest-e2e.json

if [ "${#failures[@]}" -gt 0 ]; then
	echo "Failed:"
	printf '  - %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
