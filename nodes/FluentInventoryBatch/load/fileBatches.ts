import type { IDataObject } from 'n8n-workflow';

import type { FileLoadParameters } from '../parameters/fileParameters';
import { BatchBodyWriter, type BatchBody } from './batchBody';
import { readFileRecords } from './files/fileRecordSource';
import type { FilePlan, PlannedFile } from './filePlan';
import { mapInventoryRecord } from './records/inventoryRecord';

/** Where one batch of a file load comes from. */
export interface FileBatchSpan {
	planned: PlannedFile;
	recordCount: number;
	/** Known once the batch has been read. */
	firstLine?: number;
	lastLine?: number;
}

interface ReadBatch {
	body: BatchBody;
	firstLine: number;
	lastLine: number;
}

/**
 * Pass 2: reads the files again, in order, and hands out the valid rows as batches, one at a
 * time and each already written as its JSON body (batchBody.ts), so that memory holds only the
 * bytes of the batches being sent. A file's rows never share a batch with another file's, so
 * that each batch belongs to one input item.
 */
export class FileBatchReader {
	/** One per batch, in sending order. */
	readonly spans: FileBatchSpan[] = [];
	private readonly reading: AsyncGenerator<ReadBatch, void, undefined>;
	private queue: Promise<unknown> = Promise.resolve();
	private nextPosition = 0;
	private readonly writer: BatchBodyWriter;

	constructor(
		private readonly plan: FilePlan,
		private readonly parameters: FileLoadParameters,
		private readonly batchSize: number,
		/** action, entityType and the optional source, event and catalogueRef. */
		batchFields: IDataObject,
	) {
		this.writer = new BatchBodyWriter(batchFields);
		for (const planned of plan.files) {
			for (let done = 0; done < planned.recordCount; done += batchSize) {
				this.spans.push({ planned, recordCount: Math.min(batchSize, planned.recordCount - done) });
			}
		}
		this.reading = this.readBatches();
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
			if (next.value.body.recordCount !== span.recordCount) throw changedFile(span.planned);
			return next.value.body;
		});
		this.queue = read.catch(() => undefined);
		return await read;
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

	private async *readBatches(): AsyncGenerator<ReadBatch, void, undefined> {
		const { rejected } = this.plan;
		const writer = this.writer;
		for (const planned of this.plan.files) {
			const { defaultRetailer } = planned;
			let ordinal = planned.firstOrdinal;
			let firstLine = 0;
			let lastLine = 0;
			for await (const rows of readFileRecords(planned.file, this.parameters)) {
				for (const row of rows) {
					const rowOrdinal = ordinal++;
					if (row.fields === undefined || rejected.has(rowOrdinal)) continue;
					const mapped = mapInventoryRecord(row.fields, planned.file.itemIndex);
					if (!mapped.ok) throw changedFile(planned);
					const record = mapped.record;
					// The record has its retailerId field, undefined when missing: filling it keeps the shape.
					if (!mapped.hasRetailer) record.retailerId = defaultRetailer;
					if (writer.recordCount === 0) firstLine = row.line;
					lastLine = row.line;
					writer.add(record);
					if (writer.recordCount === this.batchSize) yield { body: writer.take(), firstLine, lastLine };
				}
			}
			if (writer.recordCount > 0) yield { body: writer.take(), firstLine, lastLine };
		}
	}
}

function changedFile(planned: PlannedFile): Error {
	return new Error(`${planned.file.name} changed while it was being loaded`);
}
