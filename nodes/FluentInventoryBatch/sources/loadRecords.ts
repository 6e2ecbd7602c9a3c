// What a load's failed records are looked up in: its records again, batch by batch, with origins.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { InventoryRecord } from '../records/inventoryRecord';

// What the failed records of a load are looked up in (failedRecordItems.ts): the load's records,
// one batch at a time, with where each came from. Input items give them here; a file load's
// FileBatchReader reads them from the files again.

/** Where a record came from: its input item, and for a record read from a file, its line. */
export interface RecordOrigin {
	itemIndex: number;
	/** For a record read from a file: the file's name and the record's line (header = line 1). */
	fileName?: string;
	line?: number;
}

/** The records of one batch, built (or read from its file) again, with where each came from. */
export interface BatchRecords {
	/** Batch number - 1. */
	position: number;
	records: InventoryRecord[];
	/** Where each record came from, by its place in `records`. */
	origins: RecordOrigin[];
}

/** What the failed records are looked up in: the load's records, one batch at a time. */
export interface LoadRecords {
	/** Records From: Binary File; the report file then names each record's file and line. */
	fromFiles: boolean;
	/**
	 * The records of the batches at these positions (ascending), one batch after another, so that
	 * no more than one batch's records are held at a time: built again from the input items, or
	 * read again from the files (each file once, for all of its batches asked for).
	 */
	readBatches(positions: number[]): AsyncIterable<BatchRecords>;
	/** The input item's json, to name an invalid item's fields in the report file. */
	inputJson(itemIndex: number): IDataObject;
}

export const recordsFromInputItems = (input: {
	batches: number[][];
	recordAt(itemIndex: number): InventoryRecord;
	items: INodeExecutionData[];
}): LoadRecords => ({
	fromFiles: false,
	async *readBatches(positions) {
		for (const position of positions) {
			const itemIndexes = input.batches[position] ?? [];
			yield {
				position,
				records: itemIndexes.map(input.recordAt),
				origins: itemIndexes.map((itemIndex) => ({ itemIndex })),
			};
		}
	},
	inputJson: (itemIndex) => input.items[itemIndex]?.json ?? {},
});

/** "item 7", or for a file's row "stock.csv line 8" (header = line 1). */
export function describeOrigin(origin: RecordOrigin): string {
	return origin.line === undefined
		? `item ${origin.itemIndex}`
		: `${origin.fileName ?? `the file of item ${origin.itemIndex}`} line ${origin.line}`;
}
