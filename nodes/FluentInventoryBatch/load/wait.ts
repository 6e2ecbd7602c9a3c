import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { WaitOptions } from '../parameters/options';
import { pause } from '../transport/cancellation';
import {
	type BatchRef,
	BATCH_STATUS_COMPLETE,
	getBatch,
	RESULTS_PAGE_SIZE,
} from '../transport/endpoints';
import type { RequestSettings } from '../transport/request';
import { readBatchResults, type RecordResultsSummary } from './batchResults';
import { forEachWithLimit } from './concurrency';
import { recordFailuresReport, timeoutReport, type Report } from './reports';

export interface WatchedBatch extends BatchRef {
	lastStatus: string;
}

interface PollOutcome {
	/** Each COMPLETE batch with Fluent's batch as read by the last poll (first results page). */
	complete: Map<WatchedBatch, IDataObject>;
	/** Batches still not COMPLETE when the wait's deadline passed. */
	unfinished: Set<WatchedBatch>;
	waitedSeconds: number;
}

/**
 * Polls Get Batch until every batch is COMPLETE or the wait's timeout has passed. Never sleeps
 * past the deadline, and stops at once when the execution is cancelled. Without `wait`, asks once.
 */
async function pollBatches(
	this: IExecuteFunctions,
	input: WaitForResultsInput,
): Promise<PollOutcome> {
	const { batches, wait, settings, concurrency } = input;
	const abortSignal = this.getExecutionCancelSignal();
	const startedAt = Date.now();
	const deadline = wait ? startedAt + wait.timeoutSeconds * 1000 : undefined;
	const requestSettings = { ...settings, deadline };
	const complete = new Map<WatchedBatch, IDataObject>();
	let pending = batches.filter((batch) => batch.batchId !== '');

	while (pending.length > 0) {
		const polled = pending;
		await forEachWithLimit(polled.length, concurrency, async (index) => {
			// With many batches one round can outlast the deadline; the rest keep their last status.
			if (deadline !== undefined && Date.now() >= deadline) return;
			const batch = polled[index];
			const fluentBatch = await getBatch.call(this, batch, requestSettings, {
				start: 0,
				count: RESULTS_PAGE_SIZE,
			});
			batch.lastStatus = String(fluentBatch.status ?? 'UNKNOWN');
			if (!wait || batch.lastStatus === BATCH_STATUS_COMPLETE) complete.set(batch, fluentBatch);
		});
		pending = polled.filter((batch) => !complete.has(batch));
		if (!wait || deadline === undefined) break;
		const remaining = deadline - Date.now();
		if (pending.length === 0 || remaining <= 0) break;
		await pause(Math.min(wait.pollIntervalSeconds * 1000, remaining), abortSignal);
	}
	return {
		complete,
		unfinished: new Set(wait ? pending : []),
		waitedSeconds: (Date.now() - startedAt) / 1000,
	};
}

export interface WaitForResultsInput {
	jobId: string;
	/** Each batch's lastStatus is updated as it is polled. */
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
}

export interface WaitResults {
	batches: BatchResults[];
	waitedSeconds: number;
	/** Set when some batch was not COMPLETE when the wait's timeout passed. */
	timeout?: Report;
	/** Set when Fail on Record Errors is on and Fluent reported failed records. */
	recordFailures?: Report;
}

/**
 * The one wait for Create Batch and Get Batch: polls until COMPLETE (or the timeout), reads
 * each COMPLETE batch's per-record results, and words the timeout and record-failure reports.
 */
export async function waitForResults(
	this: IExecuteFunctions,
	input: WaitForResultsInput,
): Promise<WaitResults> {
	const { jobId, wait, settings, concurrency } = input;
	const { complete, unfinished, waitedSeconds } = await pollBatches.call(this, input);

	const summaries = new Map<WatchedBatch, RecordResultsSummary>();
	const completed = [...complete].filter(([batch]) => batch.lastStatus === BATCH_STATUS_COMPLETE);
	await forEachWithLimit(completed.length, concurrency, async (index) => {
		const [batch, fluentBatch] = completed[index];
		summaries.set(batch, await readBatchResults.call(this, batch, settings, fluentBatch));
	});

	const batches = input.batches.map((batch) => ({
		batch,
		fluentBatch: complete.get(batch),
		summary: summaries.get(batch),
		unfinished: unfinished.has(batch),
	}));
	const withFailures = batches.flatMap(({ batch, summary }) =>
		summary && summary.recordsFailed > 0 ? [{ batchId: batch.batchId, summary }] : [],
	);
	return {
		batches,
		waitedSeconds,
		timeout:
			wait && unfinished.size > 0
				? timeoutReport({
						jobId,
						unfinished: [...unfinished],
						batchCount: input.batchCount,
						timeoutSeconds: wait.timeoutSeconds,
					})
				: undefined,
		recordFailures:
			wait?.failOnRecordErrors && withFailures.length > 0
				? recordFailuresReport(jobId, withFailures)
				: undefined,
	};
}
