import { RETRY_POLICY } from '../../../nodes/Deepgram/shared/constants';
import { retryAfterMs, retryDelayMs } from '../../../nodes/Deepgram/shared/transport';

describe('retryAfterMs', () => {
	it('reads seconds and HTTP dates', () => {
		expect(retryAfterMs('2')).toBe(2000);
		expect(retryAfterMs(['0.5'])).toBe(500);
		const now = Date.parse('2026-11-26T10:00:00Z');
		expect(retryAfterMs('Thu, 26 Nov 2026 10:00:03 GMT', now)).toBe(3000);
		expect(retryAfterMs('Thu, 26 Nov 2026 09:00:00 GMT', now)).toBe(0);
	});

	it('ignores a missing or unreadable header', () => {
		expect(retryAfterMs(undefined)).toBeUndefined();
		expect(retryAfterMs('soon')).toBeUndefined();
	});
});

describe('retryDelayMs', () => {
	it('backs off exponentially up to the cap', () => {
		expect([1, 2, 3].map((attempt) => retryDelayMs(attempt, undefined))).toEqual([500, 1000, 2000]);
		expect(retryDelayMs(30, undefined)).toBe(RETRY_POLICY.maxDelayMs);
	});

	it('waits at least Retry-After, however long: the retry budget decides whether to wait', () => {
		expect(retryDelayMs(1, 1500)).toBe(1500);
		expect(retryDelayMs(1, 40_000)).toBe(40_000);
		expect(retryDelayMs(1, 10 * 60_000)).toBe(10 * 60_000);
	});

	it('keeps the backoff as a floor under a short Retry-After', () => {
		expect(retryDelayMs(1, 0)).toBe(500);
		expect(retryDelayMs(3, 1000)).toBe(2000);
	});
});
