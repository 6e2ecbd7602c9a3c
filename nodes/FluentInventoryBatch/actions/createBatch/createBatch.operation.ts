// Create Batch's execute: parameters, plan (items or file), send, wait, output, failed records.
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { jobContinuer } from '../../jobs/closedJob';
import { recordsFromInputItems } from '../../sources/loadRecords';
import { loadOutput } from '../../results/loadOutput';
import {
	partialLoadOutcome,
	sentBatchEntry,
	waitedBatchOutcome,
	type BatchEntry,
} from '../../results/outcome';
import { planBatches, type BatchPlan, type RetailerDefault } from '../../sources/plan';
import { recordSource, type RecordSource } from '../../sources/recordSource';
import { invalidItemsReport, reportError } from '../../batches/reports';
import { sendBatches, type SentBatch } from '../../batches/send';
import {
	readCreateBatchParameters,
	type CreateBatchParameters,
} from '../../parameters/createBatchParameters';
import { resolveRetailerId } from '../../parameters/retailer';
import { planWithDefaultRetailer } from '../../sources/defaultRetailer';
import { RECORD_FIELDS } from '../../records/fieldDefinitions';
import { OPTION_LABELS } from './createBatch.description';
import { planFileLoad, type PlannedLoad } from './createBatchFromFile';

export { description } from './createBatch.description';

const EDITOR = {
	optionLabels: OPTION_LABELS,
	recordFields: RECORD_FIELDS.map((field) => field.id),
};

/**
 * Read parameters → plan (check every record) → send → wait (when asked) → output, with the
 * records that did not load on the error output or in the report file when asked.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	if (items.length === 0) return [];

	const load = readCreateBatchParameters.call(this, EDITOR);
	const planned = load.file
		? await planFileLoad.call(this, load, load.file)
		: await planItemLoad.call(this, load, items);
	try {
		const sent = await sendAndWait.call(this, load, planned);
		return await loadOutput.call(this, {
			outcome: {
				entries: [...sent, ...(await planned.leftOut())],
				batchCount: planned.batches.length,
				fileSpans: planned.fileSpans,
			},
			records: planned.records,
			itemCount: items.length,
			failedRecordsFile: load.failedRecordsFile,
		});
	} finally {
		await planned.close?.();
	}
}

async function planItemLoad(
	this: IExecuteFunctions,
	load: CreateBatchParameters,
	items: INodeExecutionData[],
): Promise<PlannedLoad> {
	const plan = await planLoad.call(this, load, recordSource.call(this, items));
	return {
		batches: plan.batches,
		defaultRetailer: plan.defaultRetailer,
		retailers: plan.retailers,
		contentOf: (position) => plan.batches[position].map(plan.recordAt),
		records: recordsFromInputItems({ batches: plan.batches, recordAt: plan.recordAt, items }),
		leftOut: async () =>
			[...plan.problems].map(([itemIndex, problems]) => ({
				kind: 'invalidItem' as const,
				itemIndex,
				problems,
			})),
	};
}

/** Sends the planned batches; one outcome entry per batch, after the wait when asked for. */
async function sendAndWait(
	this: IExecuteFunctions,
	load: CreateBatchParameters,
	planned: PlannedLoad,
): Promise<BatchEntry[]> {
	const { jobId, settings } = load;
	const { batches } = planned;
	const continuer =
		load.onClosedJob === 'createNewJob'
			? jobContinuer.call(this, {
					settings,
					retailers: planned.retailers,
					fallbackRetailerId: async () =>
						planned.defaultRetailer ??
						(await resolveRetailerId.call(this, sameRetailerId(load), 0, settings)),
				})
			: undefined;
	const { sent, failure } = await sendBatches.call(this, {
		jobId,
		batches,
		contentOf: planned.contentOf,
		describe: planned.describe,
		batchFields: load.batchFields,
		concurrency: load.concurrency,
		settings,
		continueAfter: continuer?.continueAfter,
	});
	const accepted = sent.filter((batch): batch is SentBatch => batch !== undefined);
	const batchCount = batches.length;

	return failure
		? await partialLoadOutcome.call(this, {
				load,
				batches,
				sent,
				failure,
				describeRecords: planned.describeRecords,
			})
		: load.wait
			? await waitedBatchOutcome.call(this, { load, accepted, batchCount })
			: accepted.map(sentBatchEntry);
}

/** The node's Retailer ID when it is the same for every item; else none (it is per record). */
function sameRetailerId(load: CreateBatchParameters): unknown {
	return load.retailerParameter.sameForAll ? load.retailerParameter.valueAt(0) : '';
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
	const plan = (retailer: RetailerDefault, first?: BatchPlan) =>
		refuseIfInvalid(planBatches(source, load.batchSize, retailer, first?.checked));
	return await planWithDefaultRetailer(this, load, plan);
}
