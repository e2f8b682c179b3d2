import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** How many request_ids an error message lists before it only counts the rest. */
const LISTED_IDS = 20;

/** An output answered from the memory of accepted jobs instead of a new request: says so. */
export function reusedJson(json: IDataObject): IDataObject {
	return { ...json, reused: true };
}

/** The request_ids of one output: a callback job's (with earlier ones), or a transcript's. */
function requestIds(json: IDataObject | undefined): string[] {
	if (!json || 'error' in json) return [];
	if (Array.isArray(json.request_ids)) return json.request_ids.map(String);
	const id = json.request_id ?? (json.metadata as IDataObject | undefined)?.request_id;
	return typeof id === 'string' ? [id] : [];
}

export interface AcceptedSummary {
	items: number;
	requestIds: string[];
	/** A sentence for an error's description; empty when nothing was accepted. */
	text: string;
}

/** What Deepgram accepted for a batch that stops: the items and their request_ids. */
export function acceptedSummary(results: ReadonlyArray<IDataObject | undefined>): AcceptedSummary {
	const accepted = results.filter((json) => requestIds(json).length > 0);
	const ids = accepted.flatMap(requestIds);
	const listed = ids.slice(0, LISTED_IDS).join(', ');
	const more = ids.length > LISTED_IDS ? ` and ${ids.length - LISTED_IDS} more` : '';
	const text =
		accepted.length === 0
			? ''
			: `Deepgram accepted ${accepted.length} item${accepted.length === 1 ? '' : 's'} before the node stopped (request_id ${listed}${more}); run in this n8n again (Retry On Fail, or the same Idempotency Key), they are not sent again.`;
	return { items: accepted.length, requestIds: ids, text };
}

/**
 * The node's error when the execution was stopped mid-batch; "canceled" in its message is how
 * n8n's engine tells a stop from a failure.
 */
export function stoppedError(node: INode, accepted: AcceptedSummary, total: number) {
	return new NodeOperationError(
		node,
		`Execution canceled: ${accepted.items} of ${total} item${total === 1 ? '' : 's'} had been accepted by Deepgram, nothing more was sent`,
		{
			description: accepted.text || 'Deepgram accepted no item of this batch before the stop.',
		},
	);
}
