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

/** Whether a stored entry has the shape this node writes; any other is dropped, never read. */
function isRememberedJob(entry: unknown): entry is RememberedJob {
	if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return false;
	const job = entry as Record<string, unknown>;
	return (
		typeof job.jobId === 'string' &&
		job.jobId !== '' &&
		typeof job.jobName === 'string' &&
		typeof job.retailerId === 'string' &&
		typeof job.skipPreprocessing === 'boolean' &&
		typeof job.day === 'string'
	);
}

function shapeOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object without the job fields' : `a ${typeof value}`;
}

/**
 * The remembered jobs that can be read. Static data edited by hand, or written by another
 * version, may hold anything: entries of another shape are dropped (and the cleaned data saved)
 * and logged by their shape only, never their content.
 */
function rememberedJobs(this: IExecuteFunctions): RememberedJobs {
	const stored: unknown = this.getWorkflowStaticData('global')[STATIC_DATA_KEY];
	if (stored === undefined) return {};
	const readable: RememberedJobs = {};
	const dropped: string[] = [];
	if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) {
		dropped.push(shapeOf(stored));
	} else {
		for (const [key, entry] of Object.entries(stored)) {
			if (isRememberedJob(entry)) readable[key] = entry;
			else dropped.push(shapeOf(entry));
		}
	}
	if (dropped.length > 0) {
		this.logger.warn(
			`Fluent Inventory Batch: Reuse Today's Job dropped ${dropped.length} unreadable remembered job entr${dropped.length === 1 ? 'y' : 'ies'} from the workflow's static data (${[...new Set(dropped)].join(', ')})`,
		);
		saveRememberedJobs.call(this, readable);
	}
	return readable;
}

/** Replaces the whole entry (n8n notices a change of a top-level key), dropping earlier days. */
function saveRememberedJobs(this: IExecuteFunctions, jobs: RememberedJobs): void {
	const today = utcDay();
	const kept = Object.fromEntries(Object.entries(jobs).filter(([, job]) => job.day === today));
	this.getWorkflowStaticData('global')[STATIC_DATA_KEY] = kept as unknown as IDataObject;
}

export function rememberedJob(this: IExecuteFunctions, key: string): RememberedJob | undefined {
	return rememberedJobs.call(this)[key];
}

/** The remembered job with this ID in this Fluent account (base URL, account ID), if any. */
export function rememberedJobWithId(
	this: IExecuteFunctions,
	jobId: string,
	account: { baseUrl: string; accountId: string },
): RememberedJob | undefined {
	for (const [key, job] of Object.entries(rememberedJobs.call(this))) {
		if (job.jobId !== jobId) continue;
		let parts: unknown;
		try {
			parts = JSON.parse(key);
		} catch {
			continue;
		}
		if (Array.isArray(parts) && parts[0] === account.baseUrl && parts[1] === account.accountId) {
			return job;
		}
	}
	return undefined;
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
