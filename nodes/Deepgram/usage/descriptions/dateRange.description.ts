import type { INodeProperties } from 'n8n-workflow';

/** Start and end of the reported range; empty fields give Deepgram's default, the last 30 days. */
export const dateRangeFields: INodeProperties[] = [
	{
		displayName: 'Start',
		name: 'start',
		type: 'dateTime',
		default: '',
		description:
			'First day of the range (UTC days, as Deepgram counts them). A time other than midnight makes it an exact moment. Empty: 30 days before today.',
	},
	{
		displayName: 'End',
		name: 'end',
		type: 'dateTime',
		default: '',
		description:
			'Last day of the range, included in full. A time other than midnight makes it an exact moment. Empty: today.',
	},
];
