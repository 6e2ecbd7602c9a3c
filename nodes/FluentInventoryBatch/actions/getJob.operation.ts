import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readOptions, readRequestSettings } from '../parameters/options';
import { readRequiredId } from '../parameters/requiredId';
import { getJob } from '../transport/endpoints';
import { jobIdProperty, optionsCollection } from './common.descriptions';
import { executePerItem } from './executePerItem';

const properties: INodeProperties[] = [jobIdProperty, optionsCollection([])];

export const description = updateDisplayOptions({ show: { operation: ['getJob'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await executePerItem.call(this, async (itemIndex): Promise<IDataObject> => {
		const jobId = readRequiredId.call(this, 'jobId', 'Job ID', itemIndex);
		const settings = readRequestSettings.call(this, readOptions.call(this, itemIndex), itemIndex);
		const job = await getJob.call(this, jobId, itemIndex, settings);
		return { ...job, jobId: String(job.jobId ?? job.id ?? jobId), status: job.status ?? null };
	});
}
