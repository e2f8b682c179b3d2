// @ts-check
'use strict';
/**
 * Shared JSDoc types of the Deepgram emulator. Nothing runs here; other files
 * import these with `import('./types').Name`.
 */

/**
 * An API key the emulator accepts. `key` is the secret sent as `Authorization: Token <key>`;
 * `id` is its api_key_id (what records, `GET /v1/auth/token` and the callback `dg-token` show).
 * @typedef {object} KeySpec
 * @property {string} key
 * @property {string} [id]
 * @property {string} [projectId]
 * @property {string[]} [tags]       key-level tags, merged into every request made with the key
 * @property {string[]} [scopes]
 * @property {string} [email]
 * @property {string} [comment]
 * @property {string} [created]      ISO time shown in the keys list; default: emulator start
 */

/**
 * @typedef {object} Key
 * @property {string} key
 * @property {string} id
 * @property {string} projectId
 * @property {string[]} tags
 * @property {string[]} scopes
 * @property {string} email
 * @property {string} comment
 * @property {string} created
 */

/** @typedef {{ project_id: string, name: string }} Project */

/**
 * Options of startEmulator (all optional) and of emu.configure.
 * @typedef {object} EmulatorOptions
 * @property {number} [port]                    0 = ephemeral; the host is always 127.0.0.1
 * @property {KeySpec[]} [keys]
 * @property {Project[]} [projects]             default: one per distinct key projectId
 * @property {Record<string, string>} [transcripts]  sha256 hex of the audio -> transcript text
 * @property {string} [defaultTranscript]
 * @property {Record<string, Buffer | string>} [urlAudio]  what a JSON {url} body "downloads"
 * @property {boolean} [fetchUrlBeforeAccept]   callback mode: fetch a {url} before the immediate reply, so an unreachable one is a 400 at once [I]
 * @property {number} [latencyMs]               processing time of a listen request
 * @property {number} [managementLatencyMs]     time each management call (projects, usage, billing, auth) takes before its answer
 * @property {number} [concurrencyLimit]        max concurrent /v1/listen per project (undefined = none)
 * @property {number | null} [retryAfterSeconds] Retry-After of the concurrency 429 (null = no header)
 * @property {number} [callbackDelayMs]
 * @property {number} [callbackRetries]         retries after the first failed delivery
 * @property {boolean} [callbackRetriesIncludeFirst] true: callbackRetries counts all deliveries
 * @property {number} [callbackRetryDelayMs]
 * @property {number} [callbackTimeoutMs]
 * @property {boolean} [callbackSendDgToken]    send the `dg-token` header (dropped as a verification method 2026-10-27)
 * @property {number[] | null} [allowedCallbackPorts]  null = any port
 * @property {number} [pricePerHour]
 * @property {number} [pricePerTtsCharacter]   /v1/speak, per character
 * @property {number} [pricePerToken]          /v1/read, per input or output token
 * @property {'sdk' | 'spec'} [recordShape]
 * @property {boolean} [recordCallbackCredentials]  records keep the callback URL's user info (default: stripped) [I]
 * @property {string} [defaultModel]
 * @property {number} [maxBodyBytes]            larger uploads get 413 (Deepgram's 2 GB limit)
 * @property {() => Date} [now]
 */

/**
 * @typedef {object} Config
 * @property {Key[]} keys
 * @property {Project[]} projects
 * @property {Record<string, string>} transcripts
 * @property {string} defaultTranscript
 * @property {Record<string, Buffer | string>} urlAudio
 * @property {boolean} fetchUrlBeforeAccept
 * @property {number} latencyMs
 * @property {number} managementLatencyMs
 * @property {number | undefined} concurrencyLimit
 * @property {number | null} retryAfterSeconds
 * @property {number} callbackDelayMs
 * @property {number} callbackRetries
 * @property {boolean} callbackRetriesIncludeFirst
 * @property {number} callbackRetryDelayMs
 * @property {number} callbackTimeoutMs
 * @property {boolean} callbackSendDgToken
 * @property {number[] | null} allowedCallbackPorts
 * @property {number} pricePerHour
 * @property {number} pricePerTtsCharacter
 * @property {number} pricePerToken
 * @property {'sdk' | 'spec'} recordShape
 * @property {boolean} recordCallbackCredentials
 * @property {string} defaultModel
 * @property {number} maxBodyBytes
 * @property {() => Date} now
 */

/**
 * One HTTP request the emulator received (emu.requests).
 * @typedef {object} RequestLogEntry
 * @property {string} method
 * @property {string} path                  path without the query string
 * @property {Array<[string, string]>} query decoded, repeated keys kept in order
 * @property {string} rawQuery              exactly as received (without '?')
 * @property {import('http').IncomingHttpHeaders} headers
 * @property {number} bodyBytes
 * @property {string | undefined} bodySha256
 * @property {unknown} json                 parsed JSON body, or undefined
 * @property {number | undefined} status    what the emulator answered (undefined: dropped / not yet)
 * @property {number} [managementInFlight]  management calls being answered when this one arrived, itself included
 */

/**
 * @typedef {object} ModelInfo
 * @property {string} model_id
 * @property {string} name
 * @property {string} version
 * @property {string} arch
 * @property {string} language
 */

/**
 * A served listen request (emu.served); the management API renders these.
 * @typedef {object} ServedRecord
 * @property {string} request_id
 * @property {string} project_uuid
 * @property {string} created          ISO, from now() at arrival
 * @property {number} createdMs
 * @property {string | undefined} completed
 * @property {string} path             '/v1/listen?' + the raw query
 * @property {string} api_key_id
 * @property {number | undefined} code  undefined while an async job is still processing
 * @property {string | undefined} message  err_msg of a failed request
 * @property {'sync' | 'async'} method
 * @property {'listen' | 'speak' | 'read'} endpoint
 * @property {'hosted'} deployment
 * @property {string[]} tags           request tags + key tags, deduplicated
 * @property {number} duration         seconds of audio (0 when failed)
 * @property {number} channels
 * @property {number} usd
 * @property {number} ttsCharacters  characters spoken (/v1/speak), 0 elsewhere
 * @property {number} tokensIn       Text Intelligence input tokens (/v1/read), 0 elsewhere
 * @property {number} tokensOut      Text Intelligence output tokens (/v1/read), 0 elsewhere
 * @property {string[]} features       boolean features set true (+ summarize), sorted
 * @property {string[]} filterFeatures features plus parameters usage feature filters know (callback, extra, …)
 * @property {string[]} models         model uuids
 * @property {ModelInfo[]} modelInfo
 * @property {string} language
 * @property {Record<string, unknown>} config  the query parameters, typed
 * @property {string | undefined} callbackUrl   credentials stripped unless recordCallbackCredentials
 * @property {{ attempts: number, code: number | undefined, completed: string | undefined } | null} callback
 * @property {unknown} result          the JSON answered or delivered
 */

/**
 * One callback delivery attempt (emu.callbacks).
 * @typedef {object} CallbackAttempt
 * @property {string} requestId
 * @property {number} attempt          1-based
 * @property {string} url              credentials stripped
 * @property {string} method
 * @property {Record<string, string>} headers  as sent
 * @property {unknown} body
 * @property {number | undefined} status
 * @property {string | undefined} error
 * @property {Date} at
 */

/**
 * The request list moving while a client pages through it (emu.shiftListing).
 * @typedef {object} ListingShift
 * @property {number} afterPage     insert once this page (0-based) of GET …/requests has been answered
 * @property {number} count         records inserted each time
 * @property {boolean} [everyPage]  insert again after every later page too: a list that never settles
 * @property {string[]} [tags]      the inserted records' tags (default: none)
 * @property {string} [created]     their ISO time; default now(), i.e. requests arriving meanwhile
 * @property {string} [projectId]   default: the project whose list was read
 */

/**
 * @typedef {object} FaultSpec
 * @property {string | RegExp} [path]  exact path, 'prefix*', or a RegExp; default: every path
 * @property {string} [method]
 * @property {number} [status]
 * @property {number} [retryAfter]     seconds, sent as Retry-After
 * @property {number} [times]          default 1; Infinity allowed
 * @property {unknown} [body]          object -> JSON, string -> text/plain
 * @property {Record<string, string>} [headers]
 * @property {number} [delayMs]        answer after this delay (with `status`, or the normal answer)
 * @property {boolean} [drop]          destroy the socket instead of answering
 * @property {boolean} [afterAccept]   serve the request first (a listen job is accepted and calls
 *                                     back), then give the client the fault (default status 502,
 *                                     a gateway's HTML body) or, with drop, a cut connection
 * @property {boolean} [early]         answer before reading the upload (then close the connection)
 * @property {boolean} [cut]           send the answer (the fault's, or with afterAccept the real
 *                                     one) without Content-Length, cut off halfway
 */

module.exports = {};
