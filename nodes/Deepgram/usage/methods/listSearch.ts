import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { accessFrom } from '../../shared/access';
import { CREDENTIAL_TYPE } from '../../shared/constants';
import type { DeepgramCredentials } from '../../shared/types';
import { listProjects } from '../api';

/** The key's projects, filtered by name or ID; the credential's default is marked. */
export async function searchProjects(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	// One credential read: the default project's ID and the request's key both come from it.
	const credentials = await this.getCredentials<DeepgramCredentials>(CREDENTIAL_TYPE);
	const defaultId = credentials.projectId?.trim();
	const { projects = [] } = await listProjects.call(this, accessFrom(credentials));
	const wanted = filter?.trim().toLowerCase() ?? '';
	const results: INodeListSearchItems[] = projects
		.filter(
			(project): project is { project_id: string; name?: string } =>
				typeof project.project_id === 'string',
		)
		.filter(
			({ project_id, name }) =>
				wanted === '' ||
				project_id.toLowerCase().includes(wanted) ||
				(name ?? '').toLowerCase().includes(wanted),
		)
		.map(({ project_id, name }) => ({
			name: `${name || project_id}${project_id === defaultId ? ' (credential default)' : ''}`,
			value: project_id,
		}));
	return { results };
}
