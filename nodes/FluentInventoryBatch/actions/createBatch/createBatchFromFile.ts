// Create Batch's plan for Records From: Binary File: pass 1 checks the files, pass 2 reads batches.
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { FileBatchReader, type FileBatchSpan } from '../../sources/file/fileBatches';
import { describeFileRecords } from '../../results/fileOutput';
import { checkFiles, type FileCheckHooks, type FilePlan } from '../../sources/file/filePlan';
import {
	fileLoadError,
	invalidRowsReport,
	type FileLoadError,
} from '../../sources/file/fileProblems';
import { invalidRowEntries } from '../../results/invalidRowEntries';
import type { LeftOutEntry } from '../../results/outcome';
import type { LoadRecords } from '../../sources/loadRecords';
import type { LoadRetailers } from '../../records/loadRetailers';
import { inputFile, type InputFile } from '../../sources/file/fileRecordSource';
import type { BatchContent } from '../../batches/send';
import { reportError } from '../../batches/reports';
import type { CreateBatchParameters } from '../../parameters/createBatchParameters';
import type { FileLoadParameters } from '../../parameters/fileParameters';
import { cancelledError } from '../../transport/cancellation';
import { planWithDefaultRetailer } from '../../sources/defaultRetailer';
import type { RetailerDefault } from '../../sources/plan';

/** A checked load, ready to send: from the input items, or from the files they hold. */
export interface PlannedLoad {
	/** The input items each batch's records come from. */
	batches: number[][];
	/** The retailer of records that carry none, when known without asking Fluent. */
	defaultRetailer: string | undefined;
	/** The retailers the records are for: a new job after a closed one needs the closed job's. */
	retailers: LoadRetailers;
	contentOf: (position: number) => BatchContent | Promise<BatchContent>;
	describe?: (position: number) => string;
	/** The records of the batches at these positions, when not named by input item. */
	describeRecords?: (positions: number[]) => string;
	/** Every record of the load, to find the records Fluent rejected and those not sent. */
	records: LoadRecords;
	/**
	 * What was left out before sending: invalid items or rows, unreadable files. Asked for once
	 * everything was sent: a file's invalid rows are read again for them.
	 */
	leftOut: () => Promise<LeftOutEntry[]>;
	/** A file load's batches: their file and lines name their records in the output. */
	fileSpans?: FileBatchSpan[];
	close?: () => Promise<void>;
}

/**
 * Records From: Binary File. Every input item's file is checked row by row (pass 1) before
 * anything is sent; the batches are then read from the files again as they are sent (pass 2).
 */
export async function planFileLoad(
	this: IExecuteFunctions,
	load: CreateBatchParameters,
	parameters: FileLoadParameters,
): Promise<PlannedLoad> {
	const missing: FileLoadError[] = [];
	const files: InputFile[] = [];
	const itemCount = this.getInputData().length;
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			files.push(inputFile.call(this, itemIndex, parameters.binaryPropertyName));
		} catch (error) {
			if (!load.continueOnFail) {
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
			const { message, description } = error as NodeOperationError;
			missing.push({ itemIndex, message, description: description ?? '', code: 'FILE_UNREADABLE' });
		}
	}

	const hooks: FileCheckHooks = {
		onUnreadable: (error) => {
			if (!load.continueOnFail) throw fileLoadError(this.getNode(), error);
		},
		stopIfCancelled: () => {
			if (this.getExecutionCancelSignal()?.aborted) throw cancelledError(this.getNode(), 0);
		},
	};
	const refuseIfInvalid = (plan: FilePlan) => {
		if (plan.invalid.count === 0 || load.continueOnFail) return plan;
		const summary = plan.invalid.summary();
		const report = invalidRowsReport(summary, plan.rowCount);
		throw reportError(this.getNode(), report, summary.listed[0].file.itemIndex);
	};
	const plan = await planWithDefaultRetailer(this, load, async (retailer: RetailerDefault) =>
		refuseIfInvalid(await checkFiles(files, parameters, retailer, hooks)),
	);

	const reader = new FileBatchReader(plan, parameters, load.batchSize, load.batchFields, hooks);
	return {
		batches: reader.batches,
		defaultRetailer: plan.defaultRetailer,
		retailers: plan.retailers,
		contentOf: async (position) => await reader.bodyOf(position),
		describe: (position) => reader.describe(position),
		describeRecords: (positions) => describeFileRecords(reader.spans, positions),
		records: reader.records,
		leftOut: async () => [
			...[...missing, ...plan.fileErrors].map((error) => ({
				kind: 'unreadableFile' as const,
				error,
			})),
			...(await invalidRowEntries(plan, parameters, hooks)),
		],
		fileSpans: reader.spans,
		close: async () => await reader.close(),
	};
}
