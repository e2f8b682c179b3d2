// @ts-check
'use strict';
/**
 * Query strings as Deepgram reads them: repeated keys kept in order (tag=a&tag=b), '+' is a space,
 * %XX decoded as UTF-8. URLSearchParams would do most of this but silently keeps malformed
 * escapes, which Deepgram rejects.
 */

/**
 * @param {string} raw  the query without '?'
 * @returns {Array<[string, string]>}
 * @throws {URIError} on a malformed escape
 */
function parseQuery(raw) {
	/** @type {Array<[string, string]>} */
	const pairs = [];
	if (!raw) return pairs;
	for (const part of raw.split('&')) {
		if (part === '') continue;
		const eq = part.indexOf('=');
		const k = eq === -1 ? part : part.slice(0, eq);
		const v = eq === -1 ? '' : part.slice(eq + 1);
		pairs.push([decode(k), decode(v)]);
	}
	return pairs;
}

/** @param {string} s */
function decode(s) {
	return decodeURIComponent(s.replace(/\+/g, ' '));
}

/** Wraps the pairs with the look-ups handlers need. */
class Query {
	/** @param {Array<[string, string]>} pairs */
	constructor(pairs) {
		this.pairs = pairs;
	}
	/** @param {string} key */
	all(key) {
		return this.pairs.filter(([k]) => k === key).map(([, v]) => v);
	}
	/** Last value wins for a non-repeatable key. @param {string} key */
	get(key) {
		const values = this.all(key);
		return values.length ? values[values.length - 1] : undefined;
	}
	/** @param {string} key */
	has(key) {
		return this.pairs.some(([k]) => k === key);
	}
	keys() {
		return [...new Set(this.pairs.map(([k]) => k))];
	}
}

module.exports = { parseQuery, Query };
