// Reuse Today's Job: the jobs remembered for the day in the workflow's static data.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { resolveFluentAccountId, resolveFluentBaseUrl } from '../connection/baseUrl';
import { CREDENTIAL_TYPE } from '../connection/fluentApi';

/**
 * The jobs this package remembers for the day, in the workflow's static data (`global`, so that
 * Create Job and Create Batch of one workflow share them). One entry per Fluent account
 * (base URL + account ID, never a secret), retailer and Batch Pre-Processing setting.
 */
const STATIC_DATA_KEY = 'fluentInventoryBatchTodaysJobs';

export interface RememberedJob {
	jobId: string;
	jobName: string;
	retailerId: string;
	skipPreprocessing: boolean;
	/** The UTC day (YYYY-MM-DD, the n8n host's clock) the job was created or taken over. */
	day: string;
}

type RememberedJobs = Record<string, RememberedJob>;

/** The UTC day of the n8n host's clock, as YYYY-MM-DD. */
export function utcDay(epochMs = Date.now()): string {
	return new Date(epochMs).toISOString().slice(0, 10);
}

/** n8n saves a workflow's static data after every run except manual runs from the editor. */
export function staticDataIsSaved(this: IExecuteFunctions): boolean {
	return this.getMode() !== 'manual';
}

export async function rememberedJobKey(
	this: IExecuteFunctions,
	job: { retailerId: string; skipPreprocessing: boolean },
	itemIndex: number,
): Promise<string> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE, itemIndex);
	let baseUrl: string;
	try {
		baseUrl = resolveFluentBaseUrl(credentials);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), error as Error, {
			itemIndex,
			description: 'Open the Fluent Commerce API credential and correct it.',
		});
	}
	return JSON.stringify([
		baseUrl,
		resolveFluentAccountId(credentials),
		job.retailerId,
		job.skipPreprocessing ? 'skip-preprocessing' : 'preprocessing',
	]);
}

function rememberedJobs(this: IExecuteFunctions): RememberedJobs {
	const stored = this.getWorkflowStaticData('global')[STATIC_DATA_KEY];
	return stored && typeof stored === 'object' ? (stored as unknown as RememberedJobs) : {};
}

/** Replaces the whole entry (n8n notices a change of a top-level key), dropping earlier days. */
function saveRememberedJobs(this: IExecuteFunctions, jobs: RememberedJobs): void {
	const today = utcDay();
	const kept = Object.fromEntries(Object.entries(jobs).filter(([, job]) => job.day === today));
	this.getWorkflowStaticData('global')[STATIC_DATA_KEY] = kept as unknown as IDataObject;
}

export function rememberedJob(this: IExecuteFunctions, key: string): RememberedJob | undefined {
	const job = rememberedJobs.call(this)[key];
	return job && typeof job.jobId === 'string' ? job : undefined;
}

/** Remembers the job for today; does nothing in a manual run, whose static data n8n drops. */
export function rememberJob(this: IExecuteFunctions, key: string, job: RememberedJob): boolean {
	if (!staticDataIsSaved.call(this)) return false;
	saveRememberedJobs.call(this, { ...rememberedJobs.call(this), [key]: job });
	return true;
}

/**
 * Create Batch carried a load on in a new job: where the closed job was remembered, the new
 * one takes its place, so that the next Create Job with Reuse Today's Job reuses it.
 */
export function replaceRememberedJob(
	this: IExecuteFunctions,
	closedJobId: string,
	job: { jobId: string; jobName: string },
): void {
	if (!staticDataIsSaved.call(this)) return;
	const jobs = { ...rememberedJobs.call(this) };
	const replaced = Object.entries(jobs).filter(([, entry]) => entry.jobId === closedJobId);
	if (replaced.length === 0) return;
	const day = utcDay();
	for (const [key, entry] of replaced) jobs[key] = { ...entry, ...job, day };
	saveRememberedJobs.call(this, jobs);
}
