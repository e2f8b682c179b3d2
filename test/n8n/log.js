// @ts-check
'use strict';
/** Reading n8n's log: its tail for error messages, and the lines that mean a node or credential failed to load. */

/**
 * The last `lines` lines of `text`.
 * @param {string} text
 * @param {number} [lines]
 */
function tail(text, lines = 40) {
	return text.split('\n').slice(-lines).join('\n');
}

/**
 * Splits a log into entries: a line plus the indented lines under it (a stack trace, a JSON dump).
 * @param {string} text
 * @returns {string[][]}
 */
function entries(text) {
	/** @type {string[][]} */
	const out = [];
	for (const line of text.split('\n')) {
		if (out.length > 0 && /^(\s+(at |\.\.\.|[}\])]|"|\w+:)|- \/|Require stack:)/.test(line)) out[out.length - 1].push(line);
		else out.push([line]);
	}
	return out;
}

/**
 * Offline noise: n8n calls its own services (version notifications, the MCP server registry,
 * templates, community-node listings) and logs the DNS failure, sometimes with a stack trace.
 */
const OFFLINE_NOISE = [
	/getaddrinfo (ENOTFOUND|EAI_AGAIN)/,
	/Error fetching from Strapi API/,
	/connect (ECONNREFUSED|ETIMEDOUT|ENETUNREACH) .*:443/,
];

/** What n8n (n8n-core's loaders, LoadNodesAndCredentials, the community-package scan) logs when a package, node or credential does not load. */
const LOAD_ERROR = [
	/Failed to load package/i,
	/Skipping package/i,
	/Class could not be found/i,
	/Failed to parse JSON/i,
	/Unrecognized (node|credential) type/i,
	/Error loading (node|credential|package)/i,
	/Node loader .* is already registered/i,
	/builderHint|is not contained within the package directory/i,
	/community (node|package).*(fail|error)/i,
];

/** Exceptions that are load errors when their stack runs through n8n's loaders or an installed package. */
const LOADER_EXCEPTION = /Cannot find module|is not a constructor|ERR_REQUIRE_ESM|SyntaxError|ReferenceError|TypeError/;
const LOADER_FRAME = /nodes-loader|load-nodes-and-credentials|\/\.n8n\/nodes\/|\/\.n8n\/custom\//;

/**
 * The lines of an n8n log that indicate a node or credential load error, leaving out the known
 * offline noise (`getaddrinfo ENOTFOUND` from n8n's own update/registry calls and the stack traces
 * under them).
 * @param {string} logText
 * @returns {string[]}
 */
function loadErrors(logText) {
	/** @type {string[]} */
	const found = [];
	let afterNoise = false;
	for (const entry of entries(logText)) {
		const text = entry.join('\n');
		if (OFFLINE_NOISE.some((re) => re.test(text))) {
			afterNoise = true;
			continue;
		}
		// "A system task run failed" follows an offline registry refresh; it is not a load error.
		if (afterNoise && /^A system task run failed/.test(entry[0])) continue;
		afterNoise = false;
		const isLoadError =
			LOAD_ERROR.some((re) => re.test(text)) || (LOADER_EXCEPTION.test(text) && LOADER_FRAME.test(text));
		if (isLoadError) found.push(entry[0].trim() || text.trim());
	}
	return found;
}

module.exports = { tail, loadErrors };
