import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	errorOutputItem,
	mainOutputItems,
	notLoadedRecords,
	type LoadRecords,
} from './failedRecordItems';
import { failedRecordsFileItem } from './reportFile';

/**
 * The last step of Create Batch. With the node setting On Error: Continue (using error output),
 * every record that did not load becomes one error-output item, paired with its input item, and
 * the main output keeps the batches. With the Failed Records File option (while waiting), one
 * summary item with the CSV file follows the batches. Otherwise the output is left as it is.
 */
export async function withFailedRecords(
	this: IExecuteFunctions,
	input: {
		output: INodeExecutionData[];
		records: LoadRecords;
		itemCount: number;
		failedRecordsFile: boolean;
	},
): Promise<INodeExecutionData[]> {
	const { output, records, itemCount, failedRecordsFile } = input;
	const toErrorOutput = this.getNode().onError === 'continueErrorOutput';
	if (!toErrorOutput && !failedRecordsFile) return output;

	const notLoaded = await notLoadedRecords(output, records);
	const batchItems = mainOutputItems(output);
	const main = toErrorOutput ? batchItems : output;
	const summary = failedRecordsFile
		? [await failedRecordsFileItem.call(this, { batchItems, notLoaded, records, itemCount })]
		: [];
	const errors = toErrorOutput ? notLoaded.map(errorOutputItem) : [];
	return [...main, ...summary, ...errors];
}
