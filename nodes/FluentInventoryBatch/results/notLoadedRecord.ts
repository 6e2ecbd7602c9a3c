// One entry for each record of a load that did not reach Fluent's stock: rejected by Fluent in a
// COMPLETE batch, invalid on input, or in a batch that was never accepted, each built from the
// output item that reports it (and the batch's records, when they could be had again).
import type { IDataObject, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import type { FailedRecord } from '../batches/batchResults';
import { describeOrigin, type BatchRecords, type RecordOrigin } from '../sources/loadRecords';
import type { InventoryRecord } from '../records/inventoryRecord';
import type { ProblemCode } from '../records/problemCodes';

export type NotLoadedKind = 'rejectedByFluent' | 'invalid' | 'notSent';

export interface NotLoadedRecord {
	kind: NotLoadedKind;
	/** The problem's stable code: the output item's (`code`) that reports it, or Fluent's rejection. */
	code: ProblemCode;
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

export function rejectedRecords(
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
			code: 'REJECTED_BY_FLUENT' as const,
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

export function notSentRecords(
	item: INodeExecutionData,
	batch: BatchRecords | undefined,
	unreadable: Error | undefined,
): NotLoadedRecord[] {
	const { json } = item;
	const common = {
		kind: 'notSent' as const,
		code: json.code as ProblemCode,
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
export function invalidRecord(json: IDataObject): NotLoadedRecord {
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
		code: json.code as ProblemCode,
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
