#!/usr/bin/env bash
# Installs Debian's Chromium when missing, for the editor suite (driven by playwright-core, which
# never downloads a browser of its own). Progress on stderr; prints CHROMIUM=<path> on stdout.
set -euo pipefail

say() { echo "[install-chromium] $*" >&2; }

if ! command -v chromium >/dev/null 2>&1; then
	if [ "$(id -u)" != "0" ]; then
		say "chromium is missing; install it (apt-get install -y chromium) or run as root"
		exit 1
	fi
	say "installing chromium from Debian's packages (about a minute)"
	export DEBIAN_FRONTEND=noninteractive
	say "apt-get update"
	apt-get update -q >/dev/null 2>&1 || say "apt-get update failed; trying the package lists as they are"
	# Without recommends: no desktop services (avahi, upower, printing) are pulled in or started.
	apt-get install -y -q --no-install-recommends chromium 2>&1 |
		grep -E '^(Setting up chromium|E:)' | sed 's/^/[install-chromium] /' >&2 || true
	command -v chromium >/dev/null 2>&1 || { say "chromium is still missing"; exit 1; }
	say "installed $(chromium --version 2>/dev/null)"
fi
echo "CHROMIUM=$(command -v chromium)"
