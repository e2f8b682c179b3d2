import type { INodeProperties } from 'n8n-workflow';

import { CALLBACK_REDELIVERY } from '../shared/constants';
import { ACK_FINISHED, ACK_RECEIVED, DEFAULT_RUN_LEASE_SECONDS, RUN_LEASE } from './acknowledge';

const redelivery = `up to ${CALLBACK_REDELIVERY.attempts} times, ${CALLBACK_REDELIVERY.intervalSeconds} seconds apart`;

/**
 * n8n answers after the run (lastNode) only for "finished": its default 200 with an empty body
 * (no workflow data echoed to the caller), or its 500 when the run failed. "received" keeps the
 * node answering at once.
 */
export const ACKNOWLEDGE_RESPONSE = {
	responseMode: `={{$parameter["acknowledge"] === "${ACK_FINISHED}" ? "lastNode" : "onReceived"}}`,
	responseData: 'noData',
} as const;

export const acknowledgeProperty: INodeProperties = {
	displayName: 'Acknowledge',
	name: 'acknowledge',
	type: 'options',
	options: [
		{
			name: 'When Received',
			value: ACK_RECEIVED,
			description:
				'Answer Deepgram 2xx as soon as the delivery is verified, then run (fastest). A run lost to a crashed n8n process is not delivered again.',
		},
		{
			name: 'When the Workflow Has Finished',
			value: ACK_FINISHED,
			description: `Answer 2xx only after the run succeeded (or paused). A run that fails or dies gets no 2xx, so Deepgram delivers again, ${redelivery}; copies arriving while it runs are answered 409.`,
		},
	],
	default: ACK_RECEIVED,
};

export const acknowledgeNotice: INodeProperties = {
	displayName: `Deepgram waits for the whole run (plus the queue wait in queue mode) and retries ${redelivery}: a delivery is safe if its run succeeds within about 4 minutes of the first attempt. A run that failed runs again on the next delivery (up to 11 runs in all). A redelivery after a success is answered 2xx and starts nothing; one landing on another webhook process than the run's may run again, so make the workflow safe to run twice for one request_id.`,
	name: 'acknowledgeNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { acknowledge: [ACK_FINISHED] } },
};

export const runLeaseOption: INodeProperties = {
	displayName: 'Run Lease (Seconds)',
	name: 'runLeaseSeconds',
	type: 'number',
	typeOptions: { minValue: RUN_LEASE.min, maxValue: RUN_LEASE.max },
	default: DEFAULT_RUN_LEASE_SECONDS,
	description:
		'How long a run in progress holds its delivery: copies are refused until it ends or this passes. After it, a copy runs again (for a run whose answer never came, e.g. Redis lost its queue job). Keep it above queue wait plus run time, and under 5 minutes.',
	displayOptions: { show: { '/acknowledge': [ACK_FINISHED] } },
};
