// Reads a COMPLETE batch's per-record results page by page, bounded, and counts the failures.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MAX_BATCH_SIZE } from '../parameters/numberOptions';
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

/** A batch whose results are read, and how many records it can have results for. */
export interface ResultsOf extends BatchRef {
	/** Records sent in the batch, when known (Create Batch); else at most a full batch. */
	recordCount?: number;
}

/** A batch the wait watches, with the status Get Batch last gave it (the reports name it). */
export interface WatchedBatch extends ResultsOf {
	lastStatus: string;
}

/** Why the results of a batch cannot be trusted; the records themselves were sent. */
function unreadableResults(
	this: IExecuteFunctions,
	batch: BatchRef,
	problem: string,
): NodeOperationError {
	return new NodeOperationError(
		this.getNode(),
		`Fluent's per-record results for batch ${batch.batchId} of job ${batch.jobId} do not add up: ${problem}`,
		{
			itemIndex: batch.itemIndex,
			description: `The node stopped reading them rather than count records wrongly, so it cannot tell which records of this batch failed. The records were sent; check the batch in Fluent. If this host is a proxy or a test server, it does not page batch results (start, count, total) like Fluent's API.`,
		},
	);
}

function pageStart(page: IDataObject): number | undefined {
	const start = Number(page.start);
	return page.start !== undefined && Number.isFinite(start) ? start : undefined;
}

/** The first and last entry of a page: a page that repeats the one before has the same. */
function pageFingerprint(results: IDataObject[]): string {
	return JSON.stringify([results.length, results[0], results[results.length - 1]]);
}

/**
 * Reads every per-record result of a COMPLETE batch, following Fluent's paging (start, count,
 * total), and counts what succeeded and what failed. `firstPage` is the batch as last polled.
 * Bounded whatever the server answers: never more results than the batch has records (a full
 * batch when not known), never a total above the first page's, never more pages than that total
 * needs in pages of the first page's size, no page that repeats the one before, and nothing
 * past `settings.deadline`.
 */
export async function readBatchResults(
	this: IExecuteFunctions,
	input: {
		batch: ResultsOf;
		settings: RequestSettings;
		firstPage: IDataObject;
		/** The wait's Timeout, for the message when `settings.deadline` passes. */
		timeoutSeconds?: number;
	},
): Promise<RecordResultsSummary> {
	const { batch, settings, firstPage } = input;
	const summary: RecordResultsSummary = {
		recordsReported: 0,
		recordsSucceeded: 0,
		recordsFailed: 0,
		failedRecords: [],
	};
	const records = batch.recordCount;
	const limit = records ?? MAX_BATCH_SIZE;
	const tooMany = (count: number) =>
		unreadableResults.call(
			this,
			batch,
			records === undefined
				? `more results than a batch can hold (${count}; Fluent takes at most ${MAX_BATCH_SIZE} records in one batch)`
				: `more results than the batch has records (${count} for ${records} records)`,
		);
	let page = firstPage;
	let start = pageStart(page) ?? 0;
	let previous: { start: number | undefined; fingerprint: string } | undefined;
	// What the first page says the batch has, in pages of its size: a later page may not add to it.
	const firstTotal = Number(firstPage.total);
	const firstPageSize = Math.max(1, resultsOf(firstPage).length);
	const pagesNeeded = Math.max(1, Math.ceil(Math.min(limit, firstTotal) / firstPageSize));
	for (let pagesRead = 1; ; pagesRead++) {
		const results = resultsOf(page);
		const total = Number(page.total);
		const hasTotal = page.total !== undefined && Number.isFinite(total);
		if (hasTotal && total > limit) throw tooMany(total);
		if (hasTotal && previous && !(total <= firstTotal)) {
			throw unreadableResults.call(
				this,
				batch,
				`more results than its first page said it has (${total} from result ${start}; the first page said ${firstTotal})`,
			);
		}
		if (previous && pagesRead > pagesNeeded && results.length > 0) {
			throw unreadableResults.call(
				this,
				batch,
				`more result pages than its ${firstTotal} results need in pages of ${firstPageSize} (page ${pagesRead} asked from result ${start})`,
			);
		}
		const read = summary.recordsReported + results.length;
		if (read > limit) throw tooMany(read);
		const fingerprint = pageFingerprint(results);
		if (previous && results.length > 0) {
			const reportedStart = pageStart(page);
			if (fingerprint === previous.fingerprint) {
				throw unreadableResults.call(
					this,
					batch,
					`it sent the same page of results twice (asked from result ${start})`,
				);
			}
			if (
				reportedStart !== undefined &&
				previous.start !== undefined &&
				reportedStart <= previous.start
			) {
				throw unreadableResults.call(
					this,
					batch,
					`the page asked from result ${start} says it starts at ${reportedStart}, not after the page before`,
				);
			}
		}
		addPage(summary, results);
		start += results.length;
		if (results.length === 0 || !hasTotal || start >= total) break;
		if (settings.deadline !== undefined && Date.now() >= settings.deadline) {
			const timeout = input.timeoutSeconds === undefined ? '' : ` (${input.timeoutSeconds} s)`;
			throw new NodeOperationError(
				this.getNode(),
				`The wait's Timeout${timeout} passed while reading the per-record results of batch ${batch.batchId} of job ${batch.jobId} (${summary.recordsReported} of ${total} read)`,
				{
					itemIndex: batch.itemIndex,
					description:
						'The batch is COMPLETE; only its results were not read in full. Raise "Timeout (Seconds)" in the node\'s options, or read them later with Get Batch.',
				},
			);
		}
		previous = { start: pageStart(page), fingerprint };
		page = await getBatch.call(this, batch, settings, {
			start,
			count: RESULTS_PAGE_SIZE,
		});
	}
	return summary;
}
