// @ts-check
'use strict';
/**
 * The request list moving under a client that pages through it: new served records appear once a
 * chosen page of GET …/requests has been answered, as when requests reach Deepgram meanwhile
 * (newest first, so every later page repeats records the client has already read).
 */
const { randomUUID } = require('crypto');
const { resolveModel } = require('./models');
const { servedRecord } = require('./records');

/**
 * @param {import('./store').State} state
 * @param {import('./types').ListingShift} spec
 */
function addListingShift(state, spec) {
	if (!Number.isInteger(spec.afterPage) || spec.afterPage < 0) throw new TypeError('a listing shift needs afterPage >= 0');
	if (!Number.isInteger(spec.count) || spec.count < 1) throw new TypeError('a listing shift needs count >= 1');
	state.shifts.push({ ...spec, done: false });
}

/**
 * Called after a page of GET …/requests was sent: inserts the records of every shift due.
 * @param {import('./store').State} state
 * @param {string} projectId
 * @param {number} page
 */
function afterListingPage(state, projectId, page) {
	for (const shift of state.shifts) {
		if (shift.done || (shift.projectId ?? projectId) !== projectId) continue;
		if (shift.everyPage ? page < shift.afterPage : page !== shift.afterPage) continue;
		if (!shift.everyPage) shift.done = true;
		for (let i = 0; i < shift.count; i++) state.served.push(insertedRecord(state, projectId, shift));
	}
}

/**
 * A succeeded synchronous request of one second, made with the project's first key.
 * @param {import('./store').State} state
 * @param {string} projectId
 * @param {import('./types').ListingShift} shift
 * @returns {import('./types').ServedRecord}
 */
function insertedRecord(state, projectId, shift) {
	const created = shift.created ? new Date(shift.created) : state.config.now();
	const key = state.config.keys.find((k) => k.projectId === projectId);
	const tags = [...(shift.tags ?? [])];
	const model = resolveModel(state.config.defaultModel, 'en');
	const path = `/v1/listen${tags.length ? `?${tags.map((t) => `tag=${encodeURIComponent(t)}`).join('&')}` : ''}`;
	return servedRecord(
		{ path, key: { id: key?.id ?? 'inserted', projectId }, requestId: randomUUID(), createdAt: created, model },
		{
			completed: created.toISOString(),
			code: 200,
			method: 'sync',
			endpoint: 'listen',
			tags,
			duration: 1,
			channels: 1,
			usd: state.config.pricePerHour / 3600,
			filterFeatures: tags.length ? ['tag'] : [],
			language: 'en',
			config: tags.length ? { tag: tags } : {},
		},
	);
}

module.exports = { addListingShift, afterListingPage };
