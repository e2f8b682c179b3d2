// @ts-check
'use strict';
/**
 * Management API (deepgram-api.md §6): projects, keys, `auth/token` and request records.
 * Usage and billing live in usage.js; both use `projectAccess` for the 404/403 rules.
 */
const { HttpError, legacy, modern, MSG } = require('./errors');
const { renderRecord } = require('./records');
const { parseRange } = require('./dates');
const { uuidFrom } = require('./models');
const { afterListingPage } = require('./shift');

/**
 * Owners and admins hold every scope; other keys need the scope itself. [I]
 * @param {import('./types').Key} key
 * @param {string} scope
 */
function hasScope(key, scope) {
	return key.scopes.includes(scope) || key.scopes.includes('owner') || key.scopes.includes('admin');
}

/**
 * The checks every /v1/projects/{id}/… path makes, in order: malformed id (404 text), unknown
 * project (404 without request_id), a project the key is not in (403), a missing scope (403).
 * @param {import('./context').Ctx} ctx
 * @param {import('./types').Key} key
 * @param {string} rawId  the path segment
 * @param {string} [scope]
 */
function projectAccess(ctx, key, rawId, scope) {
	let id = rawId;
	try {
		id = decodeURIComponent(rawId);
	} catch {
		// keep it raw; the character check below rejects the '%'
	}
	const bad = /[^A-Za-z0-9-]/.exec(id);
	if (bad) {
		// Deepgram parses the id as a UUID; its error text comes from the uuid crate. ids here may
		// be any [A-Za-z0-9-] string so that tests can use readable ones like 'proj-1'.
		throw new HttpError(404, `UUID parsing failed: invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${bad[0]}\` at ${bad.index + 1}`);
	}
	const project = ctx.state.config.projects.find((p) => p.project_id === id);
	if (!project) throw new HttpError(404, legacy('PROJECT_NOT_FOUND', 'Project not found.', null));
	if (key.projectId !== id) {
		throw new HttpError(403, modern('INSUFFICIENT_PERMISSIONS', 'User does not have sufficient permissions.', `API key ${key.id} does not belong to project ${id}.`)); // [I]
	}
	if (scope && !hasScope(key, scope)) {
		throw new HttpError(403, modern('INSUFFICIENT_PERMISSIONS', MSG.scope, `Missing scope: ${scope}`));
	}
	return project;
}

/**
 * @param {import('./context').Ctx} ctx
 * @param {string[]} segs  path segments after /v1
 * @returns {boolean} false when no management route matched
 */
function handleManagement(ctx, segs) {
	const key = ctx.authenticate();
	const { state } = ctx;
	if (segs[0] === 'auth' && segs[1] === 'token' && segs.length === 2) {
		ctx.send(200, { api_key_id: key.id, scopes: key.scopes, created: key.created });
		return true;
	}
	if (segs[0] !== 'projects') return false;
	if (segs.length === 1) {
		const projects = state.config.projects.filter((p) => p.project_id === key.projectId);
		ctx.send(200, { projects: projects.map((p) => ({ project_id: p.project_id, name: p.name })) });
		return true;
	}
	if (segs.length === 2) {
		const p = projectAccess(ctx, key, segs[1]);
		ctx.send(200, { project_id: p.project_id, name: p.name, mip_opt_out: false });
		return true;
	}
	if (segs[2] === 'keys' && segs.length === 3) {
		const p = projectAccess(ctx, key, segs[1]);
		const api_keys = state.config.keys
			.filter((k) => k.projectId === p.project_id)
			.map((k) => ({
				member: { member_id: uuidFrom(`member:${k.email}`), email: k.email, first_name: k.email.split('@')[0], last_name: '' },
				api_key: { api_key_id: k.id, comment: k.comment, scopes: k.scopes, tags: k.tags, created: k.created },
			}));
		ctx.send(200, { api_keys });
		return true;
	}
	if (segs[2] === 'requests' && segs.length === 3) {
		const p = projectAccess(ctx, key, segs[1], 'usage:read');
		listRequests(ctx, p.project_id);
		return true;
	}
	if (segs[2] === 'requests' && segs.length === 4) {
		const p = projectAccess(ctx, key, segs[1], 'usage:read');
		const r = state.served.find((x) => x.project_uuid === p.project_id && x.request_id === segs[3]);
		if (!r) throw new HttpError(404, legacy('NOT_FOUND', 'Request not found.')); // [I]
		const rendered = renderRecord(r, state.config.recordShape);
		ctx.send(200, state.config.recordShape === 'spec' ? { request: rendered } : rendered);
		return true;
	}
	return false;
}

/** @param {string} name @param {string} msg */
const badQuery = (name, msg) => new HttpError(400, legacy('INVALID_QUERY_PARAMETER', `Failed to deserialize query parameters: ${name}: ${msg}`));

/**
 * @param {string | undefined} raw
 * @param {string} name
 * @param {number} dflt
 * @param {number} min
 * @param {number} max
 */
function intParam(raw, name, dflt, min, max) {
	if (raw === undefined) return dflt;
	if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw badQuery(name, `expected an integer from ${min} to ${max}, got \`${raw}\``);
	return Number(raw);
}

/**
 * @param {string | undefined} raw
 * @param {string} name
 * @param {string[]} allowed
 */
function enumParam(raw, name, allowed) {
	if (raw !== undefined && !allowed.includes(raw)) {
		throw badQuery(name, `unknown variant \`${raw}\`, expected one of ${allowed.map((a) => `\`${a}\``).join(', ')}`);
	}
	return raw;
}

/**
 * GET …/requests: filters, newest first, 0-based pages. There is no tag filter (as in Deepgram).
 * @param {import('./context').Ctx} ctx
 * @param {string} projectId
 */
function listRequests(ctx, projectId) {
	const { state } = ctx;
	const q = ctx.q();
	const range = parseRange(q, state.config.now());
	const limit = intParam(q.get('limit'), 'limit', 10, 1, 1000);
	const page = intParam(q.get('page'), 'page', 0, 0, Number.MAX_SAFE_INTEGER);
	const status = enumParam(q.get('status'), 'status', ['succeeded', 'failed']);
	const method = enumParam(q.get('method'), 'method', ['sync', 'async', 'streaming']);
	const endpoint = enumParam(q.get('endpoint'), 'endpoint', ['listen', 'read', 'speak', 'agent']);
	const deployment = enumParam(q.get('deployment'), 'deployment', ['hosted', 'beta', 'self-hosted']);
	const requestId = q.get('request_id');
	const accessor = q.get('accessor');
	const matching = state.served
		.map((r, i) => ({ r, i }))
		.filter(({ r }) =>
			r.project_uuid === projectId &&
			r.createdMs >= range.startMs && r.createdMs < range.endMs &&
			(status === undefined || (status === 'succeeded' ? r.code !== undefined && r.code < 300 : r.code !== undefined && r.code >= 400)) &&
			(method === undefined || r.method === method) &&
			(endpoint === undefined || r.endpoint === endpoint) &&
			(deployment === undefined || r.deployment === deployment) &&
			(requestId === undefined || r.request_id === requestId) &&
			(accessor === undefined || r.api_key_id === accessor))
		// Newest first; records with the same time (a fixed test clock) by arrival, newest first.
		.sort((a, b) => b.r.createdMs - a.r.createdMs || b.i - a.i)
		.map(({ r }) => r);
	const requests = matching.slice(page * limit, page * limit + limit).map((r) => renderRecord(r, state.config.recordShape));
	ctx.send(200, { page, limit, requests });
	afterListingPage(state, projectId, page);
}

module.exports = { handleManagement, projectAccess, badQuery };
