import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

type ItemError = NodeApiError | NodeOperationError;

/** Any failure as an n8n node error that knows its item. */
export function itemError(node: INode, error: unknown, itemIndex: number): ItemError {
	const nodeError =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(node, error as Error, { itemIndex });
	nodeError.context.itemIndex ??= itemIndex;
	return nodeError;
}

/** The error that stops the node: its message also names the item, as n8n's own nodes do. */
export function stoppingError(node: INode, error: unknown, itemIndex: number): ItemError {
	const nodeError = itemError(node, error, itemIndex);
	const suffix = ` [item ${itemIndex}]`;
	if (!nodeError.message.endsWith(suffix)) nodeError.message += suffix;
	return nodeError;
}

/** The output of a failed item under Continue On Fail: Deepgram's message, code and request_id. */
export function errorJson(error: ItemError): IDataObject {
	const response = (error.errorResponse ?? {}) as JsonObject;
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (typeof response.status === 'number') json.status = response.status;
	if (typeof response.code === 'string') json.code = response.code;
	if (typeof response.request_id === 'string') json.request_id = response.request_id;
	return json;
}
