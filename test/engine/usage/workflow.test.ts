/** The node inside a workflow: dates from Luxon expressions, the project from the credential. */
import type { IWorkflowBase } from 'n8n-workflow';

import { runWorkflow } from '../../harness';
import { MULTI_TAG_NOTE } from '../../../nodes/Deepgram/usage/actions/usagePerTag.operation';
import weeklyReportJson from './workflows/weekly-usage-report.json';
import { credentials, expectedUsage, KEYS, useMarchData } from './helpers';

const weeklyReport = weeklyReportJson as unknown as IWorkflowBase;
const march = useMarchData();

test('weekly usage per customer: one report item per tag of the week, with an estimate', async () => {
	const run = await runWorkflow(weeklyReport, {
		credentials: credentials(march.emu, KEYS.plain.key, 'proj-1'),
		input: [{ json: { weekEnd: '2025-03-04' } }],
	});
	expect(run.error).toBeUndefined();
	const all = Object.values(march.sent);
	const item = (tag: string) => {
		const usage = expectedUsage(all, tag);
		return {
			tag,
			project_id: 'proj-1',
			start: '2025-03-01',
			end: '2025-03-04',
			...usage,
			estimated_cost: Math.round(usage.total_hours * 0.258 * 1e6) / 1e6,
			note: MULTI_TAG_NOTE,
		};
	};
	expect(run.items('Report').map((i) => i.json)).toEqual([
		item('acme'),
		item('beta'),
		item('gamma'),
	]);
	expect(run.items('Report')[0].json.estimated_cost).toBe(0.01548); // 216 s at $0.258/h
	expect(march.emu.requests[0].rawQuery).toBe('start=2025-03-01&end=2025-03-04');
});
