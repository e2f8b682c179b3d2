import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { DeepgramTranscribe } from '../../../nodes/Deepgram/DeepgramTranscribe.node';
import {
	AUDIO_SOURCE,
	CUSTOM_MODEL,
	OUTPUT,
	RESULTS,
} from '../../../nodes/Deepgram/transcribe/choices';
import { listenQuery, type TranscribeFeatures } from '../../../nodes/Deepgram/transcribe/query';

const codex = require('../../../nodes/Deepgram/DeepgramTranscribe.node.json') as {
	node: string;
	categories: string[];
};
const { name: packageName } = require('../../../package.json') as { name: string };

const { description } = new DeepgramTranscribe();
const property = (name: string) =>
	description.properties.find((entry) => entry.name === name) as INodeProperties;
const values = (name: string) =>
	(property(name).options as INodePropertyOptions[]).map((option) => option.value);

/** Every parameter, collections and fixed collections included. */
function allProperties(list: INodeProperties[]): INodeProperties[] {
	return list.flatMap((entry) => {
		const nested = (entry.options ?? []).flatMap((option) =>
			'values' in option
				? (option as INodePropertyCollection).values
				: 'type' in option
					? [option as INodeProperties]
					: [],
		);
		return [entry, ...allProperties(nested)];
	});
}

describe('the Deepgram Transcribe description', () => {
	it('is an action node usable as an AI tool, with icons, subtitle and the shared credential', () => {
		expect(description).toMatchObject({
			name: 'deepgramTranscribe',
			displayName: 'Deepgram Transcribe',
			usableAsTool: true,
			icon: { light: 'file:deepgram.svg', dark: 'file:deepgram.dark.svg' },
			credentials: [{ name: 'deepgramApi', required: true }],
		});
		expect(description.subtitle).toContain('$parameter["model"]');
		expect(codex.node).toBe(`${packageName}.${description.name}`);
		expect(codex.categories).toEqual(['AI', 'Utility']);
	});

	it('offers the values the execute logic reads', () => {
		expect(values('audioSource')).toEqual(Object.values(AUDIO_SOURCE));
		expect(values('resultsProcessing')).toEqual(Object.values(RESULTS));
		expect(values('output')).toEqual(Object.values(OUTPUT));
		expect(values('model')).toContain(CUSTOM_MODEL);
		expect(values('callbackMethod')).toEqual(['POST', 'PUT']);
	});

	it('gives every option parameter a default among its options', () => {
		for (const entry of allProperties(description.properties)) {
			if (entry.type !== 'options' && entry.type !== 'multiOptions') continue;
			const offered = (entry.options as INodePropertyOptions[]).map((option) => option.value);
			const defaults = entry.type === 'options' ? [entry.default] : (entry.default as unknown[]);
			for (const value of defaults)
				expect([entry.name, offered]).toEqual([entry.name, expect.arrayContaining([value])]);
		}
	});

	it('maps every entry of the Options collection to its own Deepgram parameter', () => {
		const options = property('options').options as INodeProperties[];
		const features = Object.fromEntries(
			options.map((option) => [option.name, option.type === 'boolean' ? true : ['x']]),
		) as TranscribeFeatures;
		const sent = listenQuery({
			model: 'm',
			language: { detect: false, code: 'en' },
			features,
			tags: [],
			extra: [],
		})
			.map(([key]) => key)
			.filter((key) => key !== 'model' && key !== 'language');
		expect(new Set(sent).size).toBe(options.length);
	});

	it('Wait for Callback: a restart webhook on the resume URL, a time limit, the same outputs, one item', () => {
		expect(description.webhooks).toEqual([
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'deepgram',
				restartWebhook: true,
			},
		]);
		// A restart webhook is not registered anywhere: no lifecycle methods.
		expect('webhookMethods' in new DeepgramTranscribe()).toBe(false);
		expect([property('timeLimit').default, property('timeLimitUnit').default]).toEqual([
			30,
			'minutes',
		]);
		for (const name of ['output', 'captions']) {
			expect(property(name).displayOptions?.show?.resultsProcessing).toEqual([
				RESULTS.transcript,
				RESULTS.wait,
			]);
		}
		for (const name of ['waitNotice', 'timeLimit', 'timeLimitUnit', 'checkDgToken']) {
			expect(property(name).displayOptions?.show?.resultsProcessing).toEqual([RESULTS.wait]);
		}
		expect(property('waitNotice').displayName).toContain('One item per execution');
		expect(property('waitNotice').displayName).toContain('N8N_WEBHOOK_URL');
	});
});
