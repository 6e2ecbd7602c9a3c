// The retailer and meta of the jobs this node created or reused: a job that closes is continued with them when Fluent's answer leaves them out.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { resolveFluentAccountId, resolveFluentBaseUrl } from '../connection/baseUrl';
import { CREDENTIAL_TYPE } from '../connection/fluentApi';
import { rememberedJobWithId } from './todaysJob';

export interface JobOrigin {
	retailerId: string;
	/** The job's meta as it was created (undefined: none, so Batch Pre-Processing is on). */
	meta: IDataObject | undefined;
}

/** How many jobs this n8n process keeps; the oldest is forgotten first. */
const KEPT_JOBS = 1000;

/**
 * Jobs handed out by Create Job (or created by a continuation) in this n8n process, by Fluent
 * account (base URL and account ID, never a secret) and job ID. A whole execution runs in one
 * process (a worker in queue mode), so its Create Batch finds the job its Create Job made.
 */
const originsSeen = new Map<string, JobOrigin>();

async function accountOf(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<{ baseUrl: string; accountId: string } | undefined> {
	try {
		const credentials = await this.getCredentials(CREDENTIAL_TYPE, itemIndex);
		return {
			baseUrl: resolveFluentBaseUrl(credentials),
			accountId: resolveFluentAccountId(credentials),
		};
	} catch {
		return undefined;
	}
}

export function metaOf(skipPreprocessing: boolean): IDataObject | undefined {
	return skipPreprocessing ? { preprocessing: 'skip' } : undefined;
}

/** Keeps, for this process, the retailer and meta a job was created with. */
export async function noteJobOrigin(
	this: IExecuteFunctions,
	jobId: string,
	origin: JobOrigin,
	itemIndex: number,
): Promise<void> {
	const account = await accountOf.call(this, itemIndex);
	if (!account) return;
	const key = JSON.stringify([account.baseUrl, account.accountId, jobId]);
	originsSeen.delete(key);
	originsSeen.set(key, origin);
	if (originsSeen.size > KEPT_JOBS) originsSeen.delete(originsSeen.keys().next().value as string);
}

/**
 * The retailer and meta a job was created with, as far as this node knows: from this process,
 * else from the jobs Reuse Today's Job remembers. Undefined for a job made elsewhere.
 */
export async function knownJobOrigin(
	this: IExecuteFunctions,
	jobId: string,
): Promise<JobOrigin | undefined> {
	const account = await accountOf.call(this, 0);
	if (!account) return undefined;
	const seen = originsSeen.get(JSON.stringify([account.baseUrl, account.accountId, jobId]));
	if (seen) return { retailerId: seen.retailerId, meta: seen.meta && { ...seen.meta } };
	const remembered = rememberedJobWithId.call(this, jobId, account);
	return remembered
		? { retailerId: remembered.retailerId, meta: metaOf(remembered.skipPreprocessing) }
		: undefined;
}
