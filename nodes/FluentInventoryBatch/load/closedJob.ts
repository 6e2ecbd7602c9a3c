import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { getJob, JOB_STATUS_CLOSED } from '../transport/endpoints';
import type { RequestSettings } from '../transport/request';

/** When Fluent rejects a batch, checks whether the reason is that the job has closed. */
export async function explainRejectedBatch(
	this: IExecuteFunctions,
	input: { jobId: string; error: NodeApiError | NodeOperationError; settings: RequestSettings },
): Promise<NodeApiError | NodeOperationError> {
	const { jobId, error, settings } = input;
	const status = error instanceof NodeApiError ? Number(error.httpCode) : NaN;
	if (![400, 404, 409, 410, 422].includes(status)) return error;
	let job: IDataObject;
	try {
		job = await getJob.call(this, jobId, 0, { ...settings, maxRetries: 1 });
	} catch {
		return error;
	}
	if (String(job.status ?? '').toUpperCase() !== JOB_STATUS_CLOSED) return error;
	return new NodeOperationError(
		this.getNode(),
		`Job ${jobId} is CLOSED, so Fluent accepts no more batches into it`,
		{
			itemIndex: 0,
			description:
				'Fluent closes jobs at midnight UTC (some accounts: 24 hours after they were created). Create a new job with Create Job, point Job ID at it, and run the load again.',
		},
	);
}
