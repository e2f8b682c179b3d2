/** The part of a response the observer needs: Express's response is one. */
export interface ObservedResponse {
	statusCode: number;
	end: (...args: never[]) => unknown;
}

/**
 * Calls `onStatus` once, with the status n8n writes, when the response is ended. Not on 'finish':
 * that event never fires when the caller (Deepgram) hung up before the run ended, and the run's
 * outcome must still be known then.
 */
export function observeAnswer(res: ObservedResponse, onStatus: (status: number) => void): void {
	const end = res.end;
	let seen = false;
	res.end = function (this: unknown, ...args: never[]) {
		if (!seen) {
			seen = true;
			onStatus(res.statusCode);
		}
		return Reflect.apply(end, this, args) as unknown;
	};
}
