// Get Batch: its editor properties, and execute reading a batch's status and per-record results.
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fluentBatchJson } from '../results/output';
import { reportError } from '../batches/reports';
import { waitForResults } from '../batches/wait';
import { readOptions, readRequestSettings, readWaitOptions } from '../parameters/options';
import { readRequiredId } from '../parameters/requiredId';
import { executePerItem } from './executePerItem';
import {
	batchIdProperty,
	jobIdProperty,
	waitForCompletionProperty,
	waitOptions,
	optionsCollection,
} from './common.descriptions';

const properties: INodeProperties[] = [
	jobIdProperty,
	batchIdProperty,
	waitForCompletionProperty,
	optionsCollection(waitOptions),
];

export const description = updateDisplayOptions({ show: { operation: ['getBatch'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await executePerItem.call(this, async (itemIndex): Promise<IDataObject> => {
		const jobId = readRequiredId.call(this, 'jobId', 'Job ID', itemIndex);
		const batchId = readRequiredId.call(this, 'batchId', 'Batch ID', itemIndex);
		const options = readOptions.call(this, itemIndex);
		const settings = readRequestSettings.call(this, options, itemIndex);
		const waitForCompletion = this.getNodeParameter(
			'waitForCompletion',
			itemIndex,
			false,
		) as boolean;

		const results = await waitForResults.call(this, {
			batches: [{ jobId, batchId, itemIndex, lastStatus: '' }],
			batchCount: 1,
			wait: waitForCompletion ? readWaitOptions.call(this, options, itemIndex) : undefined,
			settings,
			concurrency: 1,
		});
		const stop = results.ended ?? results.timeout ?? results.recordFailures;
		if (stop) throw reportError(this.getNode(), stop, itemIndex);
		const { fluentBatch, summary } = results.batches[0];
		return fluentBatchJson({ jobId, batchId, fluentBatch: fluentBatch ?? {}, summary });
	});
}
