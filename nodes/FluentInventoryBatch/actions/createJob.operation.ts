import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { readOptions, readRequestSettings } from '../parameters/options';
import { resolveRetailerId } from '../parameters/retailer';
import { createdId } from '../transport/createdId';
import { postJob } from '../transport/endpoints';
import { optionsCollection, retailerIdProperty } from './common.descriptions';
import { executePerItem } from './executePerItem';

const properties: INodeProperties[] = [
	{
		displayName: 'Job Name',
		name: 'jobName',
		type: 'string',
		default: '=Inventory load {{ $now.toISO() }}',
		required: true,
		description: 'A name that tells this load apart in Fluent',
	},
	retailerIdProperty(
		"The retailer the job belongs to. Leave empty to use the credential's Retailer ID, or else the retailer of the API user's login.",
	),
	optionsCollection([
		{
			displayName: 'Skip Batch Pre-Processing',
			name: 'skipPreprocessing',
			type: 'boolean',
			default: false,
			description:
				'Whether to send meta.preprocessing "skip" so Fluent\'s Batch Pre-Processing leaves this job\'s records alone. Pre-processing drops records whose stock did not change, which suits full snapshots; skip it for delta feeds. An account-level setting can override this.',
		},
	]),
];

export const description = updateDisplayOptions({ show: { operation: ['createJob'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await executePerItem.call(this, async (itemIndex) => {
		const jobName = String(this.getNodeParameter('jobName', itemIndex, '') ?? '').trim();
		if (!jobName) {
			throw new NodeOperationError(this.getNode(), 'Job Name is empty', {
				itemIndex,
				description: 'Fluent requires a name for every job. Enter a Job Name.',
			});
		}
		const options = readOptions.call(this, itemIndex);
		const settings = readRequestSettings.call(this, options, itemIndex);
		const retailerId = await resolveRetailerId.call(
			this,
			this.getNodeParameter('retailerId', itemIndex, ''),
			itemIndex,
			settings,
		);
		const skipPreprocessing = options.skipPreprocessing === true;

		const body: IDataObject = { name: jobName, retailerId };
		if (skipPreprocessing) body.meta = { preprocessing: 'skip' };

		const response = await postJob.call(this, body, itemIndex, settings);
		const jobId = createdId(this.getNode(), {
			response,
			kind: 'job',
			done: 'created the job',
			itemIndex,
		});
		return { jobId, jobName, retailerId, skipPreprocessing };
	});
}
