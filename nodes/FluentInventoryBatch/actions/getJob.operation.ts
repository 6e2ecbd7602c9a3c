// Get Job: its editor properties, and execute reading a job and, if asked, its batches' results.
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { countBatches } from '../load/jobSummary';
import { waitForResults } from '../load/wait';
import { DEFAULT_BATCH_CONCURRENCY } from '../parameters/numberOptions';
import { readOptions, readRequestSettings } from '../parameters/options';
import { readRequiredId } from '../parameters/requiredId';
import type { RequestSettings } from '../transport/request';
import { getJob } from '../transport/endpoints';
import { jobIdProperty, optionsCollection } from './common.descriptions';
import { executePerItem } from './executePerItem';

const properties: INodeProperties[] = [
	jobIdProperty,
	optionsCollection([
		{
			displayName: 'Include Batch Results',
			name: 'includeBatchResults',
			type: 'boolean',
			default: false,
			description:
				"Whether to also read every batch of the job and its per-record results, and add a summary of the whole job: batches by status, records sent, succeeded and failed, and the failed records with Fluent's responseCode and message",
		},
	]),
];

export const description = updateDisplayOptions({ show: { operation: ['getJob'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await executePerItem.call(this, async (itemIndex): Promise<IDataObject> => {
		const jobId = readRequiredId.call(this, 'jobId', 'Job ID', itemIndex);
		const options = readOptions.call(this, itemIndex);
		const settings = readRequestSettings.call(this, options, itemIndex);
		const job = await getJob.call(this, jobId, itemIndex, settings);
		const json = {
			...job,
			jobId: String(job.jobId ?? job.id ?? jobId),
			status: job.status ?? null,
		};
		if (options.includeBatchResults !== true) return json;
		return { ...json, ...(await jobBatchResults.call(this, { job, jobId, itemIndex, settings })) };
	});
}

/**
 * Reads each batch the job lists once (a few at a time) and, for a COMPLETE one, all its result
 * pages, with the same reading as Get Batch. Records sent is Fluent's `entityCount` where the
 * batch has one, else the number of results it reported (none before COMPLETE).
 */
async function jobBatchResults(
	this: IExecuteFunctions,
	input: { job: IDataObject; jobId: string; itemIndex: number; settings: RequestSettings },
): Promise<IDataObject> {
	const { job, jobId, itemIndex, settings } = input;
	const listed = Array.isArray(job.batch) ? (job.batch as IDataObject[]) : [];
	const batches = listed
		.map((batch) => String(batch.batchId ?? batch.id ?? ''))
		.filter((batchId) => batchId !== '')
		.map((batchId) => ({ jobId, batchId, itemIndex, lastStatus: '' }));
	const results = await waitForResults.call(this, {
		batches,
		batchCount: batches.length,
		settings,
		concurrency: DEFAULT_BATCH_CONCURRENCY,
	});
	const counted = results.batches.map(({ batch, fluentBatch, summary }) => {
		const entityCount = Number(fluentBatch?.entityCount);
		return {
			jobId,
			status: batch.lastStatus,
			recordsSent: Number.isFinite(entityCount) ? entityCount : (summary?.recordsReported ?? 0),
			recordsSucceeded: summary?.recordsSucceeded ?? 0,
			recordsFailed: summary?.recordsFailed ?? 0,
		};
	});
	return {
		summary: countBatches(counted) as unknown as IDataObject,
		failedRecords: results.batches.flatMap(({ batch, summary: batchSummary }) =>
			(batchSummary?.failedRecords ?? []).map((failure) => ({
				batchId: batch.batchId,
				...failure,
			})),
		),
	};
}
