/**
 * What a 2xx from Deepgram must hold to be used (deepgram-api.md §4 and §6). A proxy or gateway in
 * front of Deepgram can answer 200 with an HTML page, `{}` or a cut-off body: taken as it came, that
 * would become an empty transcript or an empty report, and the workflow would go on.
 */
export interface AnswerShape {
	/** What the answer should have been, for the error message. */
	what: string;
	isValid(body: unknown): boolean;
	/** A POST Deepgram may have accepted (and billed) even though its answer is unusable. */
	mayHaveBeenAccepted?: boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return (
		typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value)
	);
}

function nonEmptyString(value: unknown): boolean {
	return typeof value === 'string' && value !== '';
}

/** A pre-recorded transcription: `metadata.request_id` and `results.channels`. */
export const LISTEN_RESULT: AnswerShape = {
	what: 'transcription result (metadata.request_id and results.channels)',
	isValid: (body) =>
		isObject(body) &&
		isObject(body.metadata) &&
		nonEmptyString(body.metadata.request_id) &&
		isObject(body.results) &&
		Array.isArray(body.results.channels),
	mayHaveBeenAccepted: true,
};

/** Deepgram's immediate answer in callback mode: `{request_id}`. */
export const CALLBACK_ACCEPTED: AnswerShape = {
	what: 'callback acceptance ({"request_id": …})',
	isValid: (body) => isObject(body) && nonEmptyString(body.request_id),
	mayHaveBeenAccepted: true,
};

/** A management answer: a JSON object, holding the list `listKey` when given. */
export function managementAnswer(what: string, listKey?: string): AnswerShape {
	return {
		what: listKey ? `${what} (a JSON object with "${listKey}")` : `${what} (a JSON object)`,
		isValid: (body) => isObject(body) && (listKey === undefined || Array.isArray(body[listKey])),
	};
}
