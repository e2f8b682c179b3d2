import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

// The Transcribe node's item errors, so both nodes fail and report alike.
import { errorJson, itemError, stoppingError } from '../../shared/itemErrors';
import { isOperationName, operations } from './operations';

/**
 * Runs the chosen operation once per input item. Under Continue on Fail a failed item becomes
 * `{error, description, status, code, request_id}` and the rest go on; otherwise the error stops
 * the node, naming the item.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const operation = this.getNodeParameter('operation', itemIndex);
			if (!isOperationName(operation)) {
				throw new NodeOperationError(
					this.getNode(),
					`The operation "${String(operation)}" is not supported`,
					{ itemIndex },
				);
			}
			const results = await operations[operation].execute.call(this, itemIndex);
			for (const json of results) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (!this.continueOnFail()) throw stoppingError(this.getNode(), error, itemIndex);
			output.push({
				json: errorJson(itemError(this.getNode(), error, itemIndex)),
				pairedItem: { item: itemIndex },
			});
		}
	}
	return [output];
}
