import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { recordFailuresReport, timeoutReport, withResults } from '../helpers/batchReports';
import { waitForBatches } from '../helpers/batchWaiting';
import { BATCH_STATUS_COMPLETE, RESULTS_PAGE_SIZE } from '../helpers/constants';
import { readRequiredId } from '../helpers/ids';
import { readOptions, readRequestSettings, readWaitOptions } from '../helpers/options';
import { executePerItem } from '../helpers/perItem';
import { batchWithoutResults, readRecordResults } from '../helpers/recordResults';
import { getBatch } from '../transport';

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

		let fluentBatch: IDataObject;
		let failOnRecordErrors = false;
		if (waitForCompletion) {
			const wait = readWaitOptions.call(this, options, itemIndex);
			failOnRecordErrors = wait.failOnRecordErrors;
			const watched = { jobId, batchId, itemIndex, lastStatus: '' };
			const outcome = await waitForBatches.call(this, [watched], {
				pollIntervalSeconds: wait.pollIntervalSeconds,
				timeoutSeconds: wait.timeoutSeconds,
				request: settings,
				concurrency: 1,
			});
			const complete = outcome.complete.get(watched);
			if (!complete) {
				const report = timeoutReport({
					jobId,
					unfinished: [watched],
					batchCount: 1,
					timeoutSeconds: wait.timeoutSeconds,
				});
				throw new NodeOperationError(this.getNode(), report.message, {
					itemIndex,
					description: report.description,
				});
			}
			fluentBatch = complete;
		} else {
			fluentBatch = await getBatch.call(this, jobId, batchId, itemIndex, settings, {
				start: 0,
				count: RESULTS_PAGE_SIZE,
			});
		}

		const status = String(fluentBatch.status ?? 'UNKNOWN');
		const json: IDataObject = { ...batchWithoutResults(fluentBatch), jobId, batchId, status };
		if (status !== BATCH_STATUS_COMPLETE) return json;

		const summary = await readRecordResults.call(
			this,
			jobId,
			batchId,
			itemIndex,
			settings,
			fluentBatch,
		);
		if (failOnRecordErrors && summary.recordsFailed > 0) {
			const report = recordFailuresReport(jobId, [{ batchId, summary }]);
			throw new NodeOperationError(this.getNode(), report.message, {
				itemIndex,
				description: report.description,
			});
		}
		return withResults(json, summary);
	});
}
