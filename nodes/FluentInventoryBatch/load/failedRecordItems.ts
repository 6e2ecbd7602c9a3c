// The records of a load that did not reach Fluent's stock, one entry each: rejected by Fluent in
// a COMPLETE batch, invalid on input, or in a batch that was never accepted. They feed n8n's
// error output (On Error: Continue (using error output)) and the Failed Records File.
import type { IDataObject, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import type { FailedRecord } from './batchResults';
import type { InventoryRecord } from './records/inventoryRecord';

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

export type NotLoadedKind = 'rejectedByFluent' | 'invalid' | 'notSent';

export interface NotLoadedRecord {
	kind: NotLoadedKind;
	/** Undefined for a failure Fluent reported with an entityRef that matches no record sent. */
	origin?: RecordOrigin;
	/** The input items the entry is paired with (one array shared by a batch's unmatched failures). */
	pairedItem: IPairedItemData[];
	jobId?: string;
	batchId?: string;
	batchNumber?: number;
	/** The record as sent (or, for a batch not sent, as it would have been sent). */
	record?: InventoryRecord;
	entityRef?: string | null;
	responseCode?: string | null;
	/** Fluent's message, or what is wrong with the item, or why the batch was not loaded. */
	message: string | null;
	/** The error's own wording, naming the item (or file line) and what to do. */
	error: string;
	description?: string;
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

/** Fluent's entityRef of a record: its `ref` when it has one, else `<skuRef>:<locationRef>`. */
function entityRefOf(record: InventoryRecord): string {
	const ref = record.ref;
	if (typeof ref === 'string' && ref !== '') return ref;
	return `${String(record.skuRef)}:${String(record.locationRef)}`;
}

/**
 * Matches each failure of one batch to the place in the batch of the record it names. The index
 * holds only this batch's records (at most 5,000) and is dropped afterwards, so a
 * million-record load never indexes more than one batch. Records sharing an entityRef (the same
 * SKU and location for two retailers) are matched in the order sent, as Fluent reports results
 * in that order.
 */
function matchFailures(
	failures: FailedRecord[],
	records: InventoryRecord[],
): Array<number | undefined> {
	const byRef = new Map<string, number[]>();
	for (const [place, record] of records.entries()) {
		const key = entityRefOf(record);
		const same = byRef.get(key);
		if (same) same.push(place);
		else byRef.set(key, [place]);
	}
	return failures.map((failure) =>
		failure.entityRef === null ? undefined : byRef.get(String(failure.entityRef))?.shift(),
	);
}

/** "item 7", or for a file's row "stock.csv line 8" (header = line 1). */
export function describeOrigin(origin: RecordOrigin): string {
	return origin.line === undefined
		? `item ${origin.itemIndex}`
		: `${origin.fileName ?? `the file of item ${origin.itemIndex}`} line ${origin.line}`;
}

function describeRecord(record: InventoryRecord): string {
	return `SKU ${String(record.skuRef)} at location ${String(record.locationRef)}`;
}

/** A file batch's records all come from the file of one input item (fileOutput.ts names it). */
function fileOf(json: IDataObject): RecordOrigin | undefined {
	return typeof json.fileName === 'string'
		? { itemIndex: Number(json.itemIndex), fileName: json.fileName }
		: undefined;
}

function pairedItemsOf(item: INodeExecutionData): IPairedItemData[] {
	const { pairedItem } = item;
	if (Array.isArray(pairedItem)) return [...pairedItem];
	if (typeof pairedItem === 'number') return [{ item: pairedItem }];
	return pairedItem ? [pairedItem] : [];
}

/** Why a batch's records are not at hand: they could not be read again (a file that changed). */
const notReadAgain = (purpose: string, reason: Error | undefined) =>
	`The records of this batch could not be read again ${purpose} (${reason?.message ?? 'unknown reason'}).`;

function rejectedRecords(
	item: INodeExecutionData,
	batch: BatchRecords | undefined,
	unreadable: Error | undefined,
): NotLoadedRecord[] {
	const { json } = item;
	const failures = json.failedRecords as unknown as FailedRecord[];
	const matches = batch ? matchFailures(failures, batch.records) : [];
	const jobId = String(json.jobId);
	const batchId = String(json.batchId);
	const file = fileOf(json);
	// If Fluent's entityRef never matches, every failure of the batch is unmatched: they share
	// one list of the batch's items rather than each holding up to 5,000 pairings of its own.
	let allOfBatch: IPairedItemData[] | undefined;
	const unmatchedWhy = !batch
		? notReadAgain('to find this one', unreadable)
		: file
			? `Its entityRef matches no row of ${file.fileName} sent in this batch, so its line is not known.`
			: `Its entityRef matches no record sent in this batch, so it is paired with all of the batch's items.`;
	return failures.map((failure, position): NotLoadedRecord => {
		const place = matches[position];
		const fluentSays = `${failure.responseCode ?? '?'} ${failure.message ?? ''}`.trim();
		const common = {
			kind: 'rejectedByFluent' as const,
			jobId,
			batchId,
			batchNumber: Number(json.batchNumber),
			entityRef: failure.entityRef,
			responseCode: failure.responseCode,
			message: failure.message,
		};
		if (batch === undefined || place === undefined) {
			return {
				...common,
				origin: file,
				pairedItem: (allOfBatch ??= pairedItemsOf(item)),
				error: `Fluent rejected a record of batch ${batchId}${file ? ` from ${file.fileName}` : ''} (entityRef ${failure.entityRef ?? 'none'}): ${fluentSays}`,
				description: `${unmatchedWhy} The other records were loaded.`,
			};
		}
		const origin = batch.origins[place];
		const record = batch.records[place];
		return {
			...common,
			origin,
			pairedItem: [{ item: origin.itemIndex }],
			record,
			error: `Fluent rejected ${describeOrigin(origin)} (${describeRecord(record)}): ${fluentSays}`,
			description: `Job ${jobId}, batch ${batchId}. The other records were loaded; fix this ${origin.fileName === undefined ? 'record' : `row of ${origin.fileName}`} and send it again.`,
		};
	});
}

function notSentRecords(
	item: INodeExecutionData,
	batch: BatchRecords | undefined,
	unreadable: Error | undefined,
): NotLoadedRecord[] {
	const { json } = item;
	const common = {
		kind: 'notSent' as const,
		jobId: json.jobId === undefined ? undefined : String(json.jobId),
		batchNumber: Number(json.batchNumber),
		message: String(json.error),
	};
	const description = typeof json.description === 'string' ? json.description : undefined;
	if (batch === undefined) {
		// Its records cannot be listed one by one: the batch as a whole is the entry.
		const file = fileOf(json);
		return [
			{
				...common,
				origin: file,
				pairedItem: pairedItemsOf(item),
				error: `The ${String(json.recordCount)} records of batch ${common.batchNumber}${file ? ` from ${file.fileName}` : ''} were not loaded: ${String(json.error)}`,
				description:
					`${notReadAgain('to list them one by one', unreadable)} ${description ?? ''}`.trim(),
			},
		];
	}
	return batch.records.map((record, place) => {
		const origin = batch.origins[place];
		return {
			...common,
			origin,
			pairedItem: [{ item: origin.itemIndex }],
			record,
			error: `${describeOrigin(origin)} was not loaded: ${String(json.error)}`,
			description,
		};
	});
}

/** An input item (or a file's row, or a file) that was never sent because it is not valid. */
function invalidRecord(json: IDataObject): NotLoadedRecord {
	const itemIndex = Number(json.itemIndex);
	const origin: RecordOrigin = {
		itemIndex,
		...(typeof json.fileName === 'string' ? { fileName: json.fileName } : {}),
		...(typeof json.line === 'number' ? { line: json.line } : {}),
	};
	// A file that cannot be read at all has no problems list: its error says what is wrong.
	const problems = Array.isArray(json.problems) ? (json.problems as IDataObject[]) : undefined;
	return {
		kind: 'invalid',
		origin,
		pairedItem: [{ item: itemIndex }],
		message: problems
			? problems
					// A file row's problem already names its column ('"qty" must be …'); an item's
					// problem follows the field's name ('must be …').
					.map((problem) =>
						origin.fileName === undefined
							? `${String(problem.field)} ${String(problem.problem)}`
							: String(problem.problem),
					)
					.join('; ')
			: String(json.error),
		error: String(json.error),
		description: problems
			? problems.map((problem) => problem.fix).join(' ')
			: typeof json.description === 'string'
				? json.description
				: undefined,
	};
}

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

/** The output items that stay on the main output when the error output takes the rest. */
export function mainOutputItems(output: INodeExecutionData[]): INodeExecutionData[] {
	return output.filter(({ json }) => outputKind(json) === 'sentBatch');
}
