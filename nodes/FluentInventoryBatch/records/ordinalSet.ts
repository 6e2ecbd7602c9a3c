// A set of ordinals (rows of a file load, items) as one bit each (125 KB a million).

/** A set of row ordinals as a bit array that grows with the highest ordinal added. */
export class OrdinalSet {
	private bits = new Uint32Array(64);

	has(ordinal: number): boolean {
		const word = ordinal >>> 5;
		return word < this.bits.length && (this.bits[word] & (1 << (ordinal & 31))) !== 0;
	}

	add(ordinal: number): void {
		const word = ordinal >>> 5;
		if (word >= this.bits.length) {
			let size = this.bits.length * 2;
			while (size <= word) size *= 2;
			const bigger = new Uint32Array(size);
			bigger.set(this.bits);
			this.bits = bigger;
		}
		this.bits[word] |= 1 << (ordinal & 31);
	}

	/** Takes back every ordinal from `ordinal` on (the rows of a file that turned out unreadable). */
	forgetFrom(ordinal: number): void {
		const word = ordinal >>> 5;
		if (word >= this.bits.length) return;
		// Keeps the bits below `ordinal` in its word, clears the rest.
		this.bits[word] &= (1 << (ordinal & 31)) - 1;
		this.bits.fill(0, word + 1);
	}
}
