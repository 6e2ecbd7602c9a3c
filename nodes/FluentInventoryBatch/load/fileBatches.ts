import type { FileLoadParameters } from '../parameters/fileParameters';
import { readFileRecords } from './files/fileRecordSource';
import type { BatchRecords, LoadRecords } from './failedRecordItems';
import type { FilePlan, PlannedFile } from './filePlan';
import { mapInventoryRecord, type InventoryRecord } from './records/inventoryRecord';

/** Where one batch of a file load comes from. */
export interface FileBatchSpan {
	planned: PlannedFile;
	recordCount: number;
	/** Known once the batch has been read. */
	firstLine?: number;
	lastLine?: number;
}

interface ReadBatch {
	/** Batch number - 1. */
	position: number;
	records: InventoryRecord[];
	/** The file line of each record. */
	lines: number[];
}

/** A file's batches: `batchCount` of them from `firstPosition` on. */
interface FileBatches {
	planned: PlannedFile;
	firstPosition: number;
	batchCount: number;
}

/**
 * Pass 2: reads the files again, in order, and hands out the valid rows as batches of records,
 * one batch at a time, so that memory holds only the batches being sent. A file's rows never
 * share a batch with another file's, so that each batch belongs to one input item. After the
 * wait, the batches Fluent rejected records of are read once more (`records`).
 */
export class FileBatchReader {
	/** One per batch, in sending order. */
	readonly spans: FileBatchSpan[] = [];
	private readonly files: FileBatches[] = [];
	private readonly reading: AsyncGenerator<ReadBatch, void, undefined>;
	private queue: Promise<unknown> = Promise.resolve();
	private nextPosition = 0;

	constructor(
		private readonly plan: FilePlan,
		private readonly parameters: FileLoadParameters,
		private readonly batchSize: number,
	) {
		for (const planned of plan.files) {
			const firstPosition = this.spans.length;
			for (let done = 0; done < planned.recordCount; done += batchSize) {
				this.spans.push({ planned, recordCount: Math.min(batchSize, planned.recordCount - done) });
			}
			this.files.push({ planned, firstPosition, batchCount: this.spans.length - firstPosition });
		}
		this.reading = this.readBatches(() => true);
	}

	/** The input item index of each batch (the item that holds its file), as send.ts takes batches. */
	get batches(): number[][] {
		return this.spans.map((span) => [span.planned.file.itemIndex]);
	}

	/** The records of the batch at `position`; batches are read strictly in order. */
	async recordsOf(position: number): Promise<InventoryRecord[]> {
		const read = this.queue.then(async () => {
			if (position !== this.nextPosition) {
				throw new Error(
					`Batch ${position + 1} was asked for before batch ${this.nextPosition + 1}`,
				);
			}
			const next = await this.reading.next();
			if (next.done) throw new Error(`The file ended before batch ${position + 1}`);
			const span = this.spans[this.nextPosition++];
			const { lines } = next.value;
			span.firstLine = lines[0];
			span.lastLine = lines[lines.length - 1];
			return next.value.records;
		});
		this.queue = read.catch(() => undefined);
		return await read;
	}

	/**
	 * The load's records for failedRecordItems.ts: the batches asked for are read from their files
	 * once more, each file at most once and only up to its last batch asked for.
	 */
	get records(): LoadRecords {
		return {
			fromFiles: true,
			readBatches: (positions) => this.readAgain(positions),
			// An invalid row is named by its file and line; the item's json holds no row.
			inputJson: () => ({}),
		};
	}

	/** "lines 2–5,001 of stock.csv" */
	describe(position: number): string {
		const span = this.spans[position];
		const lines =
			span.firstLine === undefined
				? `${span.recordCount.toLocaleString('en-US')} rows`
				: `lines ${span.firstLine.toLocaleString('en-US')}–${(span.lastLine ?? span.firstLine).toLocaleString('en-US')}`;
		return `${lines} of ${span.planned.file.name}`;
	}

	/** Stops reading (closes the file being read) when not every batch was asked for. */
	async close(): Promise<void> {
		await this.reading.return(undefined);
	}

	private async *readAgain(positions: number[]): AsyncGenerator<BatchRecords, void, undefined> {
		const wanted = new Set(positions);
		for await (const batch of this.readBatches((position) => wanted.has(position))) {
			const { itemIndex, name } = this.spans[batch.position].planned.file;
			yield {
				position: batch.position,
				records: batch.records,
				origins: batch.lines.map((line) => ({ itemIndex, fileName: name, line })),
			};
		}
	}

	/**
	 * The batches `wanted` picks, in order. The rows of other batches are only counted (not mapped),
	 * and a file is read only up to its last batch wanted. The valid rows are those pass 1 planned,
	 * so a file that now gives other rows has changed.
	 */
	private async *readBatches(
		wanted: (position: number) => boolean,
	): AsyncGenerator<ReadBatch, void, undefined> {
		const { rejected } = this.plan;
		for (const { planned, firstPosition, batchCount } of this.files) {
			const picked: number[] = [];
			for (let position = firstPosition; position < firstPosition + batchCount; position++) {
				if (wanted(position)) picked.push(position);
			}
			if (picked.length === 0) continue;
			const lastPicked = picked[picked.length - 1];
			const { defaultRetailer } = planned;
			let ordinal = planned.firstOrdinal;
			let validRows = 0;
			let yielded = 0;
			let batch: ReadBatch | undefined;
			reading: for await (const rows of readFileRecords(planned.file, this.parameters)) {
				for (const row of rows) {
					const rowOrdinal = ordinal++;
					if (row.fields === undefined || rejected.has(rowOrdinal)) continue;
					const position = firstPosition + Math.floor(validRows++ / this.batchSize);
					if (position >= firstPosition + batchCount) throw changedFile(planned);
					if (position > lastPicked) break reading;
					if (!wanted(position)) continue;
					const mapped = mapInventoryRecord(row.fields, planned.file.itemIndex);
					if (!mapped.ok) throw changedFile(planned);
					const record = mapped.record;
					// The record has its retailerId field, undefined when missing: filling it keeps the shape.
					if (!mapped.hasRetailer) record.retailerId = defaultRetailer;
					batch ??= { position, records: [], lines: [] };
					batch.records.push(record);
					batch.lines.push(row.line);
					if (batch.records.length === this.spans[position].recordCount) {
						yield batch;
						yielded++;
						batch = undefined;
					}
				}
			}
			if (yielded < picked.length) throw changedFile(planned);
		}
	}
}

function changedFile(planned: PlannedFile): Error {
	return new Error(`${planned.file.name} changed while it was being loaded`);
}
