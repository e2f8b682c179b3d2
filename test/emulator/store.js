// @ts-check
'use strict';
/**
 * The emulator's state: normalized options, logs, served records, faults, concurrency slots and
 * cancellable timers (so stop()/reset() leave nothing running).
 */
const { EventEmitter } = require('events');

/** @type {import('./types').KeySpec} */
const DEFAULT_KEY = {
	key: 'dg-key-1',
	id: 'key-id-1',
	projectId: 'proj-1',
	tags: ['keytag'],
	scopes: ['member', 'usage:read', 'billing:read'],
	email: 'dev@example.com',
};

/**
 * @param {import('./types').EmulatorOptions} o
 * @param {string} startedAt  ISO; default `created` of keys
 * @returns {import('./types').Config}
 */
function normalizeConfig(o, startedAt) {
	const keys = (o.keys ?? [DEFAULT_KEY]).map((k, i) => {
		const id = k.id ?? `key-id-${i + 1}`;
		return {
			key: k.key,
			id,
			projectId: k.projectId ?? 'proj-1',
			tags: [...(k.tags ?? [])],
			scopes: [...(k.scopes ?? ['member', 'usage:read', 'billing:read'])],
			email: k.email ?? 'dev@example.com',
			comment: k.comment ?? `Emulator key ${id}`,
			created: k.created ?? startedAt,
		};
	});
	const projects = o.projects
		? o.projects.map((p) => ({ ...p }))
		: [...new Set(keys.map((k) => k.projectId))].map((id, i) => ({
			project_id: id,
			name: i === 0 ? 'Emulated project' : `Emulated project ${id}`,
		}));
	return {
		keys,
		projects,
		transcripts: { ...(o.transcripts ?? {}) },
		defaultTranscript: o.defaultTranscript ?? 'hello from the deepgram emulator',
		urlAudio: { ...(o.urlAudio ?? {}) },
		fetchUrlBeforeAccept: o.fetchUrlBeforeAccept ?? false,
		latencyMs: o.latencyMs ?? 0,
		managementLatencyMs: o.managementLatencyMs ?? 0,
		concurrencyLimit: o.concurrencyLimit,
		retryAfterSeconds: o.retryAfterSeconds === undefined ? 1 : o.retryAfterSeconds,
		callbackDelayMs: o.callbackDelayMs ?? 20,
		callbackRetries: o.callbackRetries ?? 10,
		callbackRetriesIncludeFirst: o.callbackRetriesIncludeFirst ?? false,
		callbackRetryDelayMs: o.callbackRetryDelayMs ?? 30000,
		callbackTimeoutMs: o.callbackTimeoutMs ?? 10000,
		callbackSendDgToken: o.callbackSendDgToken ?? true,
		allowedCallbackPorts: o.allowedCallbackPorts === undefined ? [80, 443, 8080, 8443] : o.allowedCallbackPorts,
		pricePerHour: o.pricePerHour ?? 0.258,
		// Aura-2's list price, $0.030 per 1,000 characters; the token price is the emulator's. [I]
		pricePerTtsCharacter: o.pricePerTtsCharacter ?? 0.00003,
		pricePerToken: o.pricePerToken ?? 0.000001,
		recordShape: o.recordShape ?? 'sdk',
		recordCallbackCredentials: o.recordCallbackCredentials ?? false,
		defaultModel: o.defaultModel ?? 'base',
		maxBodyBytes: o.maxBodyBytes ?? 2 * 1024 ** 3,
		now: o.now ?? (() => new Date()),
	};
}

class State {
	/** @param {import('./types').EmulatorOptions} options */
	constructor(options) {
		this.startedAt = (options.now ?? (() => new Date()))().toISOString();
		/** @type {import('./types').EmulatorOptions} */
		this.options = { ...options };
		this.config = normalizeConfig(this.options, this.startedAt);
		/** @type {import('./types').RequestLogEntry[]} */
		this.requests = [];
		/** @type {import('./types').ServedRecord[]} */
		this.served = [];
		/** @type {import('./types').CallbackAttempt[]} */
		this.callbacks = [];
		/** @type {Array<import('./types').FaultSpec & { remaining: number }>} */
		this.faults = [];
		/** @type {Array<import('./types').ListingShift & { done: boolean }>} */
		this.shifts = [];
		/** Active listen requests per project (request ids), for the concurrency limit. */
		/** @type {Map<string, Set<string>>} */
		this.active = new Map();
		/** Management calls being answered now (their log entries say how many at their arrival). */
		this.managementInFlight = 0;
		/** @type {Map<NodeJS.Timeout, () => void>} */
		this.timers = new Map();
		/** In-flight callback deliveries, destroyed on stop. */
		/** @type {Set<import('http').ClientRequest>} */
		this.outgoing = new Set();
		this.events = new EventEmitter();
		this.events.setMaxListeners(0);
		this.stopped = false;
		/** Bumped by reset(): work started before it must not touch the new logs. */
		this.generation = 0;
	}

	/** @param {import('./types').EmulatorOptions} options */
	configure(options) {
		this.options = { ...this.options, ...options };
		this.config = normalizeConfig(this.options, this.startedAt);
	}

	/** @param {string} secret */
	findKey(secret) {
		return this.config.keys.find((k) => k.key === secret);
	}

	/**
	 * Resolves after `ms`; never resolves if reset()/stop() cancels it first, which abandons the
	 * async job waiting on it.
	 * @param {number} ms
	 * @returns {Promise<void>}
	 */
	sleep(ms) {
		if (this.stopped) return new Promise(() => {});
		return new Promise((resolve) => {
			const t = setTimeout(() => {
				this.timers.delete(t);
				resolve();
			}, Math.max(0, ms));
			this.timers.set(t, resolve);
		});
	}

	cancelTimers() {
		for (const t of this.timers.keys()) clearTimeout(t);
		this.timers.clear();
	}

	/**
	 * Takes a concurrency slot for a listen request; false when the project is at its limit.
	 * @param {string} projectId
	 * @param {string} requestId
	 */
	acquire(projectId, requestId) {
		const set = this.active.get(projectId) ?? new Set();
		this.active.set(projectId, set);
		const limit = this.config.concurrencyLimit;
		if (limit !== undefined && set.size >= limit) return false;
		set.add(requestId);
		return true;
	}

	/** @param {string} projectId @param {string} requestId */
	release(projectId, requestId) {
		this.active.get(projectId)?.delete(requestId);
	}

	reset() {
		this.generation++;
		this.cancelTimers();
		for (const r of this.outgoing) r.destroy();
		this.outgoing.clear();
		this.requests.length = 0;
		this.served.length = 0;
		this.callbacks.length = 0;
		this.faults.length = 0;
		this.shifts.length = 0;
		this.active.clear();
	}
}

module.exports = { State, normalizeConfig, DEFAULT_KEY };
