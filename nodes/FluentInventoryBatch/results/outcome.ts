// Create Batch's output once sent: a partial load when a batch failed, or the batches waited for.
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { CreateBatchParameters } from '../parameters/createBatchParameters';
import { cancelledError } from '../transport/cancellation';
import { explainRejectedBatch } from '../jobs/closedJob';
import { sentBatchItem, sentBatchItems, unsentBatchItem } from './output';
import { partialLoadReport, reportError, waitFailedReport } from '../batches/reports';
import type { BatchFailure, SentBatch } from '../batches/send';
import { waitForResults } from '../batches/wait';

/**
 * A batch failed for good: fail naming what reached Fluent and what did not, or (On Error:
 * Continue) output the accepted batches and an error item for each batch not loaded.
 */
export async function partialLoadOutput(
	this: IExecuteFunctions,
	input: {
		load: CreateBatchParameters;
		batches: number[][];
		sent: Array<SentBatch | undefined>;
		failure: BatchFailure;
		/** The records of the batches at these positions, when not named by input item (a file's lines). */
		describeRecords?: (positions: number[]) => string;
	},
): Promise<INodeExecutionData[]> {
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
	const notLoaded = batches.flatMap((itemIndexes, position) => {
		if (sent[position]) return [];
		const batchNumber = position + 1;
		const message =
			batchNumber === failure.batchNumber
				? report.message
				: `Batch ${batchNumber} was not sent because batch ${failure.batchNumber} failed`;
		return [
			unsentBatchItem({
				jobId: failure.jobId,
				batchNumber,
				itemIndexes,
				error: { message, description: report.description },
			}),
		];
	});
	return [...sentBatchItems(jobId, accepted, batches.length), ...notLoaded];
}

/**
 * Every batch reached Fluent and the node waits: one output item per batch with its final
 * status and per-record results. A timeout or (with Fail on Record Errors) failed records stop
 * the node, or with On Error: Continue become the error of the batches they concern.
 */
export async function waitedBatchOutput(
	this: IExecuteFunctions,
	input: { load: CreateBatchParameters; accepted: SentBatch[]; batchCount: number },
): Promise<INodeExecutionData[]> {
	const { load, accepted, batchCount } = input;
	const { jobId } = load;
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
		return accepted.map((batch) => sentBatchItem({ jobId, batch, batchCount, error: report }));
	}

	const { ended, timeout, recordFailures } = results;
	const stop = ended ?? timeout ?? recordFailures;
	if (stop && !load.continueOnFail) throw reportError(this.getNode(), stop, 0);

	return accepted.map((batch, position) => {
		const { batch: watchedBatch, summary, unfinished } = results.batches[position];
		const error = results.batches[position].ended
			? ended
			: timeout && unfinished
				? timeout
				: recordFailures && summary && summary.recordsFailed > 0
					? recordFailures
					: undefined;
		return sentBatchItem({
			jobId,
			batch: { ...batch, status: watchedBatch.lastStatus },
			batchCount,
			results: { summary, waitedSeconds: results.waitedSeconds },
			error,
		});
	});
}
