// Get Job's Include Batch Results: every batch the job lists and its per-record results, read within one Timeout.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { BATCH_STATUS_COMPLETE, pollBatch, RESULTS_PAGE_SIZE } from '../transport/endpoints';
import type { RequestSettings } from '../transport/request';
import {
	readBatchResults,
	type RecordResultsSummary,
	type WatchedBatch,
} from '../batches/batchResults';
import { forEachWithLimit } from '../batches/concurrency';
import { countBatches } from './jobSummary';
import { batchStatusKind } from '../batches/wait';

/** One batch as read: Fluent's batch (first page), its status, and its results once COMPLETE. */
interface BatchRead {
	status: string;
	fluentBatch: IDataObject;
	summary?: RecordResultsSummary;
}

/** How many unread batch IDs the Timeout's error names. */
const UNREAD_NAMED = 10;

/**
 * Reads one batch: its status, and for a COMPLETE one every result page. Undefined when the
 * Timeout ran out while its status was asked for.
 */
async function readBatch(
	this: IExecuteFunctions,
	batch: WatchedBatch,
	settings: RequestSettings,
	timeoutSeconds: number,
): Promise<BatchRead | undefined> {
	const page = { start: 0, count: RESULTS_PAGE_SIZE };
	const fluentBatch = await pollBatch.call(this, batch, settings, page);
	if (fluentBatch === undefined) return undefined;
	const status = String(fluentBatch.status ?? 'UNKNOWN');
	if (batchStatusKind(status) !== 'complete') return { status, fluentBatch };
	const firstPage = { ...fluentBatch, status: BATCH_STATUS_COMPLETE };
	const summary = await readBatchResults.call(this, { batch, settings, firstPage, timeoutSeconds });
	return { status: BATCH_STATUS_COMPLETE, fluentBatch: firstPage, summary };
}

function timeoutError(
	this: IExecuteFunctions,
	input: { jobId: string; batches: WatchedBatch[]; read: Array<BatchRead | undefined> },
	itemIndex: number,
	timeoutSeconds: number,
): NodeOperationError {
	const { jobId, batches, read } = input;
	const unread = batches.filter((_, index) => read[index] === undefined);
	const named = unread.slice(0, UNREAD_NAMED).map((batch) => batch.batchId);
	const more = unread.length > named.length ? ` and ${unread.length - named.length} more` : '';
	return new NodeOperationError(
		this.getNode(),
		`Read the results of ${batches.length - unread.length} of ${batches.length} batches of job ${jobId} in ${timeoutSeconds} s; the Timeout ran out before the other ${unread.length} were read`,
		{
			itemIndex,
			description: `Not read: ${unread.length === 1 ? 'batch' : 'batches'} ${named.join(', ')}${more}. Raise "Timeout (Seconds)" in the node's options, or read these batches one at a time with Get Batch. Reading changes nothing in Fluent.`,
		},
	);
}

/**
 * Reads each batch the job lists once (a few at a time) and, for a COMPLETE one, all its result
 * pages, with the same reading as Get Batch, all before `startedAt` + `timeoutSeconds`: past it
 * no request starts, the one under way is cut short, and the node fails saying how many batches
 * it read. Records sent is Fluent's `entityCount` where the batch has one, else the number of
 * results it reported (none before COMPLETE).
 */
export async function jobBatchResults(
	this: IExecuteFunctions,
	input: {
		job: IDataObject;
		jobId: string;
		itemIndex: number;
		settings: RequestSettings;
		startedAt: number;
		timeoutSeconds: number;
		concurrency: number;
	},
): Promise<IDataObject> {
	const { job, jobId, itemIndex, startedAt, timeoutSeconds } = input;
	const listed = Array.isArray(job.batch) ? (job.batch as IDataObject[]) : [];
	const batches: WatchedBatch[] = listed
		.map((batch) => String(batch.batchId ?? batch.id ?? ''))
		.filter((batchId) => batchId !== '')
		.map((batchId) => ({ jobId, batchId, itemIndex, lastStatus: '' }));
	const deadline = startedAt + timeoutSeconds * 1000;
	const settings: RequestSettings = { ...input.settings, deadline };
	const cancelSignal = this.getExecutionCancelSignal();
	// A request cut short at the deadline fails a moment after it; a failure then is the Timeout's.
	const timeIsUp = () => Date.now() >= deadline - 50;
	const read = new Array<BatchRead | undefined>(batches.length);
	let outOfTime = false;
	let failed = false;
	await forEachWithLimit(
		batches.length,
		input.concurrency,
		async (index) => {
			if (timeIsUp()) {
				outOfTime = true;
				return;
			}
			let failure: unknown;
			try {
				read[index] = await readBatch.call(this, batches[index], settings, timeoutSeconds);
			} catch (error) {
				failure = error;
			}
			if (failure === undefined) {
				if (read[index] === undefined) outOfTime = true;
				return;
			}
			if (!cancelSignal?.aborted && timeIsUp()) {
				outOfTime = true;
				return;
			}
			// Already the transport's NodeApiError or NodeOperationError (or the cancellation).
			failed = true;
			throw failure;
		},
		() => outOfTime || failed,
	);
	if (outOfTime) throw timeoutError.call(this, { jobId, batches, read }, itemIndex, timeoutSeconds);

	const done = read as BatchRead[];
	const counted = done.map(({ status, fluentBatch, summary }) => {
		const entityCount = Number(fluentBatch.entityCount);
		return {
			jobId,
			status,
			recordsSent: Number.isFinite(entityCount) ? entityCount : (summary?.recordsReported ?? 0),
			recordsSucceeded: summary?.recordsSucceeded ?? 0,
			recordsFailed: summary?.recordsFailed ?? 0,
		};
	});
	return {
		summary: countBatches(counted) as unknown as IDataObject,
		failedRecords: done.flatMap(({ summary }, index) =>
			(summary?.failedRecords ?? []).map((failure) => ({
				batchId: batches[index].batchId,
				...failure,
			})),
		),
	};
}
