/**
 * The node's readers against Deepgram's own response types (@deepgram/sdk, types only): each
 * reader type accepts Deepgram's (checked when `npm run typecheck` compiles this file), and
 * answers typed with Deepgram's types read as the node means to.
 */
import type {
	BillingBreakdownV1Response,
	ListenV1Response,
	UsageBreakdownV1Response,
} from '@deepgram/sdk';

import { simplifyResult, type ListenResult } from '../../../nodes/Deepgram/shared/results';
import { sumTagSets, tagSetRows } from '../../../nodes/Deepgram/usage/helpers/tagSets';
import {
	addUsage,
	noUsage,
	rowDollars,
	usageTotals,
	type BillingRow,
	type UsageRow,
} from '../../../nodes/Deepgram/usage/helpers/usageTotals';
import type { ListenAnswer } from '../../emulator/sdk-types';

/** True when every value of `From` is a value of `To`. */
type Accepts<To, From> = [From] extends [To] ? true : false;
const readersAcceptDeepgramsTypes: [
	Accepts<ListenResult, ListenV1Response>,
	Accepts<ListenResult, ListenAnswer>,
	Accepts<UsageRow, UsageBreakdownV1Response.Results.Item>,
	Accepts<BillingRow, BillingBreakdownV1Response.Results.Item>,
] = [true, true, true, true];

/** A diarized, searched, analysed result in the SDK's shape (topics and intents nested). */
const listen = {
	metadata: {
		transaction_key: 'deprecated',
		request_id: '1ef3b141-68af-4a3e-80c3-ee1f6ef05a35',
		sha256: '5324da68ede209a16ac69a38e8cd29cee4d754434a041166cda3a1f5e0b24566',
		created: '2026-05-22T16:56:44.589Z',
		duration: 3,
		channels: 1,
		models: ['3b3aabe4-608a-46ac-9585-7960a25daf1a'],
		model_info: { '3b3aabe4-608a-46ac-9585-7960a25daf1a': { name: 'general-nova-3' } },
		extra: { job: '42' },
	},
	results: {
		channels: [
			{
				search: [
					{ query: 'refund', hits: [{ confidence: 0.9, start: 1, end: 1.5, snippet: 'a refund' }] },
				],
				alternatives: [
					{
						transcript: 'I want a refund. Sure.',
						confidence: 0.97,
						words: [
							{ word: 'i', start: 0, end: 0.3, confidence: 0.9, speaker: 0 },
							{ word: 'want', start: 0.3, end: 0.6, confidence: 0.9, speaker: 0 },
							{ word: 'a', start: 0.6, end: 1, confidence: 0.9, speaker: 0 },
							{ word: 'refund', start: 1, end: 1.5, confidence: 0.9, speaker: 0 },
							{ word: 'sure', start: 2, end: 3, confidence: 0.9, speaker: 1 },
						],
					},
				],
			},
		],
		utterances: [
			{
				start: 0,
				end: 1.5,
				confidence: 0.9,
				channel: 0,
				transcript: 'I want a refund.',
				speaker: 0,
			},
			{ start: 2, end: 3, confidence: 0.9, channel: 0, transcript: 'Sure.', speaker: 1 },
		],
		topics: {
			results: {
				topics: {
					segments: [
						{ text: 'I want a refund.', topics: [{ topic: 'Refunds', confidence_score: 0.8 }] },
					],
				},
			},
		},
		intents: {
			results: {
				intents: {
					segments: [
						{
							text: 'I want a refund.',
							intents: [{ intent: 'Request refund', confidence_score: 0.9 }],
						},
					],
				},
			},
		},
	},
} satisfies ListenAnswer;

const usage = {
	start: '2026-05-01',
	end: '2026-05-07',
	resolution: { units: 'day', amount: 1 },
	results: [
		{
			hours: 0.5,
			total_hours: 1,
			agent_hours: 0,
			tokens_in: 0,
			tokens_out: 0,
			tts_characters: 0,
			requests: 3,
			grouping: { tags: ['team-a'] },
		},
		{
			hours: 0,
			total_hours: 0,
			agent_hours: 0.25,
			tokens_in: 120,
			tokens_out: 30,
			tts_characters: 900,
			requests: 4,
			grouping: { tags: ['team-a', 'voice'] },
		},
		{
			hours: 0.1,
			total_hours: 0.1,
			agent_hours: 0,
			tokens_in: 0,
			tokens_out: 0,
			tts_characters: 0,
			requests: 1,
			grouping: {},
		},
	],
} satisfies UsageBreakdownV1Response;

const billing = {
	start: '2026-05-01',
	end: '2026-05-07',
	resolution: { units: 'day', amount: 1 },
	results: [
		{ dollars: 1.25, grouping: { tags: ['team-a'] } },
		{ dollars: 0.5, grouping: { tags: ['team-a', 'voice'], line_item: 'tts::aura-2' } },
	],
} satisfies BillingBreakdownV1Response;

test('the reader types accept Deepgram’s', () => {
	expect(readersAcceptDeepgramsTypes).toEqual([true, true, true, true]);
});

test('a listen answer in Deepgram’s shape: search hits, speakers, nested topics and intents', () => {
	expect(simplifyResult(listen)).toEqual({
		request_id: '1ef3b141-68af-4a3e-80c3-ee1f6ef05a35',
		created: '2026-05-22T16:56:44.589Z',
		duration: 3,
		channels: 1,
		transcript: 'I want a refund. Sure.',
		confidence: 0.97,
		extra: { job: '42' },
		speaker_turns: [
			{ speaker: 0, start: 0, end: 1.5, transcript: 'i want a refund' },
			{ speaker: 1, start: 2, end: 3, transcript: 'sure' },
		],
		utterances: [
			{ start: 0, end: 1.5, transcript: 'I want a refund.', speaker: 0 },
			{ start: 2, end: 3, transcript: 'Sure.', speaker: 1 },
		],
		search: [
			{ query: 'refund', hits: [{ start: 1, end: 1.5, confidence: 0.9, snippet: 'a refund' }] },
		],
		topics: ['Refunds'],
		intents: ['Request refund'],
	});
});

test('usage and billing breakdowns in Deepgram’s shape: every measure per tag', () => {
	const sums = sumTagSets(tagSetRows(usage.results, usageTotals), noUsage, addUsage);
	expect(Object.fromEntries(sums.byTag)).toEqual({
		'team-a': {
			requests: 7,
			hours: 0.5,
			total_hours: 1,
			agent_hours: 0.25,
			tts_characters: 900,
			tokens_in: 120,
			tokens_out: 30,
		},
		voice: {
			requests: 4,
			hours: 0,
			total_hours: 0,
			agent_hours: 0.25,
			tts_characters: 900,
			tokens_in: 120,
			tokens_out: 30,
		},
	});
	expect(sums.untagged).toEqual({ ...noUsage(), requests: 1, hours: 0.1, total_hours: 0.1 });
	const dollars = sumTagSets(
		tagSetRows(billing.results, rowDollars),
		() => 0,
		(a, b) => a + b,
	);
	expect([dollars.byTag.get('team-a'), dollars.byTag.get('voice'), dollars.total]).toEqual([
		1.75, 0.5, 1.75,
	]);
});
