// One entry for each record of a load that did not reach Fluent's stock: rejected by Fluent in a
// COMPLETE batch, invalid on input, or in a batch that was never accepted, each built from the
// outcome's entry that reports it (and the batch's records, when they could be had again).
import type { IPairedItemData } from 'n8n-workflow';

import type { FailedRecord } from '../batches/batchResults';
import { describeOrigin, type BatchRecords, type RecordOrigin } from '../sources/loadRecords';
import type { FileBatchSpan } from '../sources/file/fileBatches';
import { describeRowProblem } from '../sources/file/fileProblems';
import { describeProblem, type InventoryRecord } from '../records/inventoryRecord';
import type { ProblemCode } from '../records/problemCodes';
import type { LeftOutEntry, SentBatchEntry, UnsentBatchEntry } from './outcome';

export type NotLoadedKind = 'rejectedByFluent' | 'invalid' | 'notSent';

export interface NotLoadedRecord {
	kind: NotLoadedKind;
	/** The problem's stable code: the one its output item carries, or Fluent's rejection. */
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

/** A file batch's records all come from the file of one input item; none for an item load. */
function fileOf(span: FileBatchSpan | undefined): RecordOrigin | undefined {
	return span && { itemIndex: span.planned.file.itemIndex, fileName: span.planned.file.name };
}

const pairedWith = (itemIndexes: number[]): IPairedItemData[] =>
	itemIndexes.map((item) => ({ item }));

/** Why a batch's records are not at hand: they could not be read again (a file that changed). */
const notReadAgain = (purpose: string, reason: Error | undefined) =>
	`The records of this batch could not be read again ${purpose} (${reason?.message ?? 'unknown reason'}).`;

export function rejectedRecords(
	entry: SentBatchEntry,
	span: FileBatchSpan | undefined,
	batch: BatchRecords | undefined,
	unreadable: Error | undefined,
): NotLoadedRecord[] {
	const failures: FailedRecord[] = entry.results?.summary?.failedRecords ?? [];
	const matches = batch ? matchFailures(failures, batch.records) : [];
	const { jobId, batchId, batchNumber, itemIndexes } = entry.batch;
	const file = fileOf(span);
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
			batchNumber,
			entityRef: failure.entityRef,
			responseCode: failure.responseCode,
			message: failure.message,
		};
		if (batch === undefined || place === undefined) {
			return {
				...common,
				origin: file,
				pairedItem: (allOfBatch ??= pairedWith(itemIndexes)),
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
	entry: UnsentBatchEntry,
	span: FileBatchSpan | undefined,
	batch: BatchRecords | undefined,
	unreadable: Error | undefined,
): NotLoadedRecord[] {
	const common = {
		kind: 'notSent' as const,
		code: 'BATCH_NOT_SENT' as const,
		jobId: entry.jobId,
		batchNumber: entry.batchNumber,
		message: entry.error.message,
	};
	const { description } = entry.error;
	if (batch === undefined) {
		// Its records cannot be listed one by one: the batch as a whole is the entry.
		const file = fileOf(span);
		const recordCount = span?.recordCount ?? entry.itemIndexes.length;
		return [
			{
				...common,
				origin: file,
				pairedItem: pairedWith(entry.itemIndexes),
				error: `The ${recordCount} records of batch ${common.batchNumber}${file ? ` from ${file.fileName}` : ''} were not loaded: ${entry.error.message}`,
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
			error: `${describeOrigin(origin)} was not loaded: ${entry.error.message}`,
			description,
		};
	});
}

/** An input item (or a file's row, or a file) that was never sent because it is not valid. */
export function invalidRecord(entry: LeftOutEntry): NotLoadedRecord {
	const invalid = { kind: 'invalid' as const };
	if (entry.kind === 'unreadableFile') {
		// A file that cannot be read at all has no problems list: its error says what is wrong.
		const { itemIndex, fileName, line, message, description, code } = entry.error;
		return {
			...invalid,
			code,
			origin: {
				itemIndex,
				...(fileName === undefined ? {} : { fileName }),
				...(line === undefined ? {} : { line }),
			},
			pairedItem: [{ item: itemIndex }],
			message,
			error: message,
			description,
		};
	}
	if (entry.kind === 'invalidRow') {
		const { file, line, issues } = entry.row;
		return {
			...invalid,
			code: issues[0].code,
			origin: { itemIndex: file.itemIndex, fileName: file.name, line },
			pairedItem: [{ item: file.itemIndex }],
			// A file row's problem already names its column ('"qty" must be …').
			message: issues.map((issue) => issue.problem).join('; '),
			error: describeRowProblem(entry.row),
			description: issues.map((issue) => issue.fix).join(' '),
		};
	}
	const { itemIndex, problems } = entry;
	return {
		...invalid,
		code: problems[0].code,
		origin: { itemIndex },
		pairedItem: [{ item: itemIndex }],
		// An item's problem follows the field's name ('must be …').
		message: problems.map((problem) => `${problem.field} ${problem.problem}`).join('; '),
		error: describeProblem(problems[0]),
		description: problems.map((problem) => problem.fix).join(' '),
	};
}
