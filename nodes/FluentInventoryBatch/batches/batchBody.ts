// Writes batches' JSON bodies straight into reusable bytes, a record at a time (file loads).
import type { IDataObject } from 'n8n-workflow';

import type { InventoryRecord } from '../records/inventoryRecord';

/** A batch's JSON body, written as bytes: what a batch read from a file sends. */
export interface BatchBody {
	bytes: Buffer;
	recordCount: number;
	/**
	 * Gives the bytes back for a later batch. Only once Fluent has accepted the batch: it has then
	 * read the whole body, and nothing sends it again.
	 */
	release(): void;
}

/** Bytes given back and not yet reused; more than this many are left to the garbage collector. */
const KEPT_FOR_REUSE = 8;

const CLOSING = ']}';
const FIRST_SIZE = 64 * 1024;
const PENDING_CHARACTERS = 16 * 1024;

/**
 * Writes the JSON body of one batch after another straight into bytes, a record at a time, the
 * same bytes as JSON.stringify({ ...batchFields, entities }). A record read from a file thus
 * becomes garbage at once instead of living until its batch has been sent: records kept that
 * long outlive V8's young generation and pile up in the old one until a full collection (about
 * 150 MB over a million rows in n8n's process). The bytes are outside V8's heap, and n8n's HTTP
 * helper sends a Buffer as it is, without a JSON.stringify of its own. Bytes given back are used
 * again, so a load of 200 batches allocates a few bodies, not 200 (each would stay in memory
 * until V8 collects its small handle).
 */
export class BatchBodyWriter {
	private readonly opening: string;
	private bytes: Buffer | undefined;
	private length = 0;
	private count = 0;
	/** Text of the latest records, not yet written. */
	private pending = '';
	/** The size to give the next body's bytes: the last body's, and a little more. */
	private nextSize = FIRST_SIZE;
	private readonly reusable: Buffer[] = [];

	constructor(batchFields: IDataObject) {
		const empty = JSON.stringify({ ...batchFields, entities: [] });
		this.opening = empty.slice(0, empty.length - CLOSING.length);
	}

	/** Records in the body being written. */
	get recordCount(): number {
		return this.count;
	}

	add(record: InventoryRecord): void {
		// Records are joined into text of about 16 K characters before each write, as a write into
		// a Buffer is a call into C++ that costs more than the record's own JSON.stringify.
		this.pending =
			this.count === 0 ? JSON.stringify(record) : `${this.pending},${JSON.stringify(record)}`;
		this.count++;
		if (this.pending.length > PENDING_CHARACTERS) this.flush();
	}

	/** Closes the body being written and hands it out; the next record starts a new one. */
	take(): BatchBody {
		this.pending += CLOSING;
		this.flush();
		const bytes = this.bytes as Buffer;
		let released = false;
		const body = {
			bytes: bytes.subarray(0, this.length),
			recordCount: this.count,
			release: () => {
				if (released) return;
				released = true;
				if (this.reusable.length < KEPT_FOR_REUSE) this.reusable.push(bytes);
			},
		};
		this.nextSize = Math.max(FIRST_SIZE, Math.ceil(this.length * 1.05));
		this.bytes = undefined;
		this.length = 0;
		this.count = 0;
		this.pending = '';
		return body;
	}

	/** Writes the pending text, after the opening when it starts the body. */
	private flush(): void {
		if (this.bytes === undefined) {
			this.bytes = this.reusable.pop() ?? Buffer.allocUnsafe(this.nextSize);
			this.write(this.opening);
		}
		this.write(this.pending);
		this.pending = '';
	}

	private write(text: string): void {
		let bytes = this.bytes as Buffer;
		// A UTF-16 code unit takes at most 3 bytes in UTF-8; only when that might not fit is the
		// text's exact size worth counting.
		if (this.length + text.length * 3 > bytes.length) {
			const needed = this.length + Buffer.byteLength(text);
			if (needed > bytes.length) {
				const bigger = Buffer.allocUnsafe(Math.max(needed, bytes.length * 2));
				bytes.copy(bigger, 0, 0, this.length);
				bytes = this.bytes = bigger;
			}
		}
		this.length += bytes.write(text, this.length);
	}
}
