import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { PROJECT_PATHS, type ProjectGet, type Query } from '../api';
import { summarizeRecord, type RequestSummary } from './records';

/**
 * Full pages in a row holding only requests already read, after which a read gives up: the list
 * grows faster than it is read.
 */
export const MAX_STALLED_PAGES = 3;
/** Reads of the whole list before the node stops looking for one that saw no change. */
export const MAX_READS = 3;

interface RequestsPage {
	limit?: unknown;
	requests?: unknown;
}

export interface RequestListRead {
	/** The query of page `page` (range, page size, page, filters). */
	pageQuery: (page: number) => Query;
	pageSize: number;
	keep: (record: RequestSummary) => boolean;
	limit: number;
}

interface ReadResult {
	found: RequestSummary[];
	/** A record came twice: the list changed while it was read, so records may have been passed. */
	changed: boolean;
}

/** One read from page 0 to the end of the list (or to the limit). */
async function readOnce(get: ProjectGet, read: RequestListRead): Promise<ReadResult> {
	const found: RequestSummary[] = [];
	const seen = new Set<string>();
	let changed = false;
	let stalledPages = 0;
	for (let page = 0; ; page++) {
		const body = await get<RequestsPage>(PROJECT_PATHS.requests, read.pageQuery(page));
		const records = Array.isArray(body.requests) ? body.requests : [];
		let fresh = 0;
		for (const record of records.map(summarizeRecord)) {
			if (seen.has(record.request_id)) {
				changed = true;
				continue;
			}
			seen.add(record.request_id);
			fresh++;
			if (!read.keep(record)) continue;
			found.push(record);
			if (found.length >= read.limit) return { found, changed: false };
		}
		const served = typeof body.limit === 'number' && body.limit > 0 ? body.limit : read.pageSize;
		if (records.length < served) return { found, changed };
		// Newest first: a page of records already read means requests arrived above it; the
		// following pages still hold the rest, unless the list keeps growing faster than this.
		stalledPages = fresh === 0 ? stalledPages + 1 : 0;
		if (stalledPages >= MAX_STALLED_PAGES) return { found, changed: true };
	}
}

/**
 * Deepgram's request list (`GET …/requests`, newest first, `page`/`limit`), filtered by `keep`.
 * Requests appearing while it is read push later pages down, so a record comes twice and a
 * record that appeared above the page being read would be missed. A read that saw no record
 * twice is complete; one that did is done again, and after MAX_READS changed reads the node
 * fails rather than return a list that may lack requests.
 */
export async function readRequestList(
	get: ProjectGet,
	read: RequestListRead,
	node: INode,
	itemIndex: number,
): Promise<RequestSummary[]> {
	for (let attempt = 1; attempt <= MAX_READS; attempt++) {
		const { found, changed } = await readOnce(get, read);
		if (!changed) return found;
	}
	throw new NodeOperationError(
		node,
		`Deepgram's list of requests changed each time the node read it (${MAX_READS} times), so the requests found may be incomplete: set End to a time in the past, or try again later`,
		{
			itemIndex,
			description:
				'The node reads the list page by page, newest first, for a range ending when it starts, and returns it only when one whole read saw no change. Here requests kept appearing within the range while it read.',
		},
	);
}
