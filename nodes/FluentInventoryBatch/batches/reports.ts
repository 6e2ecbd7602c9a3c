// The wording of the node's reports: invalid items, a partial load, a failed wait, timeouts.
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BatchRef } from '../transport/endpoints';
import type { RecordResultsSummary, WatchedBatch } from './batchResults';
import { describeItems } from './itemRanges';
import type { RecordProblem } from '../records/inventoryRecord';
import { describeProblem } from '../records/inventoryRecord';
import type { ProblemCode } from '../records/problemCodes';
import type { SentBatch } from './send';

/** What went wrong, in words a user can act on: the error's message and its description. */
export interface Report {
	message: string;
	description: string;
	/** What kind of problem the batches it is the error of have (their output items carry it). */
	code?: ProblemCode;
}

/** The error that stops the node with a report, against the input item it concerns. */
export function reportError(node: INode, report: Report, itemIndex: number): NodeOperationError {
	return new NodeOperationError(node, report.message, {
		itemIndex,
		description: report.description,
	});
}

/** How many problems a report lists in full, of invalid items or of a file's invalid rows. */
export const LISTED_PROBLEMS = 10;

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

/** "batch 18 (items 0–4,999)", or as the load names a batch's records (a file's lines). */
function batchList(
	batches: SentBatch[],
	describeRecords: (positions: number[]) => string,
	limit = 8,
): string {
	const shown = batches
		.slice(0, limit)
		.map((batch) => `batch ${batch.batchId} (${describeRecords([batch.batchNumber - 1])})`);
	if (batches.length > limit) shown.push(`${batches.length - limit} more`);
	return shown.join(', ');
}

const describeJobs = (jobIds: string[]) =>
	`${jobIds.slice(0, -1).join(', ')} and ${jobIds[jobIds.length - 1]}`;

/**
 * "job 17", or "jobs 17 and 18" when the batches went into more than one job (When the Job
 * Closes: Continue in a New Job), in the order they first appear.
 */
function jobsOf(batches: Array<{ jobId: string }>): string {
	const jobs = [...new Set(batches.map((batch) => batch.jobId))];
	return jobs.length === 1 ? `job ${jobs[0]}` : `jobs ${describeJobs(jobs)}`;
}

/** Whether the batches went into more than one job: then each batch named also names its job. */
const inManyJobs = (batches: Array<{ jobId: string }>) =>
	batches.some((batch) => batch.jobId !== batches[0].jobId);

/** "batch 18", or "batch 18 of job 17" in a load that spans jobs. */
const batchName = (batch: BatchRef, manyJobs: boolean) =>
	manyJobs ? `batch ${batch.batchId} of job ${batch.jobId}` : `batch ${batch.batchId}`;

/** What went where when a load stopped part way, in words a user can act on. */
export function partialLoadReport(input: {
	jobId: string;
	batches: number[][];
	sent: Array<SentBatch | undefined>;
	failedBatchNumber: number;
	reason: string;
	reasonDescription?: string | null;
	/** The records of the batches at these positions: a file load names its lines. */
	describeRecords?: (positions: number[]) => string;
}): Report {
	const { jobId, batches, sent, failedBatchNumber, reason } = input;
	const describeRecords =
		input.describeRecords ??
		((positions: number[]) => describeItems(positions.flatMap((position) => batches[position])));
	const accepted = sent.filter((batch): batch is SentBatch => batch !== undefined);
	const notLoaded = batches.flatMap((_, position) => (sent[position] ? [] : [position]));
	const reached = jobsOf([{ jobId }, ...accepted]);
	const message = `${accepted.length} of ${batches.length} batches reached ${reached}; batch ${failedBatchNumber} failed: ${reason}`;
	const parts = [
		accepted.length > 0
			? `Accepted by Fluent: ${batchList(accepted, describeRecords)}.`
			: 'No batch was accepted by Fluent.',
		`Not loaded: ${describeRecords(notLoaded)} (batch ${failedBatchNumber} failed${notLoaded.length > 1 ? ', later batches were not sent' : ''}).`,
	];
	if (input.reasonDescription) parts.push(input.reasonDescription);
	parts.push(
		'Running the load again is safe: sending a stock position twice sets the same absolute quantity.',
	);
	return { message, description: parts.join(' ') };
}

/** Every batch was sent, but asking Fluent about them failed for good. */
export function waitFailedReport(input: {
	/** The batches sent, each with the job it went into. */
	sent: Array<{ jobId: string }>;
	reason: { message: string; description?: string | null };
}): Report {
	const { sent, reason } = input;
	return {
		message: `All ${sent.length} batches reached ${jobsOf(sent)}, but waiting for them failed: ${reason.message}`,
		description:
			`${reason.description ?? ''} The records were sent; check the batches later with Get Batch.`.trim(),
		code: 'WAIT_FAILED',
	};
}

export function timeoutReport(input: {
	/** Every batch waited for, each with the job it went into. */
	watched: WatchedBatch[];
	unfinished: WatchedBatch[];
	batchCount: number;
	timeoutSeconds: number;
	/** Statuses of unfinished batches that the node does not know (not PENDING or RUNNING). */
	unknownStatuses?: string[];
}): Report {
	const { watched, unfinished, batchCount, timeoutSeconds } = input;
	const manyJobs = inManyJobs(watched);
	const unknown = input.unknownStatuses ?? [];
	const state =
		unknown.length > 0
			? `Fluent reported a status the node does not know (${unknown.slice(0, 3).join(', ')}), so it kept waiting for COMPLETE; it cannot tell whether Fluent is still working on these batches. The records were sent.`
			: 'The records were sent and Fluent keeps processing them; nothing needs to be sent again.';
	const listed = unfinished
		.slice(0, 8)
		.map((batch) => `${batchName(batch, manyJobs)} (${batch.lastStatus})`)
		.join(', ');
	const more = unfinished.length > 8 ? ` and ${unfinished.length - 8} more` : '';
	return {
		message: `Fluent had not finished ${unfinished.length} of ${batchCount} ${batchCount === 1 ? 'batch' : 'batches'} of ${jobsOf(watched)} after ${timeoutSeconds} s`,
		description: `Last status: ${listed}${more}. ${state} Raise "Timeout (Seconds)" in the node's options, or check later with Get Batch (job ${unfinished[0]?.jobId}, batch ${unfinished[0]?.batchId}).`,
		code: 'WAIT_TIMED_OUT',
	};
}

export function recordFailuresReport(input: {
	/** Every batch waited for, each with the job it went into. */
	watched: WatchedBatch[];
	failed: Array<{ batch: BatchRef; summary: RecordResultsSummary }>;
}): Report {
	const { watched, failed } = input;
	const manyJobs = inManyJobs(watched);
	const total = failed.reduce((sum, entry) => sum + entry.summary.recordsFailed, 0);
	const lines = failed
		.flatMap((entry) =>
			entry.summary.failedRecords.map((record) =>
				`${batchName(entry.batch, manyJobs)}: ${record.entityRef ?? '(no ref)'} → ${record.responseCode ?? '?'} ${record.message ?? ''}`.trim(),
			),
		)
		.slice(0, LISTED_PROBLEMS);
	const more = total > LISTED_PROBLEMS ? `\n…and ${total - LISTED_PROBLEMS} more.` : '';
	return {
		message: `Fluent reported ${total} failed ${total === 1 ? 'record' : 'records'} in ${jobsOf(failed.map((entry) => entry.batch))}`,
		description: `${lines.join('\n')}${more}\nThe other records were loaded. Fix the failed records and send them again, or turn off "Fail on Record Errors" to get the failures on the output instead.`,
		code: 'REJECTED_BY_FLUENT',
	};
}

/** While waiting, Fluent ended some batches without COMPLETE (FAILED, ERROR, CANCELLED, ...). */
export function endedBatchesReport(input: {
	/** Every batch waited for, each with the job it went into. */
	watched: WatchedBatch[];
	ended: WatchedBatch[];
	batchCount: number;
}): Report {
	const { watched, ended, batchCount } = input;
	const manyJobs = inManyJobs(watched);
	const statuses = [...new Set(ended.map((batch) => batch.lastStatus))].join(', ');
	const listed = ended
		.slice(0, 8)
		.map((batch) => `${batchName(batch, manyJobs)} (${batch.lastStatus})`)
		.join(', ');
	const more = ended.length > 8 ? ` and ${ended.length - 8} more` : '';
	const them = ended.length === 1 ? 'it' : 'them';
	return {
		message: `Fluent ended ${ended.length} of ${batchCount} ${batchCount === 1 ? 'batch' : 'batches'} of ${jobsOf(watched)} as ${statuses} without completing ${them}`,
		description: `Ended: ${listed}${more}. Fluent stopped processing ${them}, so their records may not have been loaded, and it gives no per-record results for ${them}. The node went on waiting for the other batches. Check ${them} in Fluent (Get Batch, job ${ended[0]?.jobId}, batch ${ended[0]?.batchId}); sending the records again is safe, as a stock position sent twice gets the same absolute quantity.`,
		code: 'BATCH_NOT_COMPLETED',
	};
}
