#!/usr/bin/env bash
# Installs what the queue-mode stack needs from Debian's packages when missing: Redis (Bull's
# queue), PostgreSQL (n8n's shared database) and HAProxy (the load balancer on Deepgram's callback
# port). Only the binaries are used: test/queue/services.js starts each as our own process on a
# loopback port with its data in a temp folder, never the system services. Progress on stderr;
# prints the binaries' paths (KEY=path lines) on stdout.
set -euo pipefail

say() { echo "[install-queue] $*" >&2; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
{ [ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/postgres" ]; } || missing+=(postgresql)

if [ "${#missing[@]}" -gt 0 ]; then
	if [ "$(id -u)" != "0" ]; then
		say "missing: ${missing[*]}; install them (apt-get install -y ${missing[*]}) or run as root"
		exit 1
	fi
	say "installing ${missing[*]} from Debian's packages (about a minute)"
	export DEBIAN_FRONTEND=noninteractive
	# Package scripts must not start the system services: we run our own instances.
	policy=/usr/sbin/policy-rc.d
	created_policy=0
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created_policy=1
	fi
	trap '[ "$created_policy" = 1 ] && rm -f "$policy"' EXIT
	say "apt-get update"
	apt-get update -q >/dev/null 2>&1 || say "apt-get update failed; trying the package lists as they are"
	apt-get install -y -q --no-install-recommends "${missing[@]}" 2>&1 |
		grep -E '^(Setting up|Unpacking|E:)' | sed 's/^/[install-queue] /' >&2
	say "installed"
fi

command -v redis-server >/dev/null && command -v haproxy >/dev/null && [ -x "$(pg_bin)/postgres" ] || {
	say "redis-server, haproxy or postgres is still missing"
	exit 1
}
echo "REDIS_SERVER=$(command -v redis-server)"
echo "HAPROXY=$(command -v haproxy)"
echo "PG_BIN=$(pg_bin)"
