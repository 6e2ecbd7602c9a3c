import type { StockPosition } from '../records/inventoryRecord';

/**
 * Finds rows of a file load that may name the same stock position without keeping any row:
 * two 32-bit hashes of each position (64 bits) and the row's ordinal, 12 bytes a slot of
 * an open-addressing table at most half full. The three sit side by side, so that a probe reads
 * one place in memory rather than three arrays (at a million rows the table is 24 MB and each
 * array read is a cache miss). Rows cannot be read again at random, so a match is only a
 * candidate, confirmed afterwards by comparing the real keys (see filePlan).
 */
export class PositionHashes {
	/** Per slot: hash A, hash B, ordinal + 1 (0: an empty slot). */
	private table = new Int32Array(3 * 2048);
	private capacity = 2048;
	private count = 0;

	/** Adds a row's position; returns the ordinals of earlier rows whose position has the same hashes. */
	add(position: StockPosition, ordinal: number): number[] | undefined {
		const a = hashPosition(position);
		const b = secondHash;
		const table = this.table;
		const mask = this.capacity - 1;
		let matches: number[] | undefined;
		let at = (b & mask) * 3;
		while (table[at + 2] !== 0) {
			if (table[at] === a && table[at + 1] === b) (matches ??= []).push(table[at + 2] - 1);
			at = at + 3 === table.length ? 0 : at + 3;
		}
		table[at] = a;
		table[at + 1] = b;
		table[at + 2] = ordinal + 1;
		if (++this.count * 2 > this.capacity) this.grow();
		return matches;
	}

	private grow(): void {
		const old = this.table;
		this.capacity *= 2;
		this.table = new Int32Array(3 * this.capacity);
		const mask = this.capacity - 1;
		for (let from = 0; from < old.length; from += 3) {
			if (old[from + 2] === 0) continue;
			let at = (old[from + 1] & mask) * 3;
			while (this.table[at + 2] !== 0) at = at + 3 === this.table.length ? 0 : at + 3;
			this.table[at] = old[from];
			this.table[at + 1] = old[from + 1];
			this.table[at + 2] = old[from + 2];
		}
	}
}

/** hashPosition's second hash of its last position. */
let secondHash = 0;
/** Both hashes while hashPosition mixes in one part after another. */
let hashA = 0;
let hashB = 0;

/**
 * Two independent hashes of a position's parts, each part's length before its characters (so
 * that no part can run into the next), without joining them into one text: FNV-1a (returned)
 * and a multiply-rotate per character with a murmur3 finaliser (left in secondHash, which also
 * picks the slot), both as signed 32-bit integers, as the table stores them.
 */
function hashPosition(position: StockPosition): number {
	hashA = 0x811c9dc5;
	hashB = 0x9747b28c;
	mixIn(position.retailer);
	mixIn(position.location);
	mixIn(position.sku);
	mixIn(position.type);
	mixIn(position.ref);
	let b = hashB;
	b ^= b >>> 16;
	b = Math.imul(b, 0x85ebca6b);
	b ^= b >>> 13;
	b = Math.imul(b, 0xc2b2ae35);
	b ^= b >>> 16;
	secondHash = b | 0;
	return hashA | 0;
}

function mixIn(text: string): void {
	let a = Math.imul(hashA ^ text.length, 0x01000193);
	let b = Math.imul(hashB ^ text.length, 0x5bd1e995);
	b ^= b >>> 15;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		a = Math.imul(a ^ code, 0x01000193);
		b = Math.imul(b ^ code, 0x5bd1e995);
		b ^= b >>> 15;
	}
	hashA = a;
	hashB = b;
}
