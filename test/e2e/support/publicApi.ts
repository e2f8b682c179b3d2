/** n8n's public REST API (`/api/v1`, `X-N8N-API-KEY`): the surface the suite reads executions from and publishes with. */
import { http } from './http';

export interface Execution {
	id: string;
	workflowId: string;
	mode: string;
	status: string;
	finished: boolean;
	startedAt?: string;
	stoppedAt?: string | null;
	data?: {
		resultData: {
			runData: Record<
				string,
				Array<{ data?: { main: Array<Array<{ json: any }> | null> }; error?: unknown }>
			>;
			error?: unknown;
		};
	};
}

export class PublicApi {
	constructor(
		private readonly baseUrl: string,
		private readonly apiKey: string,
	) {}

	async call(method: string, path: string, body?: unknown): Promise<any> {
		const answer = await http(`${this.baseUrl}/api/v1${path}`, {
			method,
			headers: { 'x-n8n-api-key': this.apiKey },
			body,
		});
		if (answer.status < 200 || answer.status >= 300) {
			throw new Error(`${method} /api/v1${path} -> ${answer.status}: ${answer.text.slice(0, 500)}`);
		}
		return answer.json;
	}

	/** Every execution of a workflow, newest first (follows `nextCursor`). */
	async executions(workflowId: string, { includeData = false } = {}): Promise<Execution[]> {
		const all: Execution[] = [];
		let cursor: string | undefined;
		do {
			const query = new URLSearchParams({
				workflowId,
				includeData: String(includeData),
				limit: '100',
			});
			if (cursor) query.set('cursor', cursor);
			const page = (await this.call('GET', `/executions?${query}`)) as {
				data: Execution[];
				nextCursor: string | null;
			};
			all.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return all;
	}

	/** Publishes (activates) a workflow; its production webhooks are registered when this returns. */
	publish(workflowId: string): Promise<{ active: boolean }> {
		return this.call('POST', `/workflows/${encodeURIComponent(workflowId)}/publish`, {});
	}

	unpublish(workflowId: string): Promise<{ active: boolean }> {
		return this.call('POST', `/workflows/${encodeURIComponent(workflowId)}/unpublish`, {});
	}
}
