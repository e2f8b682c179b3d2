// @ts-check
'use strict';
/**
 * `start`/`end` of the management API: `YYYY-MM-DD` (an end date covers that whole UTC day) or an
 * ISO datetime (inclusive instant). Default: the last 30 days, i.e. from the UTC day 30 days
 * before now() through the end of today.
 */
const { HttpError, legacy } = require('./errors');

const DAY_MS = 86400000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * @typedef {object} Range
 * @property {number} startMs       inclusive
 * @property {number} endMs         exclusive
 * @property {string} startLabel    echoed in responses
 * @property {string} endLabel
 */

/** @param {number} ms */
const dayOf = (ms) => new Date(ms).toISOString().slice(0, 10);

/**
 * @param {string} value
 * @param {'start' | 'end'} which
 * @returns {{ ms: number, label: string }}
 */
function parseBound(value, which) {
	if (DATE_RE.test(value)) {
		const ms = Date.parse(`${value}T00:00:00Z`);
		if (Number.isNaN(ms) || dayOf(ms) !== value) throw invalid(which, value);
		return { ms: which === 'end' ? ms + DAY_MS : ms, label: value };
	}
	// A datetime needs a time part; Date.parse alone would take "March 3" and the like.
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) throw invalid(which, value);
	const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(value);
	const ms = Date.parse(hasZone ? value : `${value}Z`); // no zone: UTC, as the docs say
	if (Number.isNaN(ms)) throw invalid(which, value);
	return { ms: which === 'end' ? ms + 1 : ms, label: new Date(ms).toISOString() };
}

/** @param {string} which @param {string} value */
function invalid(which, value) {
	return new HttpError(400, legacy('INVALID_QUERY_PARAMETER', `Failed to deserialize query parameters: ${which}: invalid date \`${value}\``));
}

/**
 * @param {import('./query').Query} q
 * @param {Date} now
 * @returns {Range}
 */
function parseRange(q, now) {
	const s = q.get('start');
	const e = q.get('end');
	const today = dayOf(now.getTime());
	const start = s ? parseBound(s, 'start') : parseBound(dayOf(now.getTime() - 30 * DAY_MS), 'start');
	const end = e ? parseBound(e, 'end') : parseBound(today, 'end');
	return { startMs: start.ms, endMs: end.ms, startLabel: start.label, endLabel: end.label };
}

/**
 * The UTC days a range touches, as YYYY-MM-DD.
 * @param {Range} r
 */
function daysOf(r) {
	const days = [];
	for (let d = Date.parse(`${dayOf(r.startMs)}T00:00:00Z`); d < r.endMs; d += DAY_MS) days.push(dayOf(d));
	return days;
}

module.exports = { parseRange, daysOf, dayOf, DAY_MS };
