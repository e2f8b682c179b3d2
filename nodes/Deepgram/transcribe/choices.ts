/** Values of the node's option parameters, shared by the descriptions and the execute logic. */
export const AUDIO_SOURCE = { binary: 'binary', url: 'url' } as const;
export const RESULTS = { transcript: 'transcript', callback: 'callback' } as const;
export const OUTPUT = { simplified: 'simplified', raw: 'raw' } as const;
export const CUSTOM_MODEL = 'custom';
export const DEFAULT_MAX_CONCURRENT = 32;
