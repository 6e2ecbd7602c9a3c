// Create Job: its editor properties, and execute creating a job or reusing today's open one.
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	rememberedJob,
	rememberedJobKey,
	rememberJob,
	staticDataIsSaved,
	utcDay,
	type RememberedJob,
} from '../jobs/todaysJob';
import { metaOf, noteJobOrigin } from '../jobs/jobOrigins';
import { readOptions, readRequestSettings } from '../parameters/options';
import { resolveRetailerId } from '../parameters/retailer';
import { parameterText } from '../parameters/textValue';
import { createdId } from '../transport/createdId';
import { getJob, JOB_STATUS_OPEN, postJob } from '../transport/endpoints';
import type { RequestSettings } from '../transport/request';
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
		{
			displayName: "Reuse Today's Job",
			name: 'reuseTodaysJob',
			type: 'boolean',
			default: false,
			description:
				"Whether to reuse the job this workflow created earlier today (UTC) for the same account, retailer and pre-processing setting while Fluent still reports it OPEN, as Fluent advises, instead of creating one job per run. The job is kept in the workflow's static data; a closed, unknown or yesterday's job is replaced by a new one. The output's 'reused' says which happened. n8n saves static data after runs of the published workflow (and n8n execute), never after a manual run from the editor: a manual run creates a new job and does not remember it.",
		},
	]),
];

export const description = updateDisplayOptions({ show: { operation: ['createJob'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await executePerItem.call(this, async (itemIndex) => {
		const job = await createdOrReusedJob.call(this, itemIndex);
		// Kept so that a load whose job closes carries on in a job of the same retailer and meta.
		const { jobId, retailerId, skipPreprocessing } = job;
		await noteJobOrigin.call(
			this,
			jobId,
			{ retailerId, meta: metaOf(skipPreprocessing) },
			itemIndex,
		);
		return job;
	});
}

/** The job for one item: a new one, or with Reuse Today's Job the one kept for today. */
async function createdOrReusedJob(this: IExecuteFunctions, itemIndex: number) {
	const jobName = parameterText(this.getNode(), {
		value: this.getNodeParameter('jobName', itemIndex, ''),
		label: 'Job Name',
		itemIndex,
	});
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
	const job = { jobName, retailerId, skipPreprocessing };
	if (options.reuseTodaysJob !== true) {
		return { ...(await createJob.call(this, job, itemIndex, settings)), reused: false };
	}
	if (!staticDataIsSaved.call(this)) {
		return {
			...(await createJob.call(this, job, itemIndex, settings)),
			reused: false,
			remembered: false,
			note: "A manual run: n8n does not save the workflow's static data, so this job is not remembered and the next run creates another. Runs of the published workflow reuse today's job.",
		};
	}

	const key = await rememberedJobKey.call(this, job, itemIndex);
	const reusable = await openJobOfToday.call(
		this,
		rememberedJob.call(this, key),
		itemIndex,
		settings,
	);
	if (reusable) return { ...reusable, reused: true, remembered: true };
	const created = await createJob.call(this, job, itemIndex, settings);
	rememberJob.call(this, key, { ...created, day: utcDay() });
	return { ...created, reused: false, remembered: true };
}

async function createJob(
	this: IExecuteFunctions,
	job: { jobName: string; retailerId: string; skipPreprocessing: boolean },
	itemIndex: number,
	settings: RequestSettings,
): Promise<Omit<RememberedJob, 'day'>> {
	const { jobName, retailerId, skipPreprocessing } = job;
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
}

/**
 * The remembered job, if it is from today (UTC) and Fluent still reports it OPEN for the same
 * retailer. A job Fluent no longer knows (404) counts as gone; other failures stop the node.
 */
async function openJobOfToday(
	this: IExecuteFunctions,
	remembered: RememberedJob | undefined,
	itemIndex: number,
	settings: RequestSettings,
): Promise<Omit<RememberedJob, 'day'> | undefined> {
	if (!remembered || remembered.day !== utcDay()) return undefined;
	const fluentJob = await getJob
		.call(this, remembered.jobId, itemIndex, settings)
		.catch((error: unknown) => {
			if (error instanceof NodeApiError && Number(error.httpCode) === 404) return undefined;
			throw error;
		});
	if (!fluentJob) return undefined;
	const open = String(fluentJob.status ?? '').toUpperCase() === JOB_STATUS_OPEN;
	const sameRetailer =
		fluentJob.retailerId === undefined || String(fluentJob.retailerId) === remembered.retailerId;
	if (!open || !sameRetailer) return undefined;
	const { jobId, retailerId, skipPreprocessing } = remembered;
	const jobName = typeof fluentJob.name === 'string' ? fluentJob.name : remembered.jobName;
	return { jobId, jobName, retailerId, skipPreprocessing };
}
