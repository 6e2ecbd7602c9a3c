// The records of a load that did not reach Fluent's stock, one entry each (notLoadedRecord.ts),
// gathered from Create Batch's typed outcome. They feed n8n's error output (On Error: Continue
// (using error output)) and the Failed Records File.
import type { BatchRecords, LoadRecords } from '../sources/loadRecords';
import {
	invalidRecord,
	notSentRecords,
	rejectedRecords,
	type NotLoadedRecord,
} from './notLoadedRecord';
import { batchNumberOf, fileSpanOf, type BatchEntry, type LoadOutcome } from './outcome';

/**
 * Lists every record of the outcome that did not load, in output order. Only the batches with
 * failed or unsent records are built (or read from their files) again.
 */
export async function notLoadedRecords(
	outcome: LoadOutcome,
	records: LoadRecords,
): Promise<NotLoadedRecord[]> {
	const needed = new Map<number, BatchEntry>();
	for (const entry of outcome.entries) {
		if (
			entry.kind === 'unsentBatch' ||
			(entry.kind === 'sentBatch' && (entry.results?.summary?.failedRecords.length ?? 0) > 0)
		) {
			needed.set(batchNumberOf(entry) - 1, entry);
		}
	}
	const entriesOf = (entry: BatchEntry, batch: BatchRecords | undefined, unreadable?: Error) =>
		entry.kind === 'unsentBatch'
			? notSentRecords(entry, fileSpanOf(outcome, entry), batch, unreadable)
			: rejectedRecords(entry, fileSpanOf(outcome, entry), batch, unreadable);
	const found = new Map<number, NotLoadedRecord[]>();
	// A file that changed or vanished since it was sent still leaves every failure reported,
	// only without its line.
	let unreadable: Error | undefined;
	try {
		const positions = [...needed.keys()].sort((a, b) => a - b);
		for await (const batch of records.readBatches(positions)) {
			const entry = needed.get(batch.position);
			if (entry) found.set(batch.position, entriesOf(entry, batch));
		}
	} catch (error) {
		unreadable = error as Error;
	}
	return outcome.entries.flatMap((entry) => {
		if (entry.kind !== 'sentBatch' && entry.kind !== 'unsentBatch') return [invalidRecord(entry)];
		const position = batchNumberOf(entry) - 1;
		if (needed.get(position) !== entry) return [];
		return found.get(position) ?? entriesOf(entry, undefined, unreadable);
	});
}
