import type { NumberRule } from '../shared/numbers';

/** Values of the node's option parameters, shared by the descriptions and the execute logic. */
export const AUDIO_SOURCE = { binary: 'binary', url: 'url' } as const;
export const RESULTS = { transcript: 'transcript', callback: 'callback', wait: 'wait' } as const;
export const OUTPUT = { simplified: 'simplified', raw: 'raw' } as const;
export const CUSTOM_MODEL = 'custom';
export const CUSTOM_LANGUAGE = 'custom';
/**
 * Above Deepgram's documented 100 (pay-as-you-go Nova): the adaptive limit finds a project's real
 * limit from its first 429s at no measured cost, and 1,000 items then go in 4 waves rather than
 * 10 (bench/RESULTS.md, "Default Max Concurrent Requests").
 */
export const DEFAULT_MAX_CONCURRENT = 250;
export const MAX_CONCURRENT: NumberRule = {
	field: 'Max Concurrent Requests',
	min: 1,
	integer: true,
};

/** Wait for Callback: the time limit's units, in seconds. */
export const TIME_LIMIT_UNITS = { seconds: 1, minutes: 60, hours: 3600 } as const;
export type TimeLimitUnit = keyof typeof TIME_LIMIT_UNITS;
