// @ts-check
'use strict';
/**
 * Why a target is missed, for RESULTS.md: causes found by measurement and reading the code,
 * with the run's own figures where they support the cause. Only shown for missed targets.
 */

/**
 * @param {string} id  a verdict id from report.js
 * @param {any} r      the run's results
 * @returns {string | undefined}
 */
function explain(id, r) {
	void r;
	switch (id) {
		default:
			return undefined;
	}
}

module.exports = { explain };
