import { deepgramAccess, type DeepgramAccess, type DeepgramContext } from '../shared/access';
import { managementAnswer, type AnswerShape } from '../shared/answerShapes';
import { PROJECTS_PATH } from '../shared/constants';
import type { QueryValue } from '../shared/query';
import { deepgramRequest } from '../shared/transport';

/** The management paths under `/v1/projects/{id}` this node reads (deepgram-api.md §6). */
export const PROJECT_PATHS = {
	usageFields: 'usage/fields',
	usageBreakdown: 'usage/breakdown',
	billingBreakdown: 'billing/breakdown',
	requests: 'requests',
} as const;

/** What each answer must hold; a request record (`requests/{id}`) is any JSON object. */
const ANSWERS: Readonly<Record<string, AnswerShape>> = {
	[PROJECT_PATHS.usageFields]: managementAnswer('list of usage fields'),
	[PROJECT_PATHS.usageBreakdown]: managementAnswer('usage breakdown', 'results'),
	[PROJECT_PATHS.billingBreakdown]: managementAnswer('billing breakdown', 'results'),
	[PROJECT_PATHS.requests]: managementAnswer('list of requests', 'requests'),
};
const REQUEST_RECORD = managementAnswer('request record');
const PROJECT_LIST = managementAnswer('list of projects', 'projects');

export type Query = ReadonlyArray<readonly [string, QueryValue]>;

export type ProjectGet = <T>(subPath: string, query?: Query) => Promise<T>;

/** GETs `/v1/projects/{projectId}/…` on the management host, through the shared transport. */
export function projectClient(
	context: DeepgramContext,
	projectId: string,
	itemIndex?: number,
): ProjectGet {
	const base = `${PROJECTS_PATH}/${encodeURIComponent(projectId)}`;
	// One credential read for all of an item's calls (the daily series makes one per day).
	let access: Promise<DeepgramAccess> | undefined;
	return async <T>(subPath: string, query: Query = []) => {
		access ??= deepgramAccess.call(context, itemIndex);
		const response = await deepgramRequest.call(context, await access, {
			method: 'GET',
			api: 'management',
			path: `${base}/${subPath}`,
			query,
			itemIndex,
			answer: ANSWERS[subPath] ?? REQUEST_RECORD,
		});
		return response.body as T;
	};
}

export interface ProjectList {
	projects?: Array<{ project_id?: string; name?: string }>;
}

/** GET `/v1/projects`: the projects the key belongs to. */
export async function listProjects(
	this: DeepgramContext,
	access: DeepgramAccess,
): Promise<ProjectList> {
	const response = await deepgramRequest.call(this, access, {
		method: 'GET',
		api: 'management',
		path: PROJECTS_PATH,
		answer: PROJECT_LIST,
	});
	return response.body as ProjectList;
}
