import type { NumberRule } from '../shared/numbers';

/** Values of the node's option parameters, shared by the descriptions and the execute logic. */
export const AUDIO_SOURCE = { binary: 'binary', url: 'url' } as const;
export const RESULTS = { transcript: 'transcript', callback: 'callback', wait: 'wait' } as const;
export const OUTPUT = { simplified: 'simplified', raw: 'raw' } as const;
export const CUSTOM_MODEL = 'custom';
/** Deepgram's documented pre-recorded concurrency for pay-as-you-go (higher plans allow more). */
export const DEFAULT_MAX_CONCURRENT = 100;
export const MAX_CONCURRENT: NumberRule = {
	field: 'Max Concurrent Requests',
	min: 1,
	integer: true,
};

/** Wait for Callback: the time limit's units, in seconds. */
export const TIME_LIMIT_UNITS = { seconds: 1, minutes: 60, hours: 3600 } as const;
export type TimeLimitUnit = keyof typeof TIME_LIMIT_UNITS;
