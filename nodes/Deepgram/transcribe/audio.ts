import type { IBinaryData, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Where an item's audio comes from, checked before anything is sent. */
export type AudioRef =
	| { kind: 'url'; url: string }
	| { kind: 'binary'; field: string; binary: IBinaryData };

/** What the transport sends: the body (a function when it is a stream, so a retry reopens it). */
export interface Upload {
	body: unknown;
	headers: Record<string, string>;
	/** Closes any stream a failed or answered request left open. */
	close(): void;
}

type BinaryStream = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

// application/ogg is what some tools call Ogg audio; octet-stream is raw audio of unknown type.
const MEDIA_TYPES_BEYOND_AUDIO_VIDEO = ['application/octet-stream', 'application/ogg'];

function isMediaType(mimeType: string | undefined): boolean {
	const type = (mimeType ?? '').split(';')[0].trim().toLowerCase();
	return /^(audio|video)\/[^/]+$/.test(type) || MEDIA_TYPES_BEYOND_AUDIO_VIDEO.includes(type);
}

export function audioFromUrl(node: INode, value: string): AudioRef {
	const text = value.trim();
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || !['http:', 'https:'].includes(url.protocol)) {
		throw new NodeOperationError(
			node,
			`Audio URL "${text}" is not an http or https address Deepgram can download from`,
			{
				description:
					'Check the "Audio URL" field: use a full public address such as https://example.com/audio.mp3',
			},
		);
	}
	return { kind: 'url', url: url.href };
}

export function audioFromBinary(node: INode, item: INodeExecutionData, field: string): AudioRef {
	const binary = item.binary?.[field];
	if (!binary) {
		const fields = Object.keys(item.binary ?? {});
		throw new NodeOperationError(
			node,
			`Input Binary Field: the item has no binary field "${field}"`,
			{
				description: fields.length
					? `Check the "Input Binary Field" field: this item’s binary fields are ${fields.map((name) => `"${name}"`).join(', ')}.`
					: 'The item has no binary data: read or download the audio in an earlier node, or set Audio Source to URL.',
			},
		);
	}
	if (!isMediaType(binary.mimeType)) {
		throw new NodeOperationError(
			node,
			`Input Binary Field "${field}" holds "${binary.mimeType || 'no MIME type'}", not audio or video`,
			{
				description:
					'Deepgram transcribes audio and video: pass an audio/* or video/* file, or set its MIME type to application/octet-stream.',
			},
		);
	}
	return { kind: 'binary', field, binary };
}

/**
 * Opens an item's audio for sending. Binary data n8n keeps on disk is streamed, with its size
 * as Content-Length, so a large file never sits in memory; in-memory binary data is sent as is.
 */
export async function openUpload(
	this: IExecuteFunctions,
	audio: AudioRef,
	itemIndex: number,
): Promise<Upload> {
	if (audio.kind === 'url') {
		return {
			body: { url: audio.url },
			headers: { 'Content-Type': 'application/json' },
			close() {},
		};
	}
	const headers = { 'Content-Type': audio.binary.mimeType };
	const id = audio.binary.id;
	if (!id) {
		const buffer = await this.helpers.getBinaryDataBuffer(itemIndex, audio.field);
		return { body: buffer, headers, close() {} };
	}
	const { fileSize } = await this.helpers.getBinaryMetadata(id);
	const opened: BinaryStream[] = [];
	return {
		body: async () => {
			const stream = await this.helpers.getBinaryStream(id);
			opened.push(stream);
			return stream;
		},
		headers: { ...headers, 'Content-Length': String(fileSize) },
		close() {
			for (const stream of opened) stream.destroy();
		},
	};
}
