import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RecordResultsSummary } from './batchResults';
import { describeItems } from './itemRanges';
import type { RecordProblem } from './records/inventoryRecord';
import { describeProblem } from './records/inventoryRecord';
import type { SentBatch } from './send';
import type { WatchedBatch } from './wait';

/** What went wrong, in words a user can act on: the error's message and its description. */
export interface Report {
	message: string;
	description: string;
}

/** The error that stops the node with a report, against the input item it concerns. */
export function reportError(node: INode, report: Report, itemIndex: number): NodeOperationError {
	return new NodeOperationError(node, report.message, {
		itemIndex,
		description: report.description,
	});
}

const LISTED_PROBLEMS = 10;

export function invalidItemsReport(
	problems: Map<number, RecordProblem[]>,
	itemCount: number,
): Report {
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
}): Report {
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

/** Every batch was sent, but asking Fluent about them failed for good. */
export function waitFailedReport(input: {
	jobId: string;
	batchCount: number;
	reason: { message: string; description?: string | null };
}): Report {
	const { jobId, batchCount, reason } = input;
	return {
		message: `All ${batchCount} batches reached job ${jobId}, but waiting for them failed: ${reason.message}`,
		description:
			`${reason.description ?? ''} The records were sent; check the batches later with Get Batch.`.trim(),
	};
}

export function timeoutReport(input: {
	jobId: string;
	unfinished: WatchedBatch[];
	batchCount: number;
	timeoutSeconds: number;
}): Report {
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
): Report {
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
