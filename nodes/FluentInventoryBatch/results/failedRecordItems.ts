// The records of a load that did not reach Fluent's stock, one entry each (notLoadedRecord.ts),
// gathered from Create Batch's output. They feed n8n's error output (On Error: Continue (using
// error output)) and the Failed Records File.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { BatchRecords, LoadRecords } from '../sources/loadRecords';
import {
	invalidRecord,
	notSentRecords,
	rejectedRecords,
	type NotLoadedRecord,
} from './notLoadedRecord';

function hasFailedRecords(json: IDataObject): boolean {
	return Array.isArray(json.failedRecords) && json.failedRecords.length > 0;
}

/**
 * Reads the output items Create Batch built (load/output.ts, for files also fileProblems.ts) and
 * lists every record in them that did not load, in output order. Only the batches with failed
 * or unsent records are built (or read from their files) again. Batch items stay as they are.
 */
export async function notLoadedRecords(
	output: INodeExecutionData[],
	records: LoadRecords,
): Promise<NotLoadedRecord[]> {
	const needed = new Map<number, INodeExecutionData>();
	for (const item of output) {
		const kind = outputKind(item.json);
		if (kind === 'unsentBatch' || (kind === 'sentBatch' && hasFailedRecords(item.json))) {
			needed.set(Number(item.json.batchNumber) - 1, item);
		}
	}
	const entries = new Map<number, NotLoadedRecord[]>();
	const entriesOf = (
		item: INodeExecutionData,
		batch: BatchRecords | undefined,
		unreadable?: Error,
	) =>
		outputKind(item.json) === 'unsentBatch'
			? notSentRecords(item, batch, unreadable)
			: rejectedRecords(item, batch, unreadable);
	// A file that changed or vanished since it was sent still leaves every failure reported,
	// only without its line.
	let unreadable: Error | undefined;
	try {
		const positions = [...needed.keys()].sort((a, b) => a - b);
		for await (const batch of records.readBatches(positions)) {
			const item = needed.get(batch.position);
			if (item) entries.set(batch.position, entriesOf(item, batch));
		}
	} catch (error) {
		unreadable = error as Error;
	}
	return output.flatMap((item) => {
		const kind = outputKind(item.json);
		if (kind === 'invalidItem') return [invalidRecord(item.json)];
		const position = Number(item.json.batchNumber) - 1;
		if (needed.get(position) !== item) return [];
		return entries.get(position) ?? entriesOf(item, undefined, unreadable);
	});
}

/**
 * Which of the output items this is: `invalidItems` (output.ts) or a file's row or file that
 * was left out (fileProblems.ts `fileErrorItems`), `unsentBatchItem` or `sentBatchItem`.
 */
function outputKind(json: IDataObject): 'invalidItem' | 'unsentBatch' | 'sentBatch' {
	if (Array.isArray(json.problems)) return 'invalidItem';
	if (json.batchNumber === undefined && typeof json.error === 'string') return 'invalidItem';
	return json.batchId === undefined && typeof json.error === 'string' ? 'unsentBatch' : 'sentBatch';
}

/** The output items that stay on the main output when the error output takes the rest. */
export function mainOutputItems(output: INodeExecutionData[]): INodeExecutionData[] {
	return output.filter(({ json }) => outputKind(json) === 'sentBatch');
}
