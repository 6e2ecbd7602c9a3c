import type { IDataObject } from 'n8n-workflow';

import type { WatchedBatch } from './batchWaiting';
import type { SentBatch } from './batchSending';
import { describeItems, toRanges } from './itemRanges';
import type { RecordProblem } from './records';
import { describeProblem } from './records';
import type { RecordResultsSummary } from './recordResults';

const LISTED_PROBLEMS = 10;

/** The json of one Create Batch output item: which batch, and which input items it holds. */
export function sentBatchJson(jobId: string, batch: SentBatch, batchCount: number): IDataObject {
	return {
		jobId,
		batchId: batch.batchId,
		status: batch.status,
		recordCount: batch.itemIndexes.length,
		batchNumber: batch.batchNumber,
		batchCount,
		firstItemIndex: batch.itemIndexes[0],
		lastItemIndex: batch.itemIndexes[batch.itemIndexes.length - 1],
		inputItemRanges: toRanges(batch.itemIndexes),
	};
}

export function withResults(json: IDataObject, summary: RecordResultsSummary): IDataObject {
	return {
		...json,
		recordsReported: summary.recordsReported,
		recordsSucceeded: summary.recordsSucceeded,
		recordsFailed: summary.recordsFailed,
		failedRecords: summary.failedRecords as unknown as IDataObject[],
	};
}

export function invalidItemsReport(
	problems: Map<number, RecordProblem[]>,
	itemCount: number,
): { message: string; description: string } {
	const all = [...problems.values()].flat();
	const listed = all.slice(0, LISTED_PROBLEMS).map(describeProblem);
	const more =
		all.length > LISTED_PROBLEMS ? `\n…and ${all.length - LISTED_PROBLEMS} more problems.` : '';
	const count = problems.size;
	return {
		message: `${count} of ${itemCount} ${itemCount === 1 ? 'item is' : 'items are'} not valid inventory records, so nothing was sent to Fluent`,
		description: `${listed.join('\n')}${more}\nFix the items, or turn on the node setting "On Error: Continue" to send the valid records and get one error item for each invalid one.`,
	};
}

function batchList(batches: SentBatch[], limit = 8): string {
	const shown = batches
		.slice(0, limit)
		.map((batch) => `batch ${batch.batchId} (${describeItems(batch.itemIndexes)})`);
	if (batches.length > limit) shown.push(`${batches.length - limit} more`);
	return shown.join(', ');
}

/** What went where when a load stopped part way, in words a user can act on. */
export function partialLoadReport(input: {
	jobId: string;
	batches: number[][];
	sent: Array<SentBatch | undefined>;
	failedBatchNumber: number;
	reason: string;
	reasonDescription?: string | null;
}): { message: string; description: string } {
	const { jobId, batches, sent, failedBatchNumber, reason } = input;
	const accepted = sent.filter((batch): batch is SentBatch => batch !== undefined);
	const notLoaded = batches.flatMap((itemIndexes, position) => (sent[position] ? [] : itemIndexes));
	const message = `${accepted.length} of ${batches.length} batches reached job ${jobId}; batch ${failedBatchNumber} failed: ${reason}`;
	const parts = [
		accepted.length > 0
			? `Accepted by Fluent: ${batchList(accepted)}.`
			: 'No batch was accepted by Fluent.',
		`Not loaded: ${describeItems(notLoaded)} (batch ${failedBatchNumber} failed${notLoaded.length > batches[failedBatchNumber - 1].length ? ', later batches were not sent' : ''}).`,
	];
	if (input.reasonDescription) parts.push(input.reasonDescription);
	parts.push(
		'Running the load again is safe: sending a stock position twice sets the same absolute quantity.',
	);
	return { message, description: parts.join(' ') };
}

export function timeoutReport(input: {
	jobId: string;
	unfinished: WatchedBatch[];
	batchCount: number;
	timeoutSeconds: number;
}): { message: string; description: string } {
	const { jobId, unfinished, batchCount, timeoutSeconds } = input;
	const listed = unfinished
		.slice(0, 8)
		.map((batch) => `batch ${batch.batchId} (${batch.lastStatus})`)
		.join(', ');
	const more = unfinished.length > 8 ? ` and ${unfinished.length - 8} more` : '';
	return {
		message: `Fluent had not finished ${unfinished.length} of ${batchCount} ${batchCount === 1 ? 'batch' : 'batches'} of job ${jobId} after ${timeoutSeconds} s`,
		description: `Last status: ${listed}${more}. The records were sent and Fluent keeps processing them; nothing needs to be sent again. Raise "Timeout (Seconds)" in the node's options, or check later with Get Batch (job ${jobId}, batch ${unfinished[0]?.batchId}).`,
	};
}

export function recordFailuresReport(
	jobId: string,
	failed: Array<{ batchId: string; summary: RecordResultsSummary }>,
): { message: string; description: string } {
	const total = failed.reduce((sum, entry) => sum + entry.summary.recordsFailed, 0);
	const lines = failed
		.flatMap((entry) =>
			entry.summary.failedRecords.map((record) =>
				`batch ${entry.batchId}: ${record.entityRef ?? '(no ref)'} → ${record.responseCode ?? '?'} ${record.message ?? ''}`.trim(),
			),
		)
		.slice(0, LISTED_PROBLEMS);
	const more = total > LISTED_PROBLEMS ? `\n…and ${total - LISTED_PROBLEMS} more.` : '';
	return {
		message: `Fluent reported ${total} failed ${total === 1 ? 'record' : 'records'} in job ${jobId}`,
		description: `${lines.join('\n')}${more}\nThe other records were loaded. Fix the failed records and send them again, or turn off "Fail on Record Errors" to get the failures on the output instead.`,
	};
}
