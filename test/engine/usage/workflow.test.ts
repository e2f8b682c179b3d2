/** The node inside a workflow: dates from Luxon expressions, the project from the credential. */
import type { IWorkflowBase } from 'n8n-workflow';

import { runWorkflow } from '../../harness';
import {
	MULTI_TAG_NOTE,
	TOTALS_NOTE,
} from '../../../nodes/Deepgram/usage/actions/usagePerTag.operation';
import weeklyReportJson from './workflows/weekly-usage-report.json';
import {
	credentials,
	expectedTotal,
	expectedUntagged,
	expectedUsage,
	KEYS,
	useMarchData,
} from './helpers';

const weeklyReport = weeklyReportJson as unknown as IWorkflowBase;
const march = useMarchData();

test('weekly usage per customer: one report item per tag of the week, the untagged usage and the totals, with an estimate', async () => {
	const run = await runWorkflow(weeklyReport, {
		credentials: credentials(march.emu, KEYS.plain.key, 'proj-1'),
		input: [{ json: { weekEnd: '2025-03-04' } }],
	});
	expect(run.error).toBeUndefined();
	const all = Object.values(march.sent);
	const head = { project_id: 'proj-1', start: '2025-03-01', end: '2025-03-04' };
	const estimate = (usage: { total_hours: number }) => {
		const dollars = usage.total_hours * 0.258;
		return {
			estimated_cost: Math.round(dollars * 100) / 100,
			estimated_cost_raw: Math.round(dollars * 1e6) / 1e6,
		};
	};
	const item = (tag: string) => {
		const usage = expectedUsage(all, tag);
		return { kind: 'tag', tag, ...head, ...usage, ...estimate(usage), note: MULTI_TAG_NOTE };
	};
	const untagged = expectedUntagged(all);
	const total = expectedTotal(all);
	expect(run.items('Report').map((i) => i.json)).toEqual([
		item('acme'),
		item('beta'),
		item('gamma'),
		{ kind: 'untagged', tag: null, ...head, ...untagged, ...estimate(untagged) },
		{
			kind: 'total',
			tag: null,
			...head,
			...total,
			...estimate(total),
			tags_reported: 3,
			note: TOTALS_NOTE,
		},
	]);
	// 216 s at $0.258/h
	expect(run.items('Report')[0].json).toMatchObject({
		estimated_cost: 0.02,
		estimated_cost_raw: 0.01548,
	});
	expect(march.emu.requests.map((r) => r.rawQuery)).toEqual([
		'start=2025-03-01&end=2025-03-04&grouping=tags',
	]);
});
