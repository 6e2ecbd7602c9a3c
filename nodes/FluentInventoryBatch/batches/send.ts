// Sends the batches a few at a time, stops after one fails for good, moves on when a job closes.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { cancelledError } from '../transport/cancellation';
import { createdId } from '../transport/createdId';
import { postBatch } from '../transport/endpoints';
import type { RequestSettings } from '../transport/request';
import type { BatchBody } from './batchBody';
import { forEachWithLimit } from './concurrency';
import { describeItems } from './itemRanges';
import type { InventoryRecord } from '../records/inventoryRecord';

export interface SentBatch {
	batchNumber: number;
	/** The input items its records come from (for a file: the item that holds the file). */
	itemIndexes: number[];
	/** How many records it holds. */
	recordCount: number;
	/** The job the batch went into. */
	jobId: string;
	/** Set when that job carries on the load after this job closed. */
	continuedFromJobId?: string;
	batchId: string;
	status: string;
}

export interface BatchFailure {
	batchNumber: number;
	/** The job that refused the batch. */
	jobId: string;
	error: NodeApiError | NodeOperationError;
}

export interface SendOutcome {
	/** Indexed by batch number - 1; undefined for a batch that failed or was never sent. */
	sent: Array<SentBatch | undefined>;
	failure?: BatchFailure;
}

/** A batch's records, or its JSON body already written as bytes (batchBody.ts). */
export type BatchContent = InventoryRecord[] | BatchBody;

export interface SendBatchesInput {
	jobId: string;
	/** The input items each batch's records come from. */
	batches: number[][];
	/**
	 * What a batch sends, built (or read from a file) only when it is first sent, once per batch
	 * and in batch order: its records, or its body already written (a file's batch).
	 */
	contentOf: (position: number) => BatchContent | Promise<BatchContent>;
	/** How the action names a batch's records; the input items when not given. */
	describe?: (position: number) => string;
	/** action, entityType and the optional source, event and catalogueRef. */
	batchFields: IDataObject;
	concurrency: number;
	settings: RequestSettings;
	/**
	 * For a batch Fluent refused: the job to send it to instead (When the Job Closes: Continue in
	 * a New Job), or undefined to fail. Without it, the first refusal fails the load.
	 */
	continueAfter?: (
		refusedBy: string,
		error: NodeApiError | NodeOperationError,
	) => Promise<string | undefined>;
}

/**
 * Posts the batches, at most `concurrency` at a time, each built only when it is sent so that at
 * most `concurrency` payloads are in memory. After the first batch that fails for good, no new
 * batch is started; those already under way are allowed to finish. A batch refused because its
 * job closed goes, with every later one, to the job `continueAfter` gives.
 */
export async function sendBatches(
	this: IExecuteFunctions,
	input: SendBatchesInput,
): Promise<SendOutcome> {
	const { batches, batchFields, settings } = input;
	const sent: Array<SentBatch | undefined> = new Array(batches.length).fill(undefined);
	const failures: BatchFailure[] = [];
	/** The job new batches go to, and the job each continuation job carries on from. */
	let currentJobId = input.jobId;
	const continuedFrom = new Map<string, string>();

	const sendOne = async (position: number, jobId: string, content: BatchContent): Promise<void> => {
		const itemIndexes = batches[position];
		const batchNumber = position + 1;
		const records = input.describe?.(position) ?? describeItems(itemIndexes);
		const action = `send batch ${batchNumber} of ${batches.length} (${records}) to job ${jobId}`;
		const response = await postBatch.call(
			this,
			{
				jobId,
				body: Array.isArray(content) ? { ...batchFields, entities: content } : content.bytes,
				action,
				itemIndex: itemIndexes[0],
			},
			settings,
		);
		const batchId = createdId(this.getNode(), {
			response,
			kind: 'batch',
			done: `accepted batch ${batchNumber}`,
			itemIndex: itemIndexes[0],
		});
		if (!Array.isArray(content)) content.release();
		sent[position] = {
			batchNumber,
			itemIndexes,
			recordCount: Array.isArray(content) ? content.length : content.recordCount,
			jobId,
			continuedFromJobId: continuedFrom.get(jobId),
			batchId,
			status: typeof response.status === 'string' ? response.status : 'PENDING',
		};
	};

	const asNodeError = (error: unknown, position: number) =>
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(this.getNode(), error as Error, {
					itemIndex: batches[position][0],
				});

	// While a refusal is examined (did the job close?), no new batch starts: if it did not, the
	// load stops as if the refusal had failed it at once.
	const examinations = new Set<Promise<unknown>>();
	const continueAfter = async (jobId: string, failure: NodeApiError | NodeOperationError) => {
		const examination = input.continueAfter?.(jobId, failure);
		if (!examination) return undefined;
		examinations.add(examination);
		try {
			return await examination;
		} finally {
			examinations.delete(examination);
		}
	};

	const attempt = async (position: number): Promise<void> => {
		while (examinations.size > 0) await Promise.allSettled([...examinations]);
		if (failures.length > 0) return;
		let content: BatchContent;
		try {
			content = await input.contentOf(position);
		} catch (error) {
			if (this.getExecutionCancelSignal()?.aborted) {
				throw cancelledError(this.getNode(), batches[position][0]);
			}
			failures.push({
				batchNumber: position + 1,
				jobId: currentJobId,
				error: asNodeError(error, position),
			});
			return;
		}
		let jobId = currentJobId;
		for (;;) {
			try {
				await sendOne(position, jobId, content);
				return;
			} catch (error) {
				if (this.getExecutionCancelSignal()?.aborted) {
					throw cancelledError(this.getNode(), batches[position][0]);
				}
				let failure = asNodeError(error, position);
				let nextJobId: string | undefined;
				try {
					nextJobId = await continueAfter(jobId, failure);
				} catch (continuationError) {
					failure = asNodeError(continuationError, position);
				}
				if (nextJobId === undefined) {
					failures.push({ batchNumber: position + 1, jobId, error: failure });
					return;
				}
				continuedFrom.set(nextJobId, jobId);
				if (currentJobId === jobId) currentJobId = nextJobId;
				jobId = nextJobId;
			}
		}
	};

	await forEachWithLimit(batches.length, input.concurrency, attempt, () => failures.length > 0);
	// With several batches under way, report the first in input order, not the first to fail.
	const failure = failures.sort((a, b) => a.batchNumber - b.batchNumber)[0];
	return { sent, failure };
}
