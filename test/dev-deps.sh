#!/usr/bin/env bash
# Installs the dev dependencies (`npm ci`) when node_modules is missing or older than
# package-lock.json, so that `npm test` and `npm run dev` both work as the first command in a
# fresh clone with only Node. npm writes node_modules/.package-lock.json at the end of every
# install: its absence or age is the signal.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[dev-deps] %s\n' "$*"; }

if [ -f node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]; then
	say "node_modules is up to date"
	exit 0
fi
# npm ci deletes node_modules first: never through a link to a tree another checkout uses.
if [ -L node_modules ]; then
	say "node_modules is a link ($(readlink node_modules)) and may be stale: run npm ci where it points"
	exit 0
fi

say "installing the dev dependencies with npm ci (a minute or two on a fresh clone)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
started=$SECONDS
# npm ci is silent until it ends; its http log shows it is moving. The full log is kept for errors.
if ! npm ci --no-audit --no-fund --loglevel=http 2>&1 | tee "$log" |
	awk '/ http fetch / && ++n % 100 == 0 { printf "[dev-deps] ... %d packages fetched\n", n; fflush() }'; then
	say "npm ci failed; the end of its log:"
	tail -n 30 "$log" >&2
	exit 1
fi
say "$(grep -E '^added [0-9]+ packages' "$log" | tail -n 1 || echo 'done') ($((SECONDS - started)) s)"
