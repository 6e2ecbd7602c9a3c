import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { cancelledError } from '../transport/cancellation';
import { createdId } from '../transport/createdId';
import { postBatch } from '../transport/endpoints';
import type { RequestSettings } from '../transport/request';
import { forEachWithLimit } from './concurrency';
import { describeItems } from './itemRanges';
import type { InventoryRecord } from './records/inventoryRecord';

export interface SentBatch {
	batchNumber: number;
	itemIndexes: number[];
	batchId: string;
	status: string;
}

export interface BatchFailure {
	batchNumber: number;
	error: NodeApiError | NodeOperationError;
}

export interface SendOutcome {
	/** Indexed by batch number - 1; undefined for a batch that failed or was never sent. */
	sent: Array<SentBatch | undefined>;
	failure?: BatchFailure;
}

export interface SendBatchesInput {
	jobId: string;
	batches: number[][];
	recordAt: (itemIndex: number) => InventoryRecord;
	/** action, entityType and the optional source, event and catalogueRef. */
	batchFields: IDataObject;
	concurrency: number;
	settings: RequestSettings;
}

/**
 * Posts the batches, at most `concurrency` at a time, each built only when it is sent so that at
 * most `concurrency` payloads are in memory. After the first batch that fails for good, no new
 * batch is started; those already under way are allowed to finish.
 */
export async function sendBatches(
	this: IExecuteFunctions,
	input: SendBatchesInput,
): Promise<SendOutcome> {
	const { jobId, batches, recordAt, batchFields, settings } = input;
	const sent: Array<SentBatch | undefined> = new Array(batches.length).fill(undefined);
	const failures: BatchFailure[] = [];

	const sendOne = async (position: number): Promise<void> => {
		const itemIndexes = batches[position];
		const batchNumber = position + 1;
		const entities = itemIndexes.map(recordAt);
		const action = `send batch ${batchNumber} of ${batches.length} (${describeItems(itemIndexes)}) to job ${jobId}`;
		const response = await postBatch.call(
			this,
			{ jobId, body: { ...batchFields, entities }, action, itemIndex: itemIndexes[0] },
			settings,
		);
		const batchId = createdId(this.getNode(), {
			response,
			kind: 'batch',
			done: `accepted batch ${batchNumber}`,
			itemIndex: itemIndexes[0],
		});
		sent[position] = {
			batchNumber,
			itemIndexes,
			batchId,
			status: typeof response.status === 'string' ? response.status : 'PENDING',
		};
	};

	const attempt = async (position: number): Promise<void> => {
		try {
			await sendOne(position);
		} catch (error) {
			if (this.getExecutionCancelSignal()?.aborted) {
				throw cancelledError(this.getNode(), batches[position][0]);
			}
			failures.push({
				batchNumber: position + 1,
				error:
					error instanceof NodeApiError || error instanceof NodeOperationError
						? error
						: new NodeOperationError(this.getNode(), error as Error, {
								itemIndex: batches[position][0],
							}),
			});
		}
	};

	await forEachWithLimit(batches.length, input.concurrency, attempt, () => failures.length > 0);
	// With several batches under way, report the first in input order, not the first to fail.
	const failure = failures.sort((a, b) => a.batchNumber - b.batchNumber)[0];
	return { sent, failure };
}
