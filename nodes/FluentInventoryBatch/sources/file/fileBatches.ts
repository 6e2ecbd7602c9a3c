// Pass 2 of a file load: reads the files again and hands out the batches; re-reads failed ones.
import type { IDataObject } from 'n8n-workflow';

import type { FileLoadParameters } from '../../parameters/fileParameters';
import { BatchBodyWriter, type BatchBody } from '../../batches/batchBody';
import type { BatchRecords, LoadRecords } from '../loadRecords';
import { readFileRecords } from './fileRecordSource';
import type { FileCheckHooks, FilePlan, PlannedFile } from './filePlan';
import { mapInventoryRecord, type InventoryRecord } from '../../records/inventoryRecord';

/** Where one batch of a file load comes from. */
export interface FileBatchSpan {
	planned: PlannedFile;
	recordCount: number;
	/** Known once the batch has been read. */
	firstLine?: number;
	lastLine?: number;
}

/** A file's batches: `batchCount` of them from `firstPosition` on. */
interface FileBatches {
	planned: PlannedFile;
	firstPosition: number;
	batchCount: number;
}

/** Gathers the records of one batch as readBatches reads them, and hands the batch out whole. */
interface BatchCollector<Batch> {
	readonly count: number;
	add(record: InventoryRecord, line: number): void;
	take(position: number): Batch;
}

/** A batch to send: its JSON body and the first and last line it holds. */
interface SendingBatch {
	body: BatchBody;
	firstLine: number;
	lastLine: number;
}

/** A batch read again after the wait: its records and the line of each. */
interface RereadBatch {
	position: number;
	records: InventoryRecord[];
	lines: number[];
}

/** Writes each record into the batch's body at once (batchBody.ts says why). */
function bodyCollector(batchFields: IDataObject): BatchCollector<SendingBatch> {
	const writer = new BatchBodyWriter(batchFields);
	let firstLine = 0;
	let lastLine = 0;
	return {
		get count() {
			return writer.recordCount;
		},
		add(record, line) {
			if (writer.recordCount === 0) firstLine = line;
			lastLine = line;
			writer.add(record);
		},
		take: () => ({ body: writer.take(), firstLine, lastLine }),
	};
}

function recordCollector(): BatchCollector<RereadBatch> {
	let records: InventoryRecord[] = [];
	let lines: number[] = [];
	return {
		get count() {
			return records.length;
		},
		add(record, line) {
			records.push(record);
			lines.push(line);
		},
		take(position) {
			const batch = { position, records, lines };
			records = [];
			lines = [];
			return batch;
		},
	};
}

/**
 * Pass 2: reads the files again, in order, and hands out the valid rows as batches, one at a
 * time and each already written as its JSON body, so that memory holds only the bytes of the
 * batches being sent. A file's rows never share a batch with another file's, so that each batch
 * belongs to one input item. After the wait, the batches Fluent rejected records of are read
 * once more (`records`).
 */
export class FileBatchReader {
	/** One per batch, in sending order. */
	readonly spans: FileBatchSpan[] = [];
	private readonly files: FileBatches[] = [];
	private readonly reading: AsyncGenerator<SendingBatch, void, undefined>;
	private queue: Promise<unknown> = Promise.resolve();
	private nextPosition = 0;

	constructor(
		private readonly plan: FilePlan,
		private readonly parameters: FileLoadParameters,
		private readonly batchSize: number,
		/** action, entityType and the optional source, event and catalogueRef. */
		batchFields: IDataObject,
		/** Its stopIfCancelled is called for each piece of a file read, as in pass 1. */
		private readonly hooks?: Pick<FileCheckHooks, 'stopIfCancelled'>,
	) {
		for (const planned of plan.files) {
			const firstPosition = this.spans.length;
			for (let done = 0; done < planned.recordCount; done += batchSize) {
				this.spans.push({ planned, recordCount: Math.min(batchSize, planned.recordCount - done) });
			}
			this.files.push({ planned, firstPosition, batchCount: this.spans.length - firstPosition });
		}
		this.reading = this.readBatches(() => true, bodyCollector(batchFields));
	}

	/** The input item index of each batch (the item that holds its file), as send.ts takes batches. */
	get batches(): number[][] {
		return this.spans.map((span) => [span.planned.file.itemIndex]);
	}

	/** The body of the batch at `position`; batches are read strictly in order. */
	async bodyOf(position: number): Promise<BatchBody> {
		const read = this.queue.then(async () => {
			if (position !== this.nextPosition) {
				throw new Error(
					`Batch ${position + 1} was asked for before batch ${this.nextPosition + 1}`,
				);
			}
			const next = await this.reading.next();
			if (next.done) throw new Error(`The file ended before batch ${position + 1}`);
			const span = this.spans[this.nextPosition++];
			span.firstLine = next.value.firstLine;
			span.lastLine = next.value.lastLine;
			return next.value.body;
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
		for await (const batch of this.readBatches(
			(position) => wanted.has(position),
			recordCollector(),
		)) {
			const { itemIndex, name } = this.spans[batch.position].planned.file;
			yield {
				position: batch.position,
				records: batch.records,
				origins: batch.lines.map((line) => ({ itemIndex, fileName: name, line })),
			};
		}
	}

	/**
	 * The batches `wanted` picks, in order, gathered by `collector`. The rows of other batches are
	 * only counted (not mapped), and a file is read only up to its last batch wanted. The valid
	 * rows are those pass 1 planned, so a file that now gives other rows has changed.
	 */
	private async *readBatches<Batch>(
		wanted: (position: number) => boolean,
		collector: BatchCollector<Batch>,
	): AsyncGenerator<Batch, void, undefined> {
		const rejected = this.plan.invalid.ordinals;
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
			reading: for await (const rows of readFileRecords(planned.file, this.parameters)) {
				this.hooks?.stopIfCancelled();
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
					collector.add(record, row.line);
					if (collector.count === this.spans[position].recordCount) {
						yield collector.take(position);
						yielded++;
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
