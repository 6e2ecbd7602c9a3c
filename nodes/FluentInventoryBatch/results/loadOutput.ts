// Create Batch's last step: its output items, with failed records to the error output or into
// the Failed Records File.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { notLoadedRecords } from './failedRecordItems';
import type { LoadRecords } from '../sources/loadRecords';
import type { NotLoadedRecord } from './notLoadedRecord';
import type { LoadOutcome } from './outcome';
import { outcomeItem } from './output';
import { failedRecordsFileItem } from './reportFile';

/**
 * The last step of Create Batch: one output item per entry of the outcome. With the node setting
 * On Error: Continue (using error output), every record that did not load becomes one
 * error-output item, paired with its input item, and the main output keeps the accepted batches.
 * With the Failed Records File option (while waiting), one summary item with the CSV file
 * follows the batches.
 */
export async function loadOutput(
	this: IExecuteFunctions,
	input: {
		outcome: LoadOutcome;
		records: LoadRecords;
		itemCount: number;
		failedRecordsFile: boolean;
	},
): Promise<INodeExecutionData[]> {
	const { outcome, records, itemCount, failedRecordsFile } = input;
	const output = outcome.entries.map((entry) => outcomeItem(entry, outcome));
	const toErrorOutput = this.getNode().onError === 'continueErrorOutput';
	if (!toErrorOutput && !failedRecordsFile) return output;

	const notLoaded = await notLoadedRecords(outcome, records);
	const main = toErrorOutput
		? output.filter((_, position) => outcome.entries[position].kind === 'sentBatch')
		: output;
	const summary = failedRecordsFile
		? [await failedRecordsFileItem.call(this, { outcome, notLoaded, records, itemCount })]
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
