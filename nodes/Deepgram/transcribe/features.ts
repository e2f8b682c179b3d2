import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkNumber, type NumberRule } from '../shared/numbers';
import {
	NODE_QUERY_PARAMETERS,
	type AdditionalParameter,
	type NodeQueryKey,
	type TranscribeFeatures,
} from './query';

/** Raw audio has no header, so Deepgram must be told its sample rate (and channels, default 1). */
const SAMPLE_RATE: NumberRule = { field: 'Sample Rate (Raw Audio)', min: 1, integer: true };
const CHANNELS: NumberRule = { field: 'Channels (Raw Audio)', min: 1, integer: true };
const UTT_SPLIT: NumberRule = { field: 'Utterance Split (Seconds)', min: 0 };

function invalid(node: INode, field: string, message: string): NodeOperationError {
	return new NodeOperationError(node, message, { description: `Check the "${field}" field.` });
}

const isSet = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * The Options collection, checked: numbers within Deepgram's ranges, and the raw-audio settings
 * only for an uploaded file (Deepgram reads them for headerless audio only), Encoding with its
 * Sample Rate.
 */
export function readFeatures(
	node: INode,
	options: TranscribeFeatures,
	fromBinary: boolean,
): TranscribeFeatures {
	const features = { ...options };
	if (isSet(features.uttSplit)) features.uttSplit = checkNumber(node, UTT_SPLIT, features.uttSplit);
	const raw = (['encoding', 'sampleRate', 'channels'] as const).filter((key) =>
		isSet(features[key]),
	);
	if (raw.length === 0) return features;
	if (!fromBinary) {
		throw invalid(
			node,
			'Encoding (Raw Audio)',
			'Encoding, Sample Rate and Channels describe raw audio uploaded from a binary field: remove them, or set Audio Source to Binary File',
		);
	}
	if (!isSet(features.encoding) || !isSet(features.sampleRate)) {
		throw invalid(
			node,
			isSet(features.encoding) ? SAMPLE_RATE.field : 'Encoding (Raw Audio)',
			'Raw audio needs both Encoding and Sample Rate (it has no header Deepgram could read them from): set both, or remove them for audio in a container such as WAV or MP3',
		);
	}
	features.sampleRate = checkNumber(node, SAMPLE_RATE, features.sampleRate);
	if (isSet(features.channels)) features.channels = checkNumber(node, CHANNELS, features.channels);
	return features;
}

const FIELD = 'Additional Query Parameters';

/**
 * Additional Query Parameters, for what Deepgram adds after this node: each name must be one the
 * node does not set itself, so callback, tag, extra (and the callback secret in it) stay the
 * node's. A name may repeat (sent once per value, as Deepgram reads repeated parameters).
 */
export function readAdditionalParameters(
	node: INode,
	pairs: ReadonlyArray<Partial<AdditionalParameter>>,
): AdditionalParameter[] {
	return pairs.map(({ name, value }, index) => {
		const key = String(name ?? '').trim();
		if (key === '') {
			throw invalid(node, FIELD, `${FIELD}: parameter ${index + 1} has an empty name: give it one`);
		}
		const lower = key.toLowerCase();
		if (Object.hasOwn(NODE_QUERY_PARAMETERS, lower)) {
			const setting = NODE_QUERY_PARAMETERS[lower as NodeQueryKey];
			throw invalid(
				node,
				FIELD,
				`${FIELD}: "${key}" is set by the node itself (${setting}): use that setting instead and remove it here`,
			);
		}
		return { name: key, value: String(value ?? '') };
	});
}
