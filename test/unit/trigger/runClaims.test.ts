/** Deliveries acknowledged after their run: claimed, refused while running, settled by n8n's answer. */
import { claimRun, doneKeys } from '../../../nodes/Deepgram/trigger/runClaims';

let scope = 0;
const newScope = () => `workflow-${++scope}/node`;
const LEASE = 180_000;

describe('claimRun', () => {
	test('the first claim runs; a copy while it runs is refused, however many come', () => {
		const trigger = newScope();
		expect(claimRun(trigger, 'req-1', [], 0, LEASE, 1000).state).toBe('run');
		for (let i = 0; i < 5; i++) {
			expect(claimRun(trigger, 'req-1', [], 1000 * i, LEASE, 1000)).toEqual({ state: 'running' });
		}
		expect(claimRun(trigger, 'req-2', [], 0, LEASE, 1000).state).toBe('run');
	});

	test('a run answered 2xx makes every later copy done', () => {
		const trigger = newScope();
		const claim = claimRun(trigger, 'req-1', [], 0, LEASE, 1000);
		if (claim.state === 'run') claim.settle(200);
		expect(claimRun(trigger, 'req-1', [], 1, LEASE, 1000)).toEqual({ state: 'done' });
		expect(claimRun(trigger, 'req-1', [], 10 * LEASE, LEASE, 1000)).toEqual({ state: 'done' });
	});

	test('a run answered non-2xx is forgotten: the next copy runs', () => {
		for (const status of [500, 409, 504, 302]) {
			const trigger = newScope();
			const claim = claimRun(trigger, 'req-1', [], 0, LEASE, 1000);
			if (claim.state === 'run') claim.settle(status);
			expect(claimRun(trigger, 'req-1', [], 1, LEASE, 1000).state).toBe('run');
		}
	});

	test('a claim whose answer never came frees its key once the lease has passed', () => {
		const trigger = newScope();
		const lost = claimRun(trigger, 'req-1', [], 0, LEASE, 1000);
		expect(claimRun(trigger, 'req-1', [], LEASE - 1, LEASE, 1000).state).toBe('running');
		const retry = claimRun(trigger, 'req-1', [], LEASE, LEASE, 1000);
		expect(retry.state).toBe('run');
		// The lost run's late 500 does not undo the new claim; its own answer settles it.
		if (lost.state === 'run') lost.settle(500);
		expect(claimRun(trigger, 'req-1', [], LEASE + 1, LEASE, 1000).state).toBe('running');
		if (retry.state === 'run') retry.settle(200);
		expect(claimRun(trigger, 'req-1', [], LEASE + 2, LEASE, 1000).state).toBe('done');
	});

	test('a key in the saved list is done; other entries in it are ignored', () => {
		const trigger = newScope();
		expect(claimRun(trigger, 'req-1', ['req-1'], 0, LEASE, 1000)).toEqual({ state: 'done' });
		expect(claimRun(trigger, 'req-2', [7, null, 'req-1'], 0, LEASE, 1000).state).toBe('run');
	});

	test('memory is bounded: beyond the limit the oldest succeeded keys are forgotten first', () => {
		const trigger = newScope();
		for (const key of ['a', 'b', 'c']) {
			const claim = claimRun(trigger, key, [], 0, LEASE, 3);
			if (claim.state === 'run') claim.settle(200);
		}
		expect(claimRun(trigger, 'd', [], 0, LEASE, 3).state).toBe('run');
		expect(claimRun(trigger, 'a', [], 0, LEASE, 3).state).toBe('run');
		// a and d are running, c is done; b was dropped to make room.
		expect(claimRun(trigger, 'd', [], 1, LEASE, 3).state).toBe('running');
		expect(claimRun(trigger, 'c', [], 1, LEASE, 3).state).toBe('done');
		expect(doneKeys(trigger, [], 3)).toEqual(['c']);
	});

	test('scopes are apart: one trigger’s run does not claim another’s delivery', () => {
		const one = newScope();
		const two = newScope();
		expect(claimRun(one, 'req-1', [], 0, LEASE, 1000).state).toBe('run');
		expect(claimRun(two, 'req-1', [], 0, LEASE, 1000).state).toBe('run');
	});
});

describe('doneKeys (write-behind to static data)', () => {
	test('saved keys first, then the keys this process saw succeed; running ones are not written', () => {
		const trigger = newScope();
		const done = claimRun(trigger, 'req-2', ['req-1'], 0, LEASE, 1000);
		claimRun(trigger, 'req-3', ['req-1'], 0, LEASE, 1000);
		if (done.state === 'run') done.settle(204);
		expect(doneKeys(trigger, ['req-1', 'req-2', 9], 1000)).toEqual(['req-1', 'req-2']);
		expect(doneKeys(trigger, undefined, 1000)).toEqual(['req-2']);
	});

	test('at most the limit, newest kept', () => {
		const trigger = newScope();
		const claim = claimRun(trigger, 'new', [], 0, LEASE, 1000);
		if (claim.state === 'run') claim.settle(200);
		expect(doneKeys(trigger, ['a', 'b', 'c'], 2)).toEqual(['c', 'new']);
	});
});
