// Runs an operation item by item: output paired with input, Continue On Fail, cancellation.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { errorItemJson } from '../results/output';
import { cancelledError } from '../transport/cancellation';

/**
 * Runs `handleItem` for each input item and pairs every output with its input. With "Continue
 * On Fail" a failed item becomes an error item and the rest go on; a cancelled execution stops.
 */
export async function executePerItem(
	this: IExecuteFunctions,
	handleItem: (itemIndex: number) => Promise<IDataObject>,
): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const abortSignal = this.getExecutionCancelSignal();
	const output: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		if (abortSignal?.aborted) throw cancelledError(this.getNode(), itemIndex);
		try {
			const json = await handleItem(itemIndex);
			output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (this.continueOnFail() && !abortSignal?.aborted) {
				output.push({ json: errorItemJson(error as Error), pairedItem: { item: itemIndex } });
				continue;
			}
			// n8n's lint rule forbids re-throwing even these as they are; both constructors hand
			// an error of their own class back unchanged.
			if (error instanceof NodeApiError) {
				error.context.itemIndex ??= itemIndex;
				throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
			}
			if (error instanceof NodeOperationError) error.context.itemIndex ??= itemIndex;
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
	}
	return output;
}
