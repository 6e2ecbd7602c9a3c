// Create Batch's last step: failed records to the error output or into the Failed Records File.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { mainOutputItems, notLoadedRecords } from './failedRecordItems';
import type { LoadRecords } from '../sources/loadRecords';
import type { NotLoadedRecord } from './notLoadedRecord';
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

/**
 * An item for n8n's error output. n8n moves an item there only when its json is `error` and
 * `message` alone (n8n 1.x; 2.x also allows `details`), and lays it over its first paired input
 * item's fields; an item with an `error` property instead loses its json. So the sentence is
 * `message` and everything else is in the `error` object.
 */
export function errorOutputItem(entry: NotLoadedRecord): INodeExecutionData {
	const { origin } = entry;
	const error: IDataObject = {
		kind: entry.kind,
		code: entry.code,
		itemIndex: origin?.itemIndex ?? null,
		...(origin?.fileName === undefined ? {} : { fileName: origin.fileName }),
		...(origin?.fileName === undefined && origin?.line === undefined
			? {}
			: { line: origin?.line ?? null }),
		jobId: entry.jobId ?? null,
		batchId: entry.batchId ?? null,
		batchNumber: entry.batchNumber ?? null,
		...(entry.kind === 'rejectedByFluent'
			? { entityRef: entry.entityRef ?? null, responseCode: entry.responseCode ?? null }
			: {}),
		message: entry.message,
		...(entry.description ? { description: entry.description } : {}),
		...(entry.kind === 'invalid' ? {} : { record: entry.record ?? null }),
	};
	return {
		json: { error, message: entry.error },
		pairedItem: entry.pairedItem,
	};
}
