// The wait of Create Batch and Get Batch: polls until batches finish, then reads their results.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { WaitOptions } from '../parameters/options';
import { pause } from '../transport/cancellation';
import { BATCH_STATUS_COMPLETE, pollBatch, RESULTS_PAGE_SIZE } from '../transport/endpoints';
import type { RequestSettings } from '../transport/request';
import { readBatchResults, type RecordResultsSummary, type WatchedBatch } from './batchResults';
import { forEachWithLimit } from './concurrency';
import { endedBatchesReport, recordFailuresReport, timeoutReport, type Report } from './reports';

/** Fluent's documented statuses of a batch it is still working on. */
const WORKING_STATUSES = new Set(['PENDING', 'RUNNING']);
/** Statuses after which Fluent does no more with a batch, though it is not COMPLETE. */
const ENDED_STATUSES = new Set(['FAILED', 'ERROR', 'CANCELLED', 'CANCELED', 'ABORTED', 'REJECTED']);

/**
 * COMPLETE (also "complete" or "COMPLETED", in any case) ends the wait with results; an ended
 * status ends it without; PENDING and RUNNING, and any status the node does not know, are
 * waited on until the Timeout, whose report names an unknown status as such.
 */
export function batchStatusKind(status: string): 'complete' | 'ended' | 'working' | 'unknown' {
	const normalised = status.trim().toUpperCase();
	if (normalised === BATCH_STATUS_COMPLETE || normalised === 'COMPLETED') return 'complete';
	if (ENDED_STATUSES.has(normalised)) return 'ended';
	return WORKING_STATUSES.has(normalised) ? 'working' : 'unknown';
}

interface PollOutcome {
	/** Each batch done with (COMPLETE, or ended), with Fluent's batch as last read (first page). */
	finished: Map<WatchedBatch, IDataObject>;
	/** Batches that Fluent ended without COMPLETE (FAILED, ERROR, CANCELLED, ...). */
	ended: Set<WatchedBatch>;
	/** Batches still not COMPLETE when the wait's deadline passed. */
	unfinished: Set<WatchedBatch>;
}

/**
 * Polls Get Batch until every batch is COMPLETE or ended, or the wait's deadline has passed.
 * Never sleeps past the deadline, and stops at once when the execution is cancelled. Without
 * `wait`, asks once.
 */
async function pollBatches(
	this: IExecuteFunctions,
	input: WaitForResultsInput,
	requestSettings: RequestSettings,
): Promise<PollOutcome> {
	const { batches, wait, concurrency } = input;
	const { deadline } = requestSettings;
	const abortSignal = this.getExecutionCancelSignal();
	const finished = new Map<WatchedBatch, IDataObject>();
	const ended = new Set<WatchedBatch>();
	let pending = batches.filter((batch) => batch.batchId !== '');

	while (pending.length > 0) {
		const polled = pending;
		await forEachWithLimit(polled.length, concurrency, async (index) => {
			// With many batches one round can outlast the deadline; the rest keep their last status.
			if (deadline !== undefined && Date.now() >= deadline) return;
			const batch = polled[index];
			const fluentBatch = await pollBatch.call(this, batch, requestSettings, {
				start: 0,
				count: RESULTS_PAGE_SIZE,
			});
			// The wait's Timeout ran out during the poll: the batch keeps its last status.
			if (fluentBatch === undefined) return;
			const status = String(fluentBatch.status ?? 'UNKNOWN');
			const kind = batchStatusKind(status);
			batch.lastStatus = kind === 'complete' ? BATCH_STATUS_COMPLETE : status;
			if (kind === 'ended' && wait) ended.add(batch);
			if (!wait || kind === 'complete' || kind === 'ended') {
				finished.set(batch, { ...fluentBatch, status: batch.lastStatus });
			}
		});
		pending = polled.filter((batch) => !finished.has(batch));
		if (!wait || deadline === undefined) break;
		const remaining = deadline - Date.now();
		if (pending.length === 0 || remaining <= 0) break;
		await pause(Math.min(wait.pollIntervalSeconds * 1000, remaining), abortSignal);
	}
	return { finished, ended, unfinished: new Set(wait ? pending : []) };
}

export interface WaitForResultsInput {
	/** Each with the job it is in; each batch's lastStatus is updated as it is polled. */
	batches: WatchedBatch[];
	/** All batches of the load, for the reports' "n of m". */
	batchCount: number;
	/** Without it each batch is read once, and its results only if it is already COMPLETE. */
	wait?: WaitOptions;
	settings: RequestSettings;
	/** How many batches are asked about at the same time. */
	concurrency: number;
}

export interface BatchResults {
	batch: WatchedBatch;
	/** Fluent's batch as last read; undefined when the wait ended before it was COMPLETE. */
	fluentBatch?: IDataObject;
	/** Per-record results, read for a COMPLETE batch. */
	summary?: RecordResultsSummary;
	unfinished: boolean;
	/** Fluent ended the batch without COMPLETE (only while waiting). */
	ended: boolean;
}

export interface WaitResults {
	batches: BatchResults[];
	waitedSeconds: number;
	/** Set when Fluent ended some batch as FAILED, ERROR, CANCELLED or the like. */
	ended?: Report;
	/** Set when some batch was not COMPLETE when the wait's timeout passed. */
	timeout?: Report;
	/** Set when Fail on Record Errors is on and Fluent reported failed records. */
	recordFailures?: Report;
}

/**
 * The one wait for Create Batch and Get Batch: polls until COMPLETE or ended (or the timeout),
 * reads each COMPLETE batch's per-record results within the same deadline, and words the
 * ended-batch, timeout and record-failure reports.
 */
export async function waitForResults(
	this: IExecuteFunctions,
	input: WaitForResultsInput,
): Promise<WaitResults> {
	const { wait, settings, concurrency } = input;
	const startedAt = Date.now();
	const deadline = wait ? startedAt + wait.timeoutSeconds * 1000 : undefined;
	const requestSettings = { ...settings, deadline };
	const { finished, ended, unfinished } = await pollBatches.call(this, input, requestSettings);

	const summaries = new Map<WatchedBatch, RecordResultsSummary>();
	const completed = [...finished].filter(([batch]) => batch.lastStatus === BATCH_STATUS_COMPLETE);
	await forEachWithLimit(completed.length, concurrency, async (index) => {
		const [batch, firstPage] = completed[index];
		const summary = await readBatchResults.call(this, {
			batch,
			settings: requestSettings,
			firstPage,
			timeoutSeconds: wait?.timeoutSeconds,
		});
		summaries.set(batch, summary);
	});
	const waitedSeconds = (Date.now() - startedAt) / 1000;

	const batches = input.batches.map((batch) => ({
		batch,
		fluentBatch: finished.get(batch),
		summary: summaries.get(batch),
		unfinished: unfinished.has(batch),
		ended: ended.has(batch),
	}));
	const withFailures = batches.flatMap(({ batch, summary }) =>
		summary && summary.recordsFailed > 0 ? [{ batch, summary }] : [],
	);
	const unknownStatuses = [...unfinished]
		.map((batch) => batch.lastStatus)
		.filter((status) => status !== '' && batchStatusKind(status) === 'unknown');
	const { batchCount, batches: watched } = input;
	// In batch order, whatever order Fluent finished them in.
	const inBatchOrder = (subset: Set<WatchedBatch>) => watched.filter((batch) => subset.has(batch));
	return {
		batches,
		waitedSeconds,
		ended:
			ended.size > 0
				? endedBatchesReport({ watched, ended: inBatchOrder(ended), batchCount })
				: undefined,
		timeout:
			wait && unfinished.size > 0
				? timeoutReport({
						watched,
						unfinished: inBatchOrder(unfinished),
						batchCount,
						timeoutSeconds: wait.timeoutSeconds,
						unknownStatuses: [...new Set(unknownStatuses)],
					})
				: undefined,
		recordFailures:
			wait?.failOnRecordErrors && withFailures.length > 0
				? recordFailuresReport({ watched, failed: withFailures })
				: undefined,
	};
}
