// Every output item's json is assembled here, so the output's shape can be read in one place.
import type { IDataObject, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import type { RecordResultsSummary } from '../batches/batchResults';
import { toRanges } from '../batches/itemRanges';
import { describeProblem, type RecordProblem } from '../records/inventoryRecord';
import { fileErrorItem, rowErrorItem } from '../sources/file/fileProblems';
import type { FileBatchSpan } from '../sources/file/fileBatches';
import { fileLines } from './fileOutput';
import {
	fileSpanOf,
	type LoadOutcome,
	type OutcomeEntry,
	type SentBatchEntry,
	type UnsentBatchEntry,
} from './outcome';

const pairedWith = (itemIndexes: number[]): IPairedItemData[] =>
	itemIndexes.map((item) => ({ item }));

/** The json of an error item, as shown when the node's "On Error" setting continues. */
export function errorItemJson(error: {
	message: string;
	description?: string | null;
}): IDataObject {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	return json;
}

/**
 * One Create Batch output item: which batch, and which input items it holds (a file load's: its
 * file and lines, `span`); after a wait also its per-record results, and the error that concerns
 * it when the node continues on error.
 */
function sentBatchItem(
	entry: SentBatchEntry,
	batchCount: number,
	span: FileBatchSpan | undefined,
): INodeExecutionData {
	const { batch, results, error } = entry;
	let json: IDataObject = {
		jobId: batch.jobId,
		...(batch.continuedFromJobId ? { continuedFromJobId: batch.continuedFromJobId } : {}),
		batchId: batch.batchId,
		status: batch.status,
		recordCount: span?.recordCount ?? batch.recordCount,
		...(span && fileLines(span)),
		batchNumber: batch.batchNumber,
		batchCount,
		...(!span && {
			firstItemIndex: batch.itemIndexes[0],
			lastItemIndex: batch.itemIndexes[batch.itemIndexes.length - 1],
			inputItemRanges: toRanges(batch.itemIndexes),
		}),
	};
	if (results?.summary) json = withResults(json, results.summary);
	if (results) json.waitedSeconds = Math.round(results.waitedSeconds * 10) / 10;
	if (error) json = { ...json, ...errorItemJson(error), ...(error.code && { code: error.code }) };
	return { json, pairedItem: pairedWith(batch.itemIndexes) };
}

/** A batch that Fluent did not take (it failed, or was not sent after an earlier one failed). */
function unsentBatchItem(
	entry: UnsentBatchEntry,
	span: FileBatchSpan | undefined,
): INodeExecutionData {
	const { jobId, batchNumber, itemIndexes, error } = entry;
	return {
		json: {
			error: error.message,
			description: error.description,
			code: 'BATCH_NOT_SENT',
			jobId,
			batchNumber,
			recordCount: span?.recordCount ?? itemIndexes.length,
			...(span
				? fileLines(span)
				: { firstItemIndex: itemIndexes[0], lastItemIndex: itemIndexes[itemIndexes.length - 1] }),
		},
		pairedItem: pairedWith(itemIndexes),
	};
}

/** The error item of an input item that is not a valid record, listing its problems. */
function invalidItem(itemIndex: number, itemProblems: RecordProblem[]): INodeExecutionData {
	return {
		json: {
			error: describeProblem(itemProblems[0]),
			code: itemProblems[0].code,
			itemIndex,
			problems: itemProblems.map((problem) => ({
				field: problem.field,
				problem: problem.problem,
				fix: problem.fix,
				code: problem.code,
			})),
		},
		pairedItem: { item: itemIndex },
	};
}

/**
 * The output item of one entry of the outcome: a batch's item (a file load's names its file and
 * lines), or the error item of what was not sent or left out.
 */
export function outcomeItem(entry: OutcomeEntry, outcome: LoadOutcome): INodeExecutionData {
	switch (entry.kind) {
		case 'sentBatch':
			return sentBatchItem(entry, outcome.batchCount, fileSpanOf(outcome, entry));
		case 'unsentBatch':
			return unsentBatchItem(entry, fileSpanOf(outcome, entry));
		case 'invalidItem':
			return invalidItem(entry.itemIndex, entry.problems);
		case 'invalidRow':
			return rowErrorItem(entry.row);
		case 'unreadableFile':
			return fileErrorItem(entry.error);
	}
}

function withResults(json: IDataObject, summary: RecordResultsSummary): IDataObject {
	return {
		...json,
		recordsReported: summary.recordsReported,
		recordsSucceeded: summary.recordsSucceeded,
		recordsFailed: summary.recordsFailed,
		failedRecords: summary.failedRecords as unknown as IDataObject[],
	};
}

/** Get Batch's json: Fluent's batch without its raw result page, which the summary replaces. */
export function fluentBatchJson(input: {
	jobId: string;
	batchId: string;
	fluentBatch: IDataObject;
	summary?: RecordResultsSummary;
}): IDataObject {
	const { jobId, batchId, fluentBatch, summary } = input;
	const rest = { ...fluentBatch };
	delete rest.results;
	delete rest.start;
	delete rest.count;
	const json: IDataObject = {
		...rest,
		jobId,
		batchId,
		status: String(fluentBatch.status ?? 'UNKNOWN'),
	};
	return summary ? withResults(json, summary) : json;
}
