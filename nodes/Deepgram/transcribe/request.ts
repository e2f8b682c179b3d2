import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CallbackSecurity } from '../shared/callbackSecurity';
import { extraWithSecret, securedCallbackUrl } from '../shared/callbackSender';
import type { CallbackMethod } from '../shared/constants';
import type { QueryValue } from '../shared/query';
import { shownUrl } from '../shared/redact';
import { checkCallbackMethod, checkCallbackUrl, checkExtra, checkTags } from '../shared/rules';
import type { ExtraPair } from '../shared/types';
import { audioFromBinary, audioFromUrl, type AudioRef } from './audio';
import { AUDIO_SOURCE, CUSTOM_LANGUAGE, CUSTOM_MODEL, OUTPUT, RESULTS } from './choices';
import { readAdditionalParameters, readFeatures } from './features';
import {
	listenQuery,
	type AdditionalParameter,
	type LanguageChoice,
	type TranscribeFeatures,
} from './query';
import { withRoutingKey } from './routingKey';
import { submissionKey, type SubmissionScope } from './submissionKey';

/** What the node tells the user about a callback request (never the secret or the user info). */
export interface CallbackEcho {
	callback: string;
	callback_method: CallbackMethod;
	tags: string[];
	extra: IDataObject;
	/** Sent as extra: every job Deepgram accepts for this item's request carries it back. */
	idempotency_key: string;
}

export interface TranscriptOutput {
	raw: boolean;
	captions: boolean;
}

/** One item's request, read and checked before any request is sent. */
export interface PreparedRequest {
	itemIndex: number;
	/** The submission key (./submissionKey.ts): the same job has the same key. */
	key: string;
	audio: AudioRef;
	query: Array<[string, QueryValue]>;
	/** Set when Deepgram calls back (Send to Callback URL, Wait for Callback). */
	callback?: CallbackEcho;
	/** How to shape the transcript: from Deepgram's answer, or from its callback when waiting. */
	output: TranscriptOutput;
}

/** A list parameter, also when an expression gave a single value. */
function list(value: unknown): string[] {
	if (value === undefined || value === null || value === '') return [];
	return (Array.isArray(value) ? value : [value]).map((entry) => String(entry ?? ''));
}

function modelName(node: INode, model: string, customModel: string): string {
	if (model !== CUSTOM_MODEL) return model.trim();
	const name = customModel.trim();
	if (name === '') {
		throw new NodeOperationError(node, 'Custom Model is empty: enter a Deepgram model name', {
			description: 'Check the "Custom Model" field, or pick a model from the list.',
		});
	}
	return name;
}

/** The Language list's code, or the typed one for a language newer than the list. */
function languageCode(choice: unknown, custom: unknown): string {
	return String(choice === CUSTOM_LANGUAGE ? custom : choice).trim();
}

/** Where Deepgram calls back, and how the output shows it. */
export interface CallbackTarget {
	url: URL;
	method: CallbackMethod;
	/** The URL as the output shows it: without user info or n8n's resume token. */
	shown: string;
}

function callbackUrlTarget(node: INode, url: string, method: string): CallbackTarget {
	const checked = checkCallbackUrl(node, url);
	return {
		url: checked,
		method: checkCallbackMethod(node, method),
		shown: shownUrl(checked.href) as string,
	};
}

/** What every item of a node run is sent with, read once. */
export interface Sender {
	security: CallbackSecurity;
	scope: SubmissionScope;
	/** n8n's own webhook address: callback URLs under it get `dg_job` (./routingKey.ts). */
	webhookBase?: string;
}

/** The user's Idempotency Key for the item, if any (Request Options). */
function userKey(value: unknown): string | undefined {
	const text = value === undefined || value === null ? '' : String(value).trim();
	return text === '' ? undefined : text;
}

/**
 * One item's request. With Send to Callback URL the target comes from the item's parameters; Wait
 * for Callback passes its own (this execution's resume URL) as `waitTarget`.
 */
export function prepareRequest(
	this: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
	sender: Sender,
	waitTarget?: CallbackTarget,
): PreparedRequest {
	const { security } = sender;
	const node = this.getNode();
	const param = <T>(name: string, fallback?: T) =>
		this.getNodeParameter(name, itemIndex, fallback) as T;

	const fromUrl = param<string>('audioSource') === AUDIO_SOURCE.url;
	const audio = fromUrl
		? audioFromUrl(node, String(param<string>('audioUrl')))
		: audioFromBinary(node, item, String(param<string>('binaryPropertyName')));

	const model = modelName(node, String(param('model')), String(param('customModel', '')));
	const language: LanguageChoice = param<boolean>('detectLanguage', false)
		? {
				detect: true,
				candidates: list(param('languageCandidates', [])).filter((code) => code.trim()),
			}
		: { detect: false, code: languageCode(param('language', ''), param('customLanguage', '')) };
	const features = readFeatures(node, param<TranscribeFeatures>('options', {}), !fromUrl);
	const additional = readAdditionalParameters(
		node,
		param<Array<Partial<AdditionalParameter>>>('additionalQuery.parameters', []),
	);

	const tags = checkTags(node, list(param('tags', [])));
	const pairs = checkExtra(
		node,
		param<Array<Partial<ExtraPair>>>('extraMetadata.pairs', []).map(({ key, value }) => ({
			key: String(key ?? ''),
			value: String(value ?? ''),
		})),
	);

	const mode = param<string>('resultsProcessing');
	const output: TranscriptOutput = {
		raw: param<string>('output', OUTPUT.simplified) === OUTPUT.raw,
		captions: param<boolean>('captions', false),
	};
	const target =
		mode === RESULTS.wait
			? waitTarget
			: mode === RESULTS.callback
				? callbackUrlTarget(node, String(param('callbackUrl')), String(param('callbackMethod')))
				: undefined;
	// What is asked of Deepgram and how the item shows it, without the credential's values; the
	// audio is the item's (within a run) or what the user's key names (across executions).
	const job = [
		model,
		language,
		features,
		additional,
		tags,
		pairs,
		mode,
		output,
		target?.shown,
		target?.method,
	];
	const key = submissionKey(
		sender.scope,
		itemIndex,
		job,
		userKey(param('requestOptions.idempotencyKey', '')),
	);
	if (target) {
		const { url, method, shown } = target;
		const submission = key;
		const extra = extraWithSecret(node, pairs, security, submission);
		return {
			itemIndex,
			key,
			audio,
			query: listenQuery({
				model,
				language,
				features,
				callback: {
					url: securedCallbackUrl(
						mode === RESULTS.callback
							? withRoutingKey(url, method, submission, sender.webhookBase)
							: url,
						security,
					),
					method,
				},
				tags,
				extra,
				additional,
			}),
			callback: {
				callback: shown,
				callback_method: method,
				tags,
				extra: Object.fromEntries(pairs.map(({ key, value }) => [key, value])),
				idempotency_key: submission,
			},
			output,
		};
	}

	// Without a callback the secret has nothing to protect, so it is not sent; the key stays reserved.
	const extra = extraWithSecret(node, pairs, {});
	return {
		itemIndex,
		key,
		audio,
		query: listenQuery({ model, language, features, tags, extra, additional }),
		output,
	};
}
