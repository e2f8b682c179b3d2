// @ts-check
'use strict';
/**
 * Usage and billing (deepgram-api.md §6), always computed from state.served:
 *   GET …/usage, …/usage/fields, …/usage/breakdown, …/billing/breakdown
 * Only succeeded, finished records count. hours = audio hours; total_hours = audio hours × the
 * channels processed; dollars = the records' usd. Several `tag` params keep records carrying any
 * of them.
 */
const { BOOL_PARAMS } = require('./listen-options');
const { projectAccess, badQuery } = require('./management');
const { parseRange, daysOf, dayOf } = require('./dates');

const RESOLUTION = { units: 'day', amount: 1 };
/** Feature filters of /usage and /usage/breakdown (`true` includes, `false` excludes). */
const FEATURE_FILTERS = [
	...BOOL_PARAMS.filter((n) => n !== 'mip_opt_out'),
	'detect_language', 'summarize', 'callback', 'callback_method', 'extra', 'redact', 'search',
	'replace', 'keywords', 'keyterm', 'custom_topic', 'custom_intent',
];
const USAGE_GROUPINGS = ['accessor', 'endpoint', 'feature_set', 'models', 'method', 'tags', 'deployment'];
const BILLING_GROUPINGS = ['accessor', 'deployment', 'line_item', 'tags'];

/** @typedef {import('./types').ServedRecord} ServedRecord */

/**
 * Billing line item of a record. [I]
 * @param {ServedRecord} r
 */
const lineItem = (r) =>
	r.endpoint === 'listen' ? `prerecorded::${r.modelInfo[0]?.arch ?? 'unknown'}` : `${r.endpoint === 'speak' ? 'tts' : 'read'}::${r.modelInfo[0]?.name ?? 'unknown'}`;

/**
 * @param {import('./context').Ctx} ctx
 * @param {string[]} segs  path segments after /v1
 * @returns {boolean} false when no usage route matched
 */
function handleUsage(ctx, segs) {
	if (segs[0] !== 'projects' || segs.length < 3) return false;
	const route = segs.slice(2).join('/');
	if (!['usage', 'usage/fields', 'usage/breakdown', 'billing/breakdown'].includes(route)) return false;
	const key = ctx.authenticate();
	const project = projectAccess(ctx, key, segs[1], route.startsWith('billing') ? 'billing:read' : 'usage:read');
	const q = ctx.q();
	const range = parseRange(q, ctx.state.config.now());
	const inRange = ctx.state.served.filter((r) =>
		r.project_uuid === project.project_id && r.code !== undefined && r.code < 300 &&
		r.createdMs >= range.startMs && r.createdMs < range.endMs);
	const head = { start: range.startLabel, end: range.endLabel, resolution: RESOLUTION };

	if (route === 'usage/fields') {
		ctx.send(200, fields(inRange));
	} else if (route === 'usage') {
		const records = filterUsage(inRange, q);
		const results = daysOf(range).map((day) => {
			const { hours, total_hours, requests } = totals(records.filter((r) => dayOf(r.createdMs) === day));
			return { start: day, end: day, hours, total_hours, requests };
		});
		ctx.send(200, { ...head, results });
	} else if (route === 'usage/breakdown') {
		const groupings = groupingParams(q, USAGE_GROUPINGS);
		const records = filterUsage(inRange, q);
		/** @type {import('./sdk-types').UsageBreakdownAnswer} */
		const answer = {
			...head,
			results: groupBy(records, groupings, usageGroupValue).map(({ values, members }) => ({
				...totals(members),
				grouping: {
					start: range.startLabel, end: range.endLabel,
					accessor: null, endpoint: null, feature_set: null, models: null, method: null, tags: null, deployment: null,
					...values,
				},
			})),
		};
		ctx.send(200, answer);
	} else {
		const groupings = groupingParams(q, BILLING_GROUPINGS);
		const tags = q.all('tag');
		const records = inRange.filter((r) =>
			(tags.length === 0 || r.tags.some((t) => tags.includes(t))) &&
			eq(q.get('accessor'), r.api_key_id) && eq(q.get('deployment'), r.deployment) && eq(q.get('line_item'), lineItem(r)));
		/** @type {import('./sdk-types').BillingBreakdownAnswer} */
		const answer = {
			...head,
			results: groupBy(records, groupings, billingGroupValue).map(({ values, members }) => ({
				dollars: members.reduce((a, r) => a + r.usd, 0),
				grouping: { start: range.startLabel, end: range.endLabel, accessor: null, deployment: null, line_item: null, tags: null, ...values },
			})),
		};
		ctx.send(200, answer);
	}
	return true;
}

/** @param {string | undefined} wanted @param {string} actual */
const eq = (wanted, actual) => wanted === undefined || wanted === actual;

/**
 * Every measure of a usage breakdown row. Voice Agent sessions are not emulated: agent_hours 0.
 * @param {ServedRecord[]} records
 */
function totals(records) {
	const sum = (/** @type {(r: ServedRecord) => number} */ of) => records.reduce((a, r) => a + of(r), 0);
	return {
		hours: sum((r) => r.duration) / 3600,
		total_hours: sum((r) => r.duration * r.channels) / 3600,
		agent_hours: 0,
		tokens_in: sum((r) => r.tokensIn),
		tokens_out: sum((r) => r.tokensOut),
		tts_characters: sum((r) => r.ttsCharacters),
		requests: records.length,
	};
}

/**
 * The /usage and /usage/breakdown filters: tag (any of), method, model (uuid, name or the
 * requested model), endpoint, accessor, deployment, and feature filters (true ones OR together,
 * false ones AND together).
 * @param {ServedRecord[]} records
 * @param {import('./query').Query} q
 */
function filterUsage(records, q) {
	const tags = q.all('tag');
	const model = q.get('model');
	const wantTrue = FEATURE_FILTERS.filter((f) => q.get(f) === 'true');
	const wantFalse = FEATURE_FILTERS.filter((f) => q.get(f) === 'false');
	return records.filter((r) =>
		(tags.length === 0 || r.tags.some((t) => tags.includes(t))) &&
		eq(q.get('method'), r.method) &&
		eq(q.get('endpoint'), r.endpoint) &&
		eq(q.get('accessor'), r.api_key_id) &&
		eq(q.get('deployment'), r.deployment) &&
		(model === undefined || r.models.includes(model) || r.modelInfo.some((m) => m.name === model) || r.config.model === model) &&
		(wantTrue.length === 0 || wantTrue.some((f) => r.filterFeatures.includes(f))) &&
		wantFalse.every((f) => !r.filterFeatures.includes(f)));
}

/** @param {ServedRecord[]} records */
function fields(records) {
	const uniq = (/** @type {string[]} */ xs) => [...new Set(xs)].sort();
	/** @type {Map<string, { name: string, language: string, version: string, model_id: string }>} */
	const models = new Map();
	for (const r of records) {
		for (const m of r.modelInfo) models.set(m.model_id, { name: m.name, language: m.language, version: m.version, model_id: m.model_id });
	}
	return {
		tags: uniq(records.flatMap((r) => r.tags)),
		models: [...models.values()].sort((a, b) => a.name.localeCompare(b.name)),
		processing_methods: uniq(records.map((r) => r.method)),
		features: uniq(records.flatMap((r) => r.features)),
		languages: uniq(records.map((r) => r.language)),
	};
}

/**
 * @param {import('./query').Query} q
 * @param {string[]} allowed
 */
function groupingParams(q, allowed) {
	const gs = q.all('grouping');
	for (const g of gs) {
		if (!allowed.includes(g)) throw badQuery('grouping', `unknown variant \`${g}\`, expected one of ${allowed.map((a) => `\`${a}\``).join(', ')}`);
	}
	return [...new Set(gs)];
}

/** @param {ServedRecord} r @param {string} g */
function usageGroupValue(r, g) {
	switch (g) {
		case 'accessor': return r.api_key_id;
		case 'endpoint': return r.endpoint;
		case 'feature_set': return [...r.features].sort();
		case 'models': return [...r.models].sort();
		case 'method': return r.method;
		case 'tags': return [...r.tags].sort(); // the exact tag set: one group per combination
		default: return r.deployment;
	}
}

/** @param {ServedRecord} r @param {string} g */
function billingGroupValue(r, g) {
	switch (g) {
		case 'accessor': return r.api_key_id;
		case 'line_item': return lineItem(r);
		case 'tags': return [...r.tags].sort();
		default: return r.deployment;
	}
}

/**
 * Groups records by the values of the groupings; without groupings, one group of them all (even
 * when empty). Groups come out sorted by their values.
 * @param {ServedRecord[]} records
 * @param {string[]} groupings
 * @param {(r: ServedRecord, g: string) => unknown} valueOf
 */
function groupBy(records, groupings, valueOf) {
	if (groupings.length === 0) return [{ values: {}, members: records }];
	/** @type {Map<string, { values: Record<string, unknown>, members: ServedRecord[] }>} */
	const groups = new Map();
	for (const r of records) {
		/** @type {Record<string, unknown>} */
		const values = {};
		for (const g of groupings) values[g] = valueOf(r, g);
		const k = JSON.stringify(values);
		const group = groups.get(k) ?? { values, members: [] };
		group.members.push(r);
		groups.set(k, group);
	}
	return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}

module.exports = { handleUsage };
