/** Deepgram facts the nodes rely on, written once (see README "Deepgram rules we enforce"). */

export const CREDENTIAL_TYPE = 'deepgramApi';

/** Hosts for transcription. Management (projects, usage) exists on the global host only. */
export const API_BASE_URLS = [
	{ name: 'Global (api.deepgram.com)', url: 'https://api.deepgram.com' },
	{ name: 'EU (api.eu.deepgram.com)', url: 'https://api.eu.deepgram.com' },
	{
		name: 'Australia (api.au.deepgram.com)',
		url: 'https://api.au.deepgram.com',
	},
	{ name: 'India (api.in.deepgram.com)', url: 'https://api.in.deepgram.com' },
	{
		name: 'US Data Residency (api.us.deepgram.com)',
		url: 'https://api.us.deepgram.com',
	},
] as const;
export const GLOBAL_BASE_URL = API_BASE_URLS[0].url;
export const CUSTOM_BASE_URL = 'custom';

export const LISTEN_PATH = '/v1/listen';
export const PROJECTS_PATH = '/v1/projects';
export const KEY_INFO_PATH = '/v1/auth/token';

/** Deepgram delivers callbacks only to these ports. */
export const ALLOWED_CALLBACK_PORTS: readonly number[] = [80, 443, 8080, 8443];
export const N8N_DEFAULT_PORT = 5678;
export const CALLBACK_SCHEMES: readonly string[] = ['http:', 'https:'];
export const CALLBACK_METHODS = ['POST', 'PUT'] as const;
export type CallbackMethod = (typeof CALLBACK_METHODS)[number];

export const MAX_TAG_LENGTH = 128;
export const MAX_EXTRA_PAIR_LENGTH = 2048;

/** The extra key Deepgram recommends for verifying callbacks (changelog 2026-10-27). */
export const CALLBACK_SECRET_KEY = 'callback_secret';
/** The extra key carrying a submission's idempotency key (see idempotencyKey). */
export const IDEMPOTENCY_KEY = 'idempotency_key';
/** The callback URL's query parameter a load balancer can hash on (see README "Queue mode"). */
export const CALLBACK_ROUTING_PARAM = 'dg_job';
/** Legacy header holding the submitting key's identifier. */
export const DG_TOKEN_HEADER = 'dg-token';

/** Deepgram retries an undelivered callback this often, this far apart. */
export const CALLBACK_REDELIVERY = {
	attempts: 10,
	intervalSeconds: 30,
} as const;

/** How the transport retries 429 and 5xx answers. */
export const RETRY_POLICY = {
	maxAttempts: 6,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
	maxTotalMs: 180_000,
} as const;

/** Statuses worth another try: rate limit and server-side failures (never 402). */
export const RETRYABLE_STATUSES: readonly number[] = [429, 500, 502, 503, 504];

/**
 * Management calls one item may have in flight at once (Usage by Tag's per-day breakdowns): a
 * few, as a dashboard would, since usage endpoints are rate-limited per project; the transport
 * retries their 429s.
 */
export const MANAGEMENT_CONCURRENCY = 4;
