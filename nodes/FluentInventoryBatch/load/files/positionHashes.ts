import { fnv1a } from '../records/stockPositionIndex';

/**
 * Finds rows of a file load that may name the same stock position without keeping any row:
 * two 32-bit hashes of each position's key (64 bits) and the row's ordinal, 12 bytes a row
 * plus a table of 4-byte slots. Rows cannot be read again at random, so a match is only a
 * candidate, confirmed afterwards by comparing the real keys (see filePlan).
 */
export class PositionHashes {
	private hashA = new Uint32Array(1024);
	private hashB = new Uint32Array(1024);
	private ordinals = new Int32Array(1024);
	private count = 0;
	/** Entry number + 1 of each slot; 0 is an empty slot. */
	private slots = new Int32Array(2048);
	private mask = 2047;

	/** Adds a row's key; returns the ordinals of earlier rows whose key has the same hashes. */
	add(key: string, ordinal: number): number[] | undefined {
		const a = fnv1a(key);
		const b = murmurLike(key);
		let matches: number[] | undefined;
		let slot = a & this.mask;
		while (this.slots[slot] !== 0) {
			const entry = this.slots[slot] - 1;
			if (this.hashA[entry] === a && this.hashB[entry] === b) {
				(matches ??= []).push(this.ordinals[entry]);
			}
			slot = (slot + 1) & this.mask;
		}
		if (this.count === this.ordinals.length) this.growEntries();
		this.hashA[this.count] = a;
		this.hashB[this.count] = b;
		this.ordinals[this.count] = ordinal;
		this.slots[slot] = ++this.count;
		if (this.count * 2 > this.slots.length) this.growSlots();
		return matches;
	}

	private growEntries(): void {
		const grown = (old: Uint32Array) => {
			const bigger = new Uint32Array(old.length * 2);
			bigger.set(old);
			return bigger;
		};
		this.hashA = grown(this.hashA);
		this.hashB = grown(this.hashB);
		const ordinals = new Int32Array(this.ordinals.length * 2);
		ordinals.set(this.ordinals);
		this.ordinals = ordinals;
	}

	private growSlots(): void {
		this.slots = new Int32Array(this.slots.length * 2);
		this.mask = this.slots.length - 1;
		for (let entry = 0; entry < this.count; entry++) {
			let slot = this.hashA[entry] & this.mask;
			while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
			this.slots[slot] = entry + 1;
		}
	}
}

/** A second, independent hash (multiply-rotate per character with a murmur3 finaliser). */
function murmurLike(text: string): number {
	let hash = 0x9747b28c ^ text.length;
	for (let index = 0; index < text.length; index++) {
		hash = Math.imul(hash ^ text.charCodeAt(index), 0x5bd1e995);
		hash ^= hash >>> 15;
	}
	hash ^= hash >>> 16;
	hash = Math.imul(hash, 0x85ebca6b);
	hash ^= hash >>> 13;
	hash = Math.imul(hash, 0xc2b2ae35);
	hash ^= hash >>> 16;
	return hash >>> 0;
}
