import {
	readAdditionalParameters,
	readFeatures,
} from '../../../nodes/Deepgram/transcribe/features';
import { testNode } from '../shared/node';

const errorOf = (run: () => unknown) => {
	try {
		run();
	} catch (error) {
		const { message, description } = error as { message: string; description?: string };
		return { message, description };
	}
	throw new Error('expected an error');
};

describe('Additional Query Parameters', () => {
	it('passes names the node does not set, repeated ones too, trimmed', () => {
		expect(
			readAdditionalParameters(testNode, [
				{ name: ' new_feature ', value: 'true' },
				{ name: 'new_feature', value: 'x y' },
				{ name: 'constructor', value: '1' },
			]),
		).toEqual([
			{ name: 'new_feature', value: 'true' },
			{ name: 'new_feature', value: 'x y' },
			{ name: 'constructor', value: '1' },
		]);
	});

	it.each([
		['callback', 'Results Processing (Callback URL)'],
		['callback_method', 'Callback Method'],
		['tag', 'Tags'],
		['Extra', 'Extra Metadata'],
		[' mip_opt_out ', 'Options → Opt Out of Model Improvement'],
		['sample_rate', 'Options → Sample Rate (Raw Audio)'],
	])('refuses %j, which the node sets itself, naming the setting to use', (name, setting) => {
		expect(errorOf(() => readAdditionalParameters(testNode, [{ name, value: 'x' }]))).toEqual({
			message: `Additional Query Parameters: "${name.trim()}" is set by the node itself (${setting}): use that setting instead and remove it here`,
			description: 'Check the "Additional Query Parameters" field.',
		});
	});

	it('refuses an empty name', () => {
		expect(
			errorOf(() => readAdditionalParameters(testNode, [{ name: 'a', value: '' }, { value: 'x' }]))
				.message,
		).toBe('Additional Query Parameters: parameter 2 has an empty name: give it one');
	});
});

describe('raw audio and number options', () => {
	it('passes Encoding with Sample Rate (and Channels) for an uploaded file, numbers from text too', () => {
		expect(
			readFeatures(
				testNode,
				{ encoding: 'linear16', sampleRate: '8000' as unknown as number, channels: 2 },
				true,
			),
		).toEqual({ encoding: 'linear16', sampleRate: 8000, channels: 2 });
	});

	it('refuses raw-audio settings for an audio URL', () => {
		expect(errorOf(() => readFeatures(testNode, { sampleRate: 8000 }, false))).toEqual({
			message:
				'Encoding, Sample Rate and Channels describe raw audio uploaded from a binary field: remove them, or set Audio Source to Binary File',
			description: 'Check the "Encoding (Raw Audio)" field.',
		});
	});

	it('needs Encoding and Sample Rate together', () => {
		expect(errorOf(() => readFeatures(testNode, { encoding: 'mulaw' }, true)).description).toBe(
			'Check the "Sample Rate (Raw Audio)" field.',
		);
		expect(errorOf(() => readFeatures(testNode, { sampleRate: 8000 }, true)).description).toBe(
			'Check the "Encoding (Raw Audio)" field.',
		);
	});

	it('checks the numbers', () => {
		expect(
			errorOf(() => readFeatures(testNode, { encoding: 'mulaw', sampleRate: 0 }, true)).message,
		).toBe('Sample Rate (Raw Audio) must be a whole number of at least 1, not 0');
		expect(
			errorOf(() =>
				readFeatures(testNode, { encoding: 'mulaw', sampleRate: 8000, channels: 1.5 }, true),
			).message,
		).toBe('Channels (Raw Audio) must be a whole number of at least 1, not 1.5');
		expect(errorOf(() => readFeatures(testNode, { uttSplit: -1 }, false)).message).toBe(
			'Utterance Split (Seconds) must be a number of at least 0, not -1',
		);
	});
});
