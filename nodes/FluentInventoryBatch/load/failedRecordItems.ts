// The records of a load that did not reach Fluent's stock, one entry each: rejected by Fluent in
// a COMPLETE batch, invalid on input, or in a batch that was never accepted. They feed n8n's
// error output (On Error: Continue (using error output)) and the Failed Records File.
import type { IDataObject, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import type { FailedRecord } from './batchResults';
import type { InventoryRecord } from './records/inventoryRecord';

/** Where a record came from: its input item, and for a record read from a file, its line. */
export interface RecordOrigin {
	itemIndex: number;
	line?: number;
}

/** What the failed records are looked up in: the load's plan and where each record came from. */
export interface LoadRecords {
	/** Record indexes of each batch, by batch number - 1 (for input items: item indexes). */
	batches: number[][];
	recordAt(recordIndex: number): InventoryRecord;
	/** Input items give one record each; a file source (issue 15) maps a record to item and line. */
	originOf(recordIndex: number): RecordOrigin;
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
	batches: input.batches,
	recordAt: input.recordAt,
	originOf: (recordIndex) => ({ itemIndex: recordIndex }),
	inputJson: (itemIndex) => input.items[itemIndex]?.json ?? {},
});

/** Fluent's entityRef of a record: its `ref` when it has one, else `<skuRef>:<locationRef>`. */
function entityRefOf(record: InventoryRecord): string {
	const ref = record.ref;
	if (typeof ref === 'string' && ref !== '') return ref;
	return `${String(record.skuRef)}:${String(record.locationRef)}`;
}

/**
 * Matches each failure of one batch to the record it names. The index holds only this batch's
 * records (at most 5,000) and is dropped afterwards, so a million-record load never indexes more
 * than one batch. Records sharing an entityRef (the same SKU and location for two retailers) are
 * matched in the order sent, as Fluent reports results in that order.
 */
function matchFailures(
	failures: FailedRecord[],
	recordIndexes: number[],
	recordAt: (recordIndex: number) => InventoryRecord,
): Array<number | undefined> {
	const byRef = new Map<string, number[]>();
	for (const recordIndex of recordIndexes) {
		const key = entityRefOf(recordAt(recordIndex));
		const same = byRef.get(key);
		if (same) same.push(recordIndex);
		else byRef.set(key, [recordIndex]);
	}
	return failures.map((failure) =>
		failure.entityRef === null ? undefined : byRef.get(String(failure.entityRef))?.shift(),
	);
}

export function describeOrigin(origin: RecordOrigin): string {
	return origin.line === undefined
		? `item ${origin.itemIndex}`
		: `line ${origin.line} (item ${origin.itemIndex})`;
}

function describeRecord(record: InventoryRecord): string {
	return `SKU ${String(record.skuRef)} at location ${String(record.locationRef)}`;
}

function rejectedRecords(json: IDataObject, records: LoadRecords): NotLoadedRecord[] {
	const failures = json.failedRecords as unknown as FailedRecord[];
	const recordIndexes = records.batches[Number(json.batchNumber) - 1] ?? [];
	const matches = matchFailures(failures, recordIndexes, records.recordAt);
	const jobId = String(json.jobId);
	const batchId = String(json.batchId);
	// If Fluent's entityRef never matches, every failure of the batch is unmatched: they share
	// one list of the batch's items rather than each holding up to 5,000 pairings of its own.
	let allOfBatch: IPairedItemData[] | undefined;
	const batchItems = () =>
		(allOfBatch ??= [
			...new Set(recordIndexes.map((index) => records.originOf(index).itemIndex)),
		].map((item) => ({ item })));
	return failures.map((failure, position): NotLoadedRecord => {
		const recordIndex = matches[position];
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
		if (recordIndex === undefined) {
			return {
				...common,
				pairedItem: batchItems(),
				error: `Fluent rejected a record of batch ${batchId} (entityRef ${failure.entityRef ?? 'none'}): ${fluentSays}`,
				description: `Its entityRef matches no record sent in this batch, so it is paired with all of the batch's items. The other records were loaded.`,
			};
		}
		const origin = records.originOf(recordIndex);
		const record = records.recordAt(recordIndex);
		return {
			...common,
			origin,
			pairedItem: [{ item: origin.itemIndex }],
			record,
			error: `Fluent rejected ${describeOrigin(origin)} (${describeRecord(record)}): ${fluentSays}`,
			description: `Job ${jobId}, batch ${batchId}. The other records were loaded; fix this record and send it again.`,
		};
	});
}

function notSentRecords(json: IDataObject, records: LoadRecords): NotLoadedRecord[] {
	const recordIndexes = records.batches[Number(json.batchNumber) - 1] ?? [];
	return recordIndexes.map((recordIndex) => {
		const origin = records.originOf(recordIndex);
		return {
			kind: 'notSent',
			origin,
			pairedItem: [{ item: origin.itemIndex }],
			jobId: json.jobId === undefined ? undefined : String(json.jobId),
			batchNumber: Number(json.batchNumber),
			record: records.recordAt(recordIndex),
			message: String(json.error),
			error: `${describeOrigin(origin)} was not loaded: ${String(json.error)}`,
			description: typeof json.description === 'string' ? json.description : undefined,
		};
	});
}

function invalidRecord(json: IDataObject): NotLoadedRecord {
	const itemIndex = Number(json.itemIndex);
	const problems = (json.problems as IDataObject[]).map(
		(problem) => `${String(problem.field)} ${String(problem.problem)}`,
	);
	return {
		kind: 'invalid',
		origin: { itemIndex },
		pairedItem: [{ item: itemIndex }],
		message: problems.join('; '),
		error: String(json.error),
		description: (json.problems as IDataObject[]).map((problem) => problem.fix).join(' '),
	};
}

/**
 * Reads the output items Create Batch built (load/output.ts) and lists every record in them
 * that did not load, in output order. Batch items stay as they are.
 */
export function notLoadedRecords(
	output: INodeExecutionData[],
	records: LoadRecords,
): NotLoadedRecord[] {
	return output.flatMap(({ json }) => {
		const kind = outputKind(json);
		if (kind === 'invalidItem') return [invalidRecord(json)];
		if (kind === 'unsentBatch') return notSentRecords(json, records);
		return Array.isArray(json.failedRecords) && json.failedRecords.length > 0
			? rejectedRecords(json, records)
			: [];
	});
}

/** Which of output.ts's items this is: `invalidItems`, `unsentBatchItem` or `sentBatchItem`. */
function outputKind(json: IDataObject): 'invalidItem' | 'unsentBatch' | 'sentBatch' {
	if (Array.isArray(json.problems)) return 'invalidItem';
	return json.batchId === undefined && typeof json.error === 'string' ? 'unsentBatch' : 'sentBatch';
}

/**
 * An item for n8n's error output. n8n moves an item there only when its json is `error` and
 * `message` alone (n8n 1.x; 2.x also allows `details`), and lays it over its first paired input
 * item's fields; an item with an `error` property instead loses its json. So the sentence is
 * `message` and everything else is in the `error` object.
 */
export function errorOutputItem(entry: NotLoadedRecord): INodeExecutionData {
	const error: IDataObject = {
		kind: entry.kind,
		itemIndex: entry.origin?.itemIndex ?? null,
		...(entry.origin?.line === undefined ? {} : { line: entry.origin.line }),
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
