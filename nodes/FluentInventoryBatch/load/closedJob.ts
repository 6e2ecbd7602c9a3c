// When the Job Closes: Continue in a New Job: whether a job closed, and its "(continued)" job.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { createdId } from '../transport/createdId';
import { getJob, JOB_STATUS_CLOSED, postJob } from '../transport/endpoints';
import type { RequestSettings } from '../transport/request';
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
	jobName: string;
}

/**
 * Gives, for a batch Fluent refused, the job to send it to instead: a new job when the refusal
 * came from the job being CLOSED (same retailer and meta, named "… (continued)"), or undefined
 * when it did not. Batches refused at the same time by the same job share one new job; at most
 * MAX_CONTINUATION_JOBS are created. The new job replaces the closed one in Reuse Today's Job.
 */
export function jobContinuer(
	this: IExecuteFunctions,
	input: { settings: RequestSettings; fallbackRetailerId: () => Promise<string> },
) {
	const replacements = new Map<string, Promise<string | undefined>>();
	const continuations: JobContinuation[] = [];

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
		const retailerId =
			fluentJob.retailerId !== undefined && fluentJob.retailerId !== null
				? String(fluentJob.retailerId)
				: await input.fallbackRetailerId();
		const body: IDataObject = { name: jobName, retailerId };
		if (fluentJob.meta && typeof fluentJob.meta === 'object') body.meta = fluentJob.meta;
		const response = await postJob.call(this, body, 0, settings);
		const jobId = createdId(this.getNode(), {
			response,
			kind: 'job',
			done: `created job "${jobName}" to carry on after closed job ${closedJobId}`,
			itemIndex: 0,
		});
		continuations.push({ fromJobId: closedJobId, jobId, jobName });
		replaceRememberedJob.call(this, closedJobId, { jobId, jobName });
		this.logger.info(
			`Fluent Inventory Batch: job ${closedJobId} is CLOSED; the load carries on in new job ${jobId} ("${jobName}")`,
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
