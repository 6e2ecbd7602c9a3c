// Get Job: its editor properties, and execute reading a job and, if asked, its batches' results.
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jobBatchResults } from '../jobs/jobResults';
import {
	DEFAULT_BATCH_CONCURRENCY,
	NUMBER_OPTIONS,
	numberProperty,
} from '../parameters/numberOptions';
import { readNumberOption, readOptions, readRequestSettings } from '../parameters/options';
import { readRequiredId } from '../parameters/requiredId';
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
		numberProperty(NUMBER_OPTIONS.timeoutSeconds, {
			description:
				'With Include Batch Results: the longest the node reads the job, its batches and their per-record results. When it passes, the node fails (or, with Continue On Fail, outputs an error item) saying how many batches it read; Get Batch reads the others one at a time.',
		}),
	]),
];

export const description = updateDisplayOptions({ show: { operation: ['getJob'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await executePerItem.call(this, async (itemIndex): Promise<IDataObject> => {
		const startedAt = Date.now();
		const jobId = readRequiredId.call(this, 'jobId', 'Job ID', itemIndex);
		const options = readOptions.call(this, itemIndex);
		const settings = readRequestSettings.call(this, options, itemIndex);
		const timeoutSeconds = readNumberOption.call(
			this,
			options,
			NUMBER_OPTIONS.timeoutSeconds,
			itemIndex,
		);
		const job = await getJob.call(this, jobId, itemIndex, settings);
		const json = {
			...job,
			jobId: String(job.jobId ?? job.id ?? jobId),
			status: job.status ?? null,
		};
		if (options.includeBatchResults !== true) return json;
		const results = await jobBatchResults.call(this, {
			job,
			jobId,
			itemIndex,
			settings,
			startedAt,
			timeoutSeconds,
			concurrency: DEFAULT_BATCH_CONCURRENCY,
		});
		return { ...json, ...results };
	});
}
