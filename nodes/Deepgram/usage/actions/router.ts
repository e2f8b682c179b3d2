import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { nodeErrorFor } from '../helpers/nodeError';
import { isOperationName, operations } from './operations';

/**
 * Runs the chosen operation once per input item. A failed item becomes `{error}` under Continue
 * on Fail and the rest go on; otherwise the error stops the node, naming the item.
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
					{
						itemIndex,
					},
				);
			}
			const results = await operations[operation].execute.call(this, itemIndex);
			for (const json of results) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (this.continueOnFail()) {
				output.push({
					json: { error: (error as Error).message },
					pairedItem: { item: itemIndex },
				});
				continue;
			}
			throw nodeErrorFor(this.getNode(), error, itemIndex);
		}
	}
	return [output];
}
