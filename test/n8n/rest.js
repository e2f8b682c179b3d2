// @ts-check
'use strict';
/**
 * The bits of n8n 2.41's internal REST API the tests and `npm run dev` use: owner setup and login
 * (a session cookie), API keys for the public API, and the type listings the editor loads.
 */

/** @typedef {{ email: string, password: string, firstName: string, lastName: string }} Owner */
/** @typedef {Owner & { cookie: string }} OwnerSession */

/** A fixed owner for local instances (n8n wants 8+ characters, a digit and an upper-case letter). */
const DEFAULT_OWNER = Object.freeze({
	email: 'owner@deepgram-callback.test',
	password: 'Deepgram-n8n-1',
	firstName: 'Dev',
	lastName: 'Owner',
});

/**
 * Calls n8n and returns the parsed JSON body (n8n's REST wraps results as `{ data }`; that is
 * unwrapped). Throws with the status and body on a non-2xx answer.
 * @param {string} baseUrl
 * @param {string} method
 * @param {string} path
 * @param {{ body?: unknown, cookie?: string, apiKey?: string }} [options]
 * @returns {Promise<{ status: number, data: any, headers: Headers }>}
 */
async function request(baseUrl, method, path, { body, cookie, apiKey } = {}) {
	/** @type {Record<string, string>} */
	const headers = { accept: 'application/json' };
	if (body !== undefined) headers['content-type'] = 'application/json';
	if (cookie) headers.cookie = cookie;
	if (apiKey) headers['x-n8n-api-key'] = apiKey;
	const send = () =>
		fetch(new URL(path, baseUrl), {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
	/** @type {Response} */
	let res;
	try {
		res = await send();
	} catch (error) {
		// fetch reuses idle connections; n8n closes them after 5 s (a CLI import in between is
		// longer), and a request on one that just closed fails before n8n reads it. Once more.
		const code = /** @type {{ cause?: { code?: string } }} */ (error).cause?.code;
		if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET') {
			throw new Error(`${method} ${path}: ${/** @type {Error} */ (error).message}${code ? ` (${code})` : ''}`);
		}
		res = await send();
	}
	const text = await res.text();
	/** @type {any} */
	let parsed = text;
	try {
		parsed = text ? JSON.parse(text) : undefined;
	} catch {
		/* not JSON */
	}
	if (!res.ok) {
		const error = new Error(`${method} ${path} -> ${res.status}: ${text.slice(0, 500)}`);
		Object.assign(error, { status: res.status, body: parsed });
		throw error;
	}
	const data = parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed;
	return { status: res.status, data, headers: res.headers };
}

/**
 * The `n8n-auth` cookie from a response, as a `Cookie` header value.
 * @param {Headers} headers
 */
function authCookie(headers) {
	const cookie = headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.find((c) => c.startsWith('n8n-auth='));
	if (!cookie) throw new Error('n8n answered without an n8n-auth cookie');
	return cookie;
}

/**
 * Creates the instance owner (`POST /rest/owner/setup`) and returns the owner with a session
 * cookie. Fails if the instance already has an owner (use `ensureOwner` for that case).
 * @param {string} baseUrl
 * @param {Owner} [owner]
 * @returns {Promise<OwnerSession>}
 */
async function setupOwner(baseUrl, owner = DEFAULT_OWNER) {
	const { headers } = await request(baseUrl, 'POST', '/rest/owner/setup', { body: owner });
	return { ...owner, cookie: authCookie(headers) };
}

/**
 * Logs in (`POST /rest/login`) and returns a session cookie.
 * @param {string} baseUrl
 * @param {{ email: string, password: string }} user
 */
async function login(baseUrl, { email, password }) {
	const { headers } = await request(baseUrl, 'POST', '/rest/login', {
		body: { emailOrLdapLoginId: email, password },
	});
	return authCookie(headers);
}

/**
 * The owner's session on this instance: sets the owner up on a fresh instance, logs in on one that
 * already has it (a reused user folder).
 * @param {string} baseUrl
 * @param {Owner} [owner]
 * @returns {Promise<OwnerSession & { created: boolean }>}
 */
async function ensureOwner(baseUrl, owner = DEFAULT_OWNER) {
	try {
		return { ...(await setupOwner(baseUrl, owner)), created: true };
	} catch (error) {
		if (!/already setup/i.test(String(error && error.message))) throw error;
		return { ...owner, cookie: await login(baseUrl, owner), created: false };
	}
}

/**
 * Creates a public-API key for the logged-in user with every scope its role may grant
 * (`GET /rest/api-keys/scopes`, then `POST /rest/api-keys`). Use it as the `X-N8N-API-KEY` header
 * on `/api/v1/...`.
 * @param {string} baseUrl
 * @param {string} cookie
 * @param {string} [label]
 * @returns {Promise<string>}
 */
async function createApiKey(baseUrl, cookie, label = 'tests') {
	const { data: scopes } = await request(baseUrl, 'GET', '/rest/api-keys/scopes', { cookie });
	const { data } = await request(baseUrl, 'POST', '/rest/api-keys', {
		cookie,
		body: { label: `${label} ${Date.now()}`, scopes, expiresAt: null },
	});
	if (!data || typeof data.rawApiKey !== 'string') throw new Error(`unexpected api-key answer: ${JSON.stringify(data)}`);
	return data.rawApiKey;
}

/**
 * Every node type the editor gets (`GET /types/nodes.json`, needs a session): one entry per
 * node version, `name` like `n8n-nodes-deepgram-callback.deepgram`.
 * @param {string} baseUrl
 * @param {string} cookie
 * @returns {Promise<Array<{ name: string, displayName: string, version: number | number[] } & Record<string, unknown>>>}
 */
async function listNodeTypes(baseUrl, cookie) {
	return (await request(baseUrl, 'GET', '/types/nodes.json', { cookie })).data;
}

/**
 * Every credential type (`GET /types/credentials.json`, needs a session). Credential type names
 * are not package-prefixed: ours is `deepgramApi`.
 * @param {string} baseUrl
 * @param {string} cookie
 * @returns {Promise<Array<{ name: string, displayName: string, properties: Array<{ name: string }> } & Record<string, unknown>>>}
 */
async function listCredentialTypes(baseUrl, cookie) {
	return (await request(baseUrl, 'GET', '/types/credentials.json', { cookie })).data;
}

/**
 * Publishes (activates) a workflow on a running instance: `GET /rest/workflows/:id` for its
 * current versionId, then `POST /rest/workflows/:id/activate`. (The CLI's `publish:workflow` only
 * takes effect after a restart.)
 * @param {string} baseUrl
 * @param {string} cookie
 * @param {string} id
 */
async function publishWorkflow(baseUrl, cookie, id) {
	const { data: workflow } = await request(baseUrl, 'GET', `/rest/workflows/${encodeURIComponent(id)}`, { cookie });
	const { data } = await request(baseUrl, 'POST', `/rest/workflows/${encodeURIComponent(id)}/activate`, {
		cookie,
		body: { versionId: workflow.versionId },
	});
	return data;
}

module.exports = {
	DEFAULT_OWNER,
	request,
	setupOwner,
	login,
	ensureOwner,
	createApiKey,
	listNodeTypes,
	listCredentialTypes,
	publishWorkflow,
};
