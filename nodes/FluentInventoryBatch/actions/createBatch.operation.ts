import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { partialLoadOutput, waitedBatchOutput } from '../load/outcome';
import { invalidItems, sentBatchItems } from '../load/output';
import { planBatches, type BatchPlan } from '../load/plan';
import { recordSource, type RecordSource } from '../load/records/recordSource';
import { invalidItemsReport, reportError } from '../load/reports';
import { sendBatches, type SentBatch } from '../load/send';
import {
	readCreateBatchParameters,
	type CreateBatchParameters,
} from '../parameters/createBatchParameters';
import { knownRetailerId, loginRetailerId } from '../parameters/retailer';

export { description } from './createBatch.description';

/** Read parameters → plan (check every record) → send → wait (when asked) → output. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	if (items.length === 0) return [];

	const load = readCreateBatchParameters.call(this);
	const plan = await planLoad.call(this, load, recordSource.call(this, items));

	const { jobId } = load;
	const { sent, failure } = await sendBatches.call(this, {
		jobId,
		batches: plan.batches,
		recordAt: plan.recordAt,
		batchFields: load.batchFields,
		concurrency: load.concurrency,
		settings: load.settings,
	});
	const accepted = sent.filter((batch): batch is SentBatch => batch !== undefined);
	const batchCount = plan.batches.length;

	const batchOutput = failure
		? await partialLoadOutput.call(this, { load, batches: plan.batches, sent, failure })
		: load.wait
			? await waitedBatchOutput.call(this, { load, accepted, batchCount })
			: sentBatchItems(jobId, accepted, batchCount);
	return [...batchOutput, ...invalidItems(plan.problems)];
}

/**
 * Checks every record and splits the valid ones into batches. Nothing is sent when a record is
 * invalid, unless the node continues on error (the invalid items then become error items).
 */
async function planLoad(
	this: IExecuteFunctions,
	load: CreateBatchParameters,
	source: RecordSource,
): Promise<BatchPlan> {
	const refuseIfInvalid = (plan: BatchPlan) => {
		if (plan.problems.size === 0 || load.continueOnFail) return plan;
		const firstInvalid = plan.problems.keys().next().value as number;
		const report = invalidItemsReport(plan.problems, source.itemCount);
		throw reportError(this.getNode(), report, firstInvalid);
	};
	const known = await knownRetailerId.call(this, load.retailerParameter, 0);
	const plan = refuseIfInvalid(
		planBatches(source, load.batchSize, { value: known, resolveLater: known === undefined }),
	);
	if (known !== undefined || plan.withoutRetailer === 0) return plan;

	// Only now, with every record checked, may the node log in to learn the login's retailer.
	// Planned again with the retailer found, so that a record naming that retailer and one
	// relying on the default are seen as the same stock position.
	const found = await loginRetailerId.call(this, 0, load.settings);
	return refuseIfInvalid(
		planBatches(source, load.batchSize, { value: found, resolveLater: false }),
	);
}
