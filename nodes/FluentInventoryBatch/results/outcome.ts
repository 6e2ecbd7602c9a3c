// Create Batch's typed outcome: what was sent, waited for, not sent or left out. The output items,
// the error items and the Failed Records File are all built from it (output.ts,
// failedRecordItems.ts, reportFile.ts), never from each other's json.
import type { IExecuteFunctions } from 'n8n-workflow';

import type { CreateBatchParameters } from '../parameters/createBatchParameters';
import { cancelledError } from '../transport/cancellation';
import { explainRejectedBatch } from '../jobs/closedJob';
import type { RecordResultsSummary } from '../batches/batchResults';
import { partialLoadReport, reportError, waitFailedReport, type Report } from '../batches/reports';
import type { BatchFailure, SentBatch } from '../batches/send';
import { waitForResults } from '../batches/wait';
import type { RecordProblem } from '../records/inventoryRecord';
import type { FileBatchSpan } from '../sources/file/fileBatches';
import type { FileLoadError, FileRowProblem } from '../sources/file/fileProblems';

/** A batch Fluent accepted; after a wait its results, and the error that concerns it, if any. */
export interface SentBatchEntry {
	kind: 'sentBatch';
	batch: SentBatch;
	results?: { summary?: RecordResultsSummary; waitedSeconds: number };
	error?: Report;
}

/** A batch Fluent did not take: it failed, or was not sent after an earlier one failed. */
export interface UnsentBatchEntry {
	kind: 'unsentBatch';
	/** The job that refused the failed batch. */
	jobId: string;
	batchNumber: number;
	itemIndexes: number[];
	error: Report;
}

/** What was left out before sending: an invalid input item, a file's invalid row, a file. */
export type LeftOutEntry =
	| { kind: 'invalidItem'; itemIndex: number; problems: RecordProblem[] }
	| { kind: 'invalidRow'; row: Omit<FileRowProblem, 'ordinal'> }
	| { kind: 'unreadableFile'; error: FileLoadError };

export type BatchEntry = SentBatchEntry | UnsentBatchEntry;
export type OutcomeEntry = BatchEntry | LeftOutEntry;

/** A Create Batch run's outcome: its entries in output order, batches first. */
export interface LoadOutcome {
	entries: OutcomeEntry[];
	batchCount: number;
	/** A file load's batches by position: their file and lines name their records. */
	fileSpans?: FileBatchSpan[];
}

export const batchNumberOf = (entry: BatchEntry): number =>
	entry.kind === 'sentBatch' ? entry.batch.batchNumber : entry.batchNumber;

/** The file and lines of a file load's batch; undefined for an item load. */
export const fileSpanOf = (outcome: LoadOutcome, entry: BatchEntry): FileBatchSpan | undefined =>
	outcome.fileSpans?.[batchNumberOf(entry) - 1];

/**
 * A batch failed for good: fail naming what reached Fluent and what did not, or (On Error:
 * Continue) output the accepted batches and an error item for each batch not loaded.
 */
export async function partialLoadOutcome(
	this: IExecuteFunctions,
	input: {
		load: CreateBatchParameters;
		batches: number[][];
		sent: Array<SentBatch | undefined>;
		failure: BatchFailure;
		/** The records of the batches at these positions, when not named by input item (a file's lines). */
		describeRecords?: (positions: number[]) => string;
	},
): Promise<BatchEntry[]> {
	const { load, batches, sent, failure } = input;
	const { jobId, settings } = load;
	const error = await explainRejectedBatch.call(this, {
		jobId: failure.jobId,
		error: failure.error,
		settings,
	});
	const report = partialLoadReport({
		jobId,
		batches,
		sent,
		failedBatchNumber: failure.batchNumber,
		reason: error.message,
		reasonDescription: error.description,
		describeRecords: input.describeRecords,
	});
	if (!load.continueOnFail) {
		throw reportError(this.getNode(), report, batches[failure.batchNumber - 1][0]);
	}
	const accepted = sent.filter((batch): batch is SentBatch => batch !== undefined);
	const notLoaded = batches.flatMap((itemIndexes, position): UnsentBatchEntry[] => {
		if (sent[position]) return [];
		const batchNumber = position + 1;
		const message =
			batchNumber === failure.batchNumber
				? report.message
				: `Batch ${batchNumber} was not sent because batch ${failure.batchNumber} failed`;
		return [
			{
				kind: 'unsentBatch',
				jobId: failure.jobId,
				batchNumber,
				itemIndexes,
				error: { message, description: report.description },
			},
		];
	});
	return [...accepted.map(sentBatchEntry), ...notLoaded];
}

/**
 * Every batch reached Fluent and the node waits: one output item per batch with its final
 * status and per-record results. A timeout or (with Fail on Record Errors) failed records stop
 * the node, or with On Error: Continue become the error of the batches they concern.
 */
export async function waitedBatchOutcome(
	this: IExecuteFunctions,
	input: { load: CreateBatchParameters; accepted: SentBatch[]; batchCount: number },
): Promise<SentBatchEntry[]> {
	const { load, accepted, batchCount } = input;
	const watched = accepted.map((batch) => ({
		jobId: batch.jobId,
		batchId: batch.batchId,
		itemIndex: batch.itemIndexes[0],
		lastStatus: batch.status,
		recordCount: batch.recordCount,
	}));
	let results: Awaited<ReturnType<typeof waitForResults>>;
	try {
		results = await waitForResults.call(this, {
			batches: watched,
			batchCount,
			wait: load.wait,
			settings: load.settings,
			concurrency: load.concurrency,
		});
	} catch (error) {
		if (this.getExecutionCancelSignal()?.aborted) throw cancelledError(this.getNode(), 0);
		const report = waitFailedReport({
			sent: accepted,
			reason: error as Error & { description?: string | null },
		});
		if (!load.continueOnFail) throw reportError(this.getNode(), report, 0);
		return accepted.map((batch) => ({ kind: 'sentBatch', batch, error: report }));
	}

	const { ended, timeout, recordFailures } = results;
	const stop = ended ?? timeout ?? recordFailures;
	if (stop && !load.continueOnFail) throw reportError(this.getNode(), stop, 0);

	return accepted.map((batch, position): SentBatchEntry => {
		const { batch: watchedBatch, summary, unfinished } = results.batches[position];
		const error = results.batches[position].ended
			? ended
			: timeout && unfinished
				? timeout
				: recordFailures && summary && summary.recordsFailed > 0
					? recordFailures
					: undefined;
		return {
			kind: 'sentBatch',
			batch: { ...batch, status: watchedBatch.lastStatus },
			results: { summary, waitedSeconds: results.waitedSeconds },
			error,
		};
	});
}

/** A batch Fluent accepted, not waited for. */
export const sentBatchEntry = (batch: SentBatch): SentBatchEntry => ({ kind: 'sentBatch', batch });
