import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { getBatch, type RequestSettings } from '../transport';
import { BATCH_STATUS_COMPLETE, RESULTS_PAGE_SIZE } from './constants';
import { forEachWithLimit } from './concurrency';
import { pause } from './pause';

export interface WatchedBatch {
	jobId: string;
	batchId: string;
	/** The input item the batch is reported against in errors. */
	itemIndex: number;
	lastStatus: string;
}

export interface WaitSettings {
	pollIntervalSeconds: number;
	timeoutSeconds: number;
	request: RequestSettings;
	/** How many batches are asked about at the same time. */
	concurrency: number;
}

export interface WaitOutcome {
	/** Each COMPLETE batch with Fluent's batch as read by the last poll (first results page). */
	complete: Map<WatchedBatch, IDataObject>;
	/** Batches still not COMPLETE when the node's own deadline passed. */
	unfinished: WatchedBatch[];
	waitedSeconds: number;
}

/**
 * Polls Get Batch until every batch is COMPLETE or `timeoutSeconds` has passed. Never sleeps past
 * the deadline, and stops at once when the execution is cancelled.
 */
export async function waitForBatches(
	this: IExecuteFunctions,
	batches: WatchedBatch[],
	settings: WaitSettings,
): Promise<WaitOutcome> {
	const abortSignal = this.getExecutionCancelSignal();
	const startedAt = Date.now();
	const deadline = startedAt + settings.timeoutSeconds * 1000;
	const requestSettings = { ...settings.request, deadline };
	const complete = new Map<WatchedBatch, IDataObject>();
	let pending = batches.filter((batch) => batch.batchId !== '');

	while (pending.length > 0) {
		const polled = pending;
		await forEachWithLimit(polled.length, settings.concurrency, async (index) => {
			// With many batches one round can outlast the deadline; the rest keep their last status.
			if (Date.now() >= deadline) return;
			const batch = polled[index];
			const fluentBatch = await getBatch.call(
				this,
				batch.jobId,
				batch.batchId,
				batch.itemIndex,
				requestSettings,
				{ start: 0, count: RESULTS_PAGE_SIZE },
			);
			batch.lastStatus = String(fluentBatch.status ?? 'UNKNOWN');
			if (batch.lastStatus === BATCH_STATUS_COMPLETE) complete.set(batch, fluentBatch);
		});
		pending = polled.filter((batch) => !complete.has(batch));
		const remaining = deadline - Date.now();
		if (pending.length === 0 || remaining <= 0) break;
		await pause(Math.min(settings.pollIntervalSeconds * 1000, remaining), abortSignal);
	}
	return { complete, unfinished: pending, waitedSeconds: (Date.now() - startedAt) / 1000 };
}
