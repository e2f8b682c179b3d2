import { sleep } from 'n8n-workflow';

/**
 * Waits `ms`, or less when `signal` aborts (the execution was stopped), so a stopped node never
 * sits out a retry wait. Resolves, never rejects: callers check the signal afterwards.
 */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
	if (!signal) return sleep(ms);
	if (signal.aborted) return Promise.resolve();
	return new Promise((resolve) => {
		// AbortSignal.timeout's timer does not keep the process alive, and ends with the wait.
		const either = AbortSignal.any([signal, AbortSignal.timeout(Math.max(0, ms))]);
		either.addEventListener('abort', () => resolve(), { once: true });
	});
}
