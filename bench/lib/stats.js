// @ts-check
'use strict';
/** Summaries of repeated measurements. */

/**
 * Nearest-rank quantile of already sorted numbers (q in [0, 1]).
 * @param {number[]} sorted
 * @param {number} q
 */
function quantile(sorted, q) {
	if (sorted.length === 0) return NaN;
	const rank = Math.ceil(q * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** @param {number[]} values */
function sorted(values) {
	return [...values].sort((a, b) => a - b);
}

/**
 * @param {number[]} values
 * @returns {{ min: number, median: number, max: number, n: number }}
 */
function summary(values) {
	const s = sorted(values);
	return { min: s[0] ?? NaN, median: quantile(s, 0.5), max: s[s.length - 1] ?? NaN, n: s.length };
}

/**
 * @param {number[]} values
 * @returns {{ p50: number, p95: number, mean: number }}
 */
function distribution(values) {
	const s = sorted(values);
	return { p50: quantile(s, 0.5), p95: quantile(s, 0.95), mean: s.reduce((a, b) => a + b, 0) / (s.length || 1) };
}

module.exports = { quantile, summary, distribution };
