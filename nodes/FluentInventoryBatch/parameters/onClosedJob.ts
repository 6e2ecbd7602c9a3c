// Reads the When the Job Closes option of Create Batch.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Create Batch → Options → When the Job Closes. */
export type OnClosedJob = 'createNewJob' | 'fail';

const CHOICES: OnClosedJob[] = ['createNewJob', 'fail'];

export function readOnClosedJob(this: IExecuteFunctions, options: IDataObject): OnClosedJob {
	const raw = options.onClosedJob ?? 'createNewJob';
	if (CHOICES.includes(raw as OnClosedJob)) return raw as OnClosedJob;
	throw new NodeOperationError(
		this.getNode(),
		`"When the Job Closes" must be "createNewJob" or "fail", but is ${JSON.stringify(raw)}`,
		{
			itemIndex: 0,
			description:
				'Choose "Continue in a New Job" or "Fail" under Options → When the Job Closes, or make its expression return createNewJob or fail.',
		},
	);
}
