/** A fixture workflow: manual trigger → Deepgram Transcribe (URLs from the items) → a next node. */
import { createHash } from 'crypto';

import { runWorkflow } from '../../harness';
import { credentials, startEmulator, type Emulator } from './helpers';

const { makeWav } = require('../../emulator/wav') as typeof import('../../emulator/wav');
const workflow = require('./workflows/transcribe-urls-with-captions.json');

const EPISODE_1 = makeWav({ seconds: 1.5 });
const EPISODE_2 = makeWav({ seconds: 3 });

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator({
		urlAudio: {
			'https://media.example.com/1.wav': EPISODE_1,
			'https://media.example.com/2.wav': EPISODE_2,
		},
		transcripts: {
			[createHash('sha256').update(EPISODE_1).digest('hex')]: 'Welcome back.',
			[createHash('sha256').update(EPISODE_2).digest('hex')]: 'Today: callbacks. And tags!',
		},
	});
});
afterAll(() => emu.stop());

it('transcribes each item’s URL with its own tags and metadata, and hands transcript and captions on', async () => {
	const result = await runWorkflow(workflow, {
		credentials: credentials(emu),
		input: [
			{ json: { url: 'https://media.example.com/1.wav', customer: 'acme', episode: 1 } },
			{ json: { url: 'https://media.example.com/2.wav', customer: 'globex', episode: 2 } },
		],
	});
	expect(result.error).toBeUndefined();

	const sent = emu.requests
		.map((request) => request.query)
		.sort((a, b) =>
			String(a.find(([key]) => key === 'extra')).localeCompare(
				String(b.find(([key]) => key === 'extra')),
			),
		);
	expect(sent).toEqual([
		[
			['model', 'nova-3'],
			['language', 'en'],
			['smart_format', 'true'],
			['tag', 'acme'],
			['tag', 'podcast'],
			['extra', 'episode:1'],
		],
		[
			['model', 'nova-3'],
			['language', 'en'],
			['smart_format', 'true'],
			['tag', 'globex'],
			['tag', 'podcast'],
			['extra', 'episode:2'],
		],
	]);

	const stored = result.items('Store Transcript');
	expect(stored.map((item) => [item.json.transcript, item.json.extra, item.json.captions])).toEqual(
		[
			[
				'Welcome back.',
				{ episode: '1' },
				{
					srt: '1\n00:00:00,000 --> 00:00:01,500\nWelcome back.\n',
					vtt: 'WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nWelcome back.\n',
				},
			],
			[
				'Today: callbacks. And tags!',
				{ episode: '2' },
				{
					srt: '1\n00:00:00,000 --> 00:00:01,500\nToday: callbacks.\n\n2\n00:00:01,500 --> 00:00:03,000\nAnd tags!\n',
					vtt: 'WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nToday: callbacks.\n\n00:00:01.500 --> 00:00:03.000\nAnd tags!\n',
				},
			],
		],
	);
	expect(result.items('Deepgram Transcribe').map((item) => item.pairedItem)).toEqual([
		{ item: 0 },
		{ item: 1 },
	]);
});
