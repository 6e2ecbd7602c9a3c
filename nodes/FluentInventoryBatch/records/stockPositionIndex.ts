// Finds two input items naming the same stock position with a compact table of hashes.
import { sameStockPosition, type StockPosition } from './inventoryRecord';

/**
 * Finds two input items that name the same stock position, in little memory: a hash table of
 * 32-bit hashes and item indexes (8 bytes a slot) instead of a map of a million key strings. A
 * hash match is confirmed by comparing the real positions, which `positionOf` rebuilds from the
 * earlier item.
 */
export class StockPositionIndex {
	private mask: number;
	private hashes: Uint32Array;
	/** itemIndex + 1, so that 0 means an empty slot. */
	private slots: Int32Array;
	private count = 0;

	constructor(
		expectedCount: number,
		private readonly positionOf: (itemIndex: number) => StockPosition,
	) {
		let size = 16;
		while (size < expectedCount * 2) size *= 2;
		this.mask = size - 1;
		this.hashes = new Uint32Array(size);
		this.slots = new Int32Array(size);
	}

	/** Adds the item; returns the index of an earlier item with the same position, if there is one. */
	add(position: StockPosition, itemIndex: number): number | undefined {
		// The low 32 bits of the 53-bit hash, which mix both of its hashes.
		const hash = hashStockPosition(position) >>> 0;
		let slot = hash & this.mask;
		while (this.slots[slot] !== 0) {
			const earlier = this.slots[slot] - 1;
			if (this.hashes[slot] === hash && sameStockPosition(this.positionOf(earlier), position)) {
				return earlier;
			}
			slot = (slot + 1) & this.mask;
		}
		this.hashes[slot] = hash;
		this.slots[slot] = itemIndex + 1;
		if (++this.count * 2 > this.slots.length) this.grow();
		return undefined;
	}

	private grow(): void {
		const { hashes, slots } = this;
		this.hashes = new Uint32Array(slots.length * 2);
		this.slots = new Int32Array(slots.length * 2);
		this.mask = this.slots.length - 1;
		for (let old = 0; old < slots.length; old++) {
			if (slots[old] === 0) continue;
			let slot = hashes[old] & this.mask;
			while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
			this.hashes[slot] = hashes[old];
			this.slots[slot] = slots[old];
		}
	}
}

/** Both hashes while hashStockPosition mixes in one part after another. */
let hashA = 0;
let hashB = 0;

/**
 * A 53-bit hash of a stock position, a whole number exact in a double, computed from its parts
 * without joining them into one text; each part's length goes in before its characters, so that
 * no part can run into the next. Two independent 32-bit hashes, FNV-1a and a multiply-rotate per
 * character with a murmur3 finaliser: 32 bits of the first and 21 of the second.
 */
export function hashStockPosition(position: StockPosition): number {
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
	return (hashA >>> 0) * 0x200000 + (b >>> 11);
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
