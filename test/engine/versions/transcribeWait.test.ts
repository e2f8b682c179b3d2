/**
 * Version guard for Deepgram Transcribe's Wait for Callback, for every version the node declares:
 * the item while the execution waits, and the item it resumes with.
 */
import { DeepgramTranscribe } from '../../../nodes/Deepgram/DeepgramTranscribe.node';
import { NODE_NAME } from '../transcribe/helpers';
import { waitTestbed, waitWorkflow } from '../transcribe/waitTestbed';
import { expectStoredShape, versionsOf } from './storedExamples';

const { description } = new DeepgramTranscribe();
const bed = waitTestbed();

function atVersion(typeVersion: number) {
	const workflow = waitWorkflow();
	workflow.nodes.find((node) => node.name === NODE_NAME)!.typeVersion = typeVersion;
	return workflow;
}

describe.each(versionsOf(description))(`${description.displayName} version %s`, (typeVersion) => {
	test('Wait for Callback keeps the shape of its waiting and resumed items', async () => {
		const execution = await bed.start(atVersion(typeVersion));
		expect(execution.status).toBe('waiting');
		expectStoredShape(description, typeVersion, 'wait-waiting', [execution.items(NODE_NAME)]);

		await bed.emu.waitForCallbacks(1, 10_000);
		const resumed = await bed.server.settled(execution.id);
		expect(resumed.status).toBe('success');
		expectStoredShape(description, typeVersion, 'wait-resumed', [resumed.items(NODE_NAME)]);
	});
});
