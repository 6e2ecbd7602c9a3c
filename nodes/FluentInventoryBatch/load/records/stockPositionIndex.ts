/**
 * Finds two input items that name the same stock position, in little memory: a hash table of
 * 32-bit hashes and item indexes (8 bytes a slot) instead of a map of a million strings. A hash
 * match is confirmed by comparing the real keys, which `keyOf` rebuilds from the earlier item.
 */
export class StockPositionIndex {
	private mask: number;
	private hashes: Uint32Array;
	/** itemIndex + 1, so that 0 means an empty slot. */
	private slots: Int32Array;
	private count = 0;

	constructor(
		expectedCount: number,
		private readonly keyOf: (itemIndex: number) => string,
	) {
		let size = 16;
		while (size < expectedCount * 2) size *= 2;
		this.mask = size - 1;
		this.hashes = new Uint32Array(size);
		this.slots = new Int32Array(size);
	}

	/** Adds the item; returns the index of an earlier item with the same key, if there is one. */
	add(key: string, itemIndex: number): number | undefined {
		const hash = fnv1a(key);
		let slot = hash & this.mask;
		while (this.slots[slot] !== 0) {
			const earlier = this.slots[slot] - 1;
			if (this.hashes[slot] === hash && this.keyOf(earlier) === key) return earlier;
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

function fnv1a(text: string): number {
	let hash = 0x811c9dc5;
	for (let index = 0; index < text.length; index++) {
		hash ^= text.charCodeAt(index);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}
