import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { type BatchRef, getBatch, RESULTS_PAGE_SIZE } from '../transport/endpoints';
import type { RequestSettings } from '../transport/request';

export interface FailedRecord {
	entityRef: string | null;
	responseCode: string | null;
	message: string | null;
}

export interface RecordResultsSummary {
	/** How many per-record results Fluent reported (pre-processing may drop unchanged records). */
	recordsReported: number;
	recordsSucceeded: number;
	recordsFailed: number;
	failedRecords: FailedRecord[];
}

function isSuccessCode(code: unknown): boolean {
	const value = Number(code);
	return Number.isFinite(value) && value >= 200 && value < 300;
}

function resultsOf(page: IDataObject): IDataObject[] {
	return Array.isArray(page.results) ? (page.results as IDataObject[]) : [];
}

function addPage(summary: RecordResultsSummary, results: IDataObject[]): void {
	for (const result of results) {
		summary.recordsReported++;
		if (isSuccessCode(result.responseCode)) {
			summary.recordsSucceeded++;
			continue;
		}
		summary.recordsFailed++;
		summary.failedRecords.push({
			entityRef: result.entityRef === undefined ? null : (result.entityRef as string | null),
			responseCode: result.responseCode === undefined ? null : String(result.responseCode),
			message: result.message === undefined ? null : (result.message as string | null),
		});
	}
}

/**
 * Reads every per-record result of a COMPLETE batch, following Fluent's paging (start, count,
 * total), and counts what succeeded and what failed. `firstPage` is the batch as last polled.
 */
export async function readBatchResults(
	this: IExecuteFunctions,
	batch: BatchRef,
	settings: RequestSettings,
	firstPage: IDataObject,
): Promise<RecordResultsSummary> {
	const summary: RecordResultsSummary = {
		recordsReported: 0,
		recordsSucceeded: 0,
		recordsFailed: 0,
		failedRecords: [],
	};
	let page = firstPage;
	let start = Number(page.start ?? 0) || 0;
	for (;;) {
		const results = resultsOf(page);
		addPage(summary, results);
		const total = Number(page.total);
		start += results.length;
		if (results.length === 0 || !Number.isFinite(total) || start >= total) break;
		page = await getBatch.call(this, batch, settings, {
			start,
			count: RESULTS_PAGE_SIZE,
		});
	}
	return summary;
}
