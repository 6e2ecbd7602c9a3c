// When the Job Closes: Continue in a New Job: whether a job closed, and its "(continued)" job.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { createdId } from '../transport/createdId';
import { getJob, JOB_STATUS_CLOSED, postJob } from '../transport/endpoints';
import type { RequestSettings } from '../transport/request';
import { knownJobOrigin, noteJobOrigin, type JobOrigin } from './jobOrigins';
import type { LoadRetailers } from '../records/loadRetailers';
import { replaceRememberedJob } from './todaysJob';

/** How many new jobs one Create Batch run may move its load to before it fails. */
export const MAX_CONTINUATION_JOBS = 3;

/** Fluent's job, if the refusal of a batch came from the job being CLOSED. */
async function closedFluentJob(
	this: IExecuteFunctions,
	input: { jobId: string; error: NodeApiError | NodeOperationError; settings: RequestSettings },
): Promise<IDataObject | undefined> {
	const { jobId, error, settings } = input;
	const status = error instanceof NodeApiError ? Number(error.httpCode) : NaN;
	if (![400, 404, 409, 410, 422].includes(status)) return undefined;
	try {
		const job = await getJob.call(this, jobId, 0, { ...settings, maxRetries: 1 });
		return String(job.status ?? '').toUpperCase() === JOB_STATUS_CLOSED ? job : undefined;
	} catch {
		return undefined;
	}
}

/** When Fluent rejects a batch, checks whether the reason is that the job has closed. */
export async function explainRejectedBatch(
	this: IExecuteFunctions,
	input: { jobId: string; error: NodeApiError | NodeOperationError; settings: RequestSettings },
): Promise<NodeApiError | NodeOperationError> {
	if (!(await closedFluentJob.call(this, input))) return input.error;
	return new NodeOperationError(
		this.getNode(),
		`Job ${input.jobId} is CLOSED, so Fluent accepts no more batches into it`,
		{
			itemIndex: 0,
			description:
				'Fluent closes jobs at midnight UTC (some accounts: 24 hours after they were created). Create a new job with Create Job, point Job ID at it, and run the load again, or set Options → When the Job Closes to "Continue in a New Job" so the node does that by itself.',
		},
	);
}

/** "Stock (continued)" → 2; "Stock" → 0. */
function continuationNumber(name: string): number {
	const match = / \(continued(?: (\d+))?\)$/.exec(name);
	if (!match) return 0;
	return match[1] ? Number(match[1]) : 1;
}

/** The name of the job that carries on after `name`: "Stock (continued)", "Stock (continued 2)". */
export function continuedJobName(name: string): string {
	const next = continuationNumber(name) + 1;
	const base = name.replace(/ \(continued(?: \d+)?\)$/, '');
	return next === 1 ? `${base} (continued)` : `${base} (continued ${next})`;
}

export interface JobContinuation {
	fromJobId: string;
	jobId: string;
}

/** Fluent's value when its answer holds the field (meta may be null: no meta). */
function answered(fluentJob: IDataObject, field: string): { value: unknown } | undefined {
	return Object.prototype.hasOwnProperty.call(fluentJob, field)
		? { value: fluentJob[field] }
		: undefined;
}

/**
 * Gives, for a batch Fluent refused, the job to send it to instead: a new job when the refusal
 * came from the job being CLOSED (same retailer and meta, named "… (continued)"), or undefined
 * when it did not. Batches refused at the same time by the same job share one new job; at most
 * MAX_CONTINUATION_JOBS are created. The new job replaces the closed one in Reuse Today's Job.
 *
 * The closed job's retailer and meta are Fluent's when its Get Job answer has them; else those
 * it was created with, when this node created it; else the retailer of the load's records. With
 * records of several retailers and none of those known, no job is guessed: the load stops.
 */
export function jobContinuer(
	this: IExecuteFunctions,
	input: {
		settings: RequestSettings;
		retailers: LoadRetailers;
		fallbackRetailerId: () => Promise<string>;
	},
) {
	const replacements = new Map<string, Promise<string | undefined>>();
	const continuations: JobContinuation[] = [];

	/** The retailer of the load's records, when they are for one retailer; else it refuses. */
	const retailerOfLoad = async (closedJobId: string): Promise<string> => {
		const { retailers } = input;
		if (!retailers.several) return retailers.only ?? (await input.fallbackRetailerId());
		throw new NodeOperationError(
			this.getNode(),
			`Job ${closedJobId} is CLOSED, and Fluent did not say which retailer it is for, while this load's records are for retailers ${retailers.describe()}`,
			{
				itemIndex: 0,
				description: `A new job must be for the closed job's retailer, so the node does not guess one. Create a new job with Create Job for the right retailer, point Job ID at it, and run the load again; or load each retailer's records with its own Create Job and Create Batch (split them by retailerId, e.g. with a Switch node).`,
			},
		);
	};

	/** The retailer and meta of the closed job, for the new one. */
	const originOf = async (closedJobId: string, fluentJob: IDataObject): Promise<JobOrigin> => {
		const fluentRetailer = answered(fluentJob, 'retailerId')?.value;
		const fluentMeta = answered(fluentJob, 'meta');
		const hasRetailer =
			fluentRetailer !== undefined && fluentRetailer !== null && fluentRetailer !== '';
		const created =
			hasRetailer && fluentMeta ? undefined : await knownJobOrigin.call(this, closedJobId);
		const retailerId = hasRetailer
			? String(fluentRetailer)
			: (created?.retailerId ?? (await retailerOfLoad(closedJobId)));
		if (fluentMeta) {
			const meta = fluentMeta.value;
			const isObject = meta !== null && typeof meta === 'object' && !Array.isArray(meta);
			return { retailerId, meta: isObject ? (meta as IDataObject) : undefined };
		}
		if (created) return { retailerId, meta: created.meta };
		this.logger.warn(
			`Fluent Inventory Batch: Fluent's answer for closed job ${closedJobId} did not say whether it skips Batch Pre-Processing (meta), and this node did not create it; the new job is created without meta`,
		);
		return { retailerId, meta: undefined };
	};

	const replace = async (
		closedJobId: string,
		error: NodeApiError | NodeOperationError,
	): Promise<string | undefined> => {
		const { settings } = input;
		const fluentJob = await closedFluentJob.call(this, { jobId: closedJobId, error, settings });
		if (!fluentJob) return undefined;
		if (continuations.length >= MAX_CONTINUATION_JOBS) {
			throw new NodeOperationError(
				this.getNode(),
				`Job ${closedJobId} is CLOSED too, and this load already moved to a new job ${MAX_CONTINUATION_JOBS} times`,
				{
					itemIndex: 0,
					description: `Fluent closed every job this load was sent to (${[continuations[0].fromJobId, ...continuations.map((entry) => entry.jobId)].join(', ')}). Jobs close at midnight UTC; closing this often points to something else closing them. Check the jobs in Fluent before running the load again.`,
				},
			);
		}
		const jobName = continuedJobName(
			typeof fluentJob.name === 'string' && fluentJob.name ? fluentJob.name : `Job ${closedJobId}`,
		);
		const origin = await originOf(closedJobId, fluentJob);
		const body: IDataObject = { name: jobName, retailerId: origin.retailerId };
		if (origin.meta) body.meta = origin.meta;
		const response = await postJob.call(this, body, 0, settings);
		const jobId = createdId(this.getNode(), {
			response,
			kind: 'job',
			done: `created job "${jobName}" to carry on after closed job ${closedJobId}`,
			itemIndex: 0,
		});
		continuations.push({ fromJobId: closedJobId, jobId });
		await noteJobOrigin.call(this, jobId, origin, 0);
		replaceRememberedJob.call(this, closedJobId, { jobId, jobName });
		this.logger.info(
			`Fluent Inventory Batch: job ${closedJobId} is CLOSED; the load carries on in new job ${jobId} ("${jobName}", retailer ${origin.retailerId})`,
		);
		return jobId;
	};

	return {
		/** The job to send a batch refused by `closedJobId` to, or undefined to fail it. */
		async continueAfter(
			closedJobId: string,
			error: NodeApiError | NodeOperationError,
		): Promise<string | undefined> {
			let replacement = replacements.get(closedJobId);
			if (!replacement) {
				replacement = replace(closedJobId, error);
				replacements.set(closedJobId, replacement);
				// A refusal for another reason must not stop a later closed-job refusal being handled.
				replacement.then(
					(jobId) => jobId === undefined && replacements.delete(closedJobId),
					() => undefined,
				);
			}
			return await replacement;
		},
	};
}
