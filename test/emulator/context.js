// @ts-check
'use strict';
/** One HTTP exchange: the parsed request, its log entry, body reading, auth and answering. */
const { HttpError, legacy, MSG } = require('./errors');
const { consumeBody } = require('./body');
const { parseQuery, Query } = require('./query');

class Ctx {
	/**
	 * @param {import('./store').State} state
	 * @param {import('http').IncomingMessage} req
	 * @param {import('http').ServerResponse} res
	 */
	constructor(state, req, res) {
		this.state = state;
		this.req = req;
		this.res = res;
		this.generation = state.generation;
		const url = req.url ?? '/';
		const q = url.indexOf('?');
		this.path = q === -1 ? url : url.slice(0, q);
		this.rawQuery = q === -1 ? '' : url.slice(q + 1);
		/** @type {URIError | undefined} */
		this.queryError = undefined;
		/** @type {Array<[string, string]>} */
		let pairs = [];
		try {
			pairs = parseQuery(this.rawQuery);
		} catch (err) {
			this.queryError = /** @type {URIError} */ (err);
		}
		this.query = new Query(pairs);
		/** @type {import('./types').RequestLogEntry} */
		this.entry = {
			method: req.method ?? 'GET',
			path: this.path,
			query: pairs,
			rawQuery: this.rawQuery,
			headers: { ...req.headers },
			bodyBytes: 0,
			bodySha256: undefined,
			json: undefined,
			status: undefined,
		};
		/** @type {Promise<import('./body').BodySummary> | undefined} */
		this.bodyPromise = undefined;
	}

	/** The path with its query as received (what records show). */
	get fullPath() {
		return this.rawQuery ? `${this.path}?${this.rawQuery}` : this.path;
	}

	get contentType() {
		return (this.req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	}

	get isJson() {
		const t = this.contentType;
		return t === 'application/json' || t.endsWith('+json');
	}

	/**
	 * Reads the body once (later calls get the same summary), keeping its first `keep` bytes.
	 * @param {number} keep
	 */
	readBody(keep) {
		if (!this.bodyPromise) {
			this.bodyPromise = consumeBody(this.req, keep).then((b) => {
				this.entry.bodyBytes = b.bytes;
				this.entry.bodySha256 = b.sha256;
				if (this.isJson && b.bytes > 0 && !b.truncated) {
					try {
						this.entry.json = JSON.parse(b.head.toString('utf8'));
					} catch {
						// not JSON: the listen handler answers for it
					}
				}
				return b;
			});
		}
		return this.bodyPromise;
	}

	/** The query, or 400 when it has a malformed %-escape. */
	q() {
		if (this.queryError) {
			throw new HttpError(400, legacy('INVALID_QUERY_PARAMETER', `Failed to deserialize query parameters: ${this.queryError.message}`));
		}
		return this.query;
	}

	/**
	 * The key of `Authorization: Token <key>`, or 401 INVALID_AUTH.
	 * @returns {import('./types').Key}
	 */
	authenticate() {
		const header = this.req.headers.authorization ?? '';
		const m = /^token\s+(\S+)\s*$/i.exec(header);
		const key = m ? this.state.findKey(m[1]) : undefined;
		if (!key) throw new HttpError(401, legacy('INVALID_AUTH', MSG.invalidAuth));
		return key;
	}

	/**
	 * @param {number} status
	 * @param {unknown} body  object -> JSON; string -> text/plain; undefined -> empty
	 * @param {Record<string, string>} [headers]
	 */
	send(status, body, headers = {}) {
		if (this.res.headersSent || this.res.destroyed) return;
		const isText = typeof body === 'string';
		const payload = body === undefined ? '' : isText ? body : JSON.stringify(body);
		const h = { ...headers };
		if (body !== undefined) h['content-type'] = isText ? 'text/plain; charset=utf-8' : 'application/json';
		h['content-length'] = String(Buffer.byteLength(payload));
		this.entry.status = status;
		this.res.writeHead(status, h);
		this.res.end(payload);
	}
}

module.exports = { Ctx };
