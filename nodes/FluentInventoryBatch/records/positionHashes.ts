// The one duplicate finder, for items and file rows: one hash a position, sorted once all are in.
import { sameStockPosition, type StockPosition } from './inventoryRecord';
import { OrdinalSet } from './ordinalSet';

const NOT_HASHED = Number.NaN;

/**
 * Finds input items or file rows that may name the same stock position without keeping their
 * keys: a 53-bit hash of each one's position (hashStockPosition), at its ordinal (an item's index,
 * a row's place in the load) in one array (8 bytes each).
 * Collisions are found once every position is in, by sorting a copy: a sort and two straight
 * passes over a million positions cost far less than a million look-ups in a hash table of that
 * size, each a cache miss. A collision is only a candidate, confirmed by comparing the real
 * positions: an item load's from its kept records (`firstOfEachRepeat`), a file load's by reading
 * its rows again (see filePlan).
 */
export class PositionHashes {
	private hashes: Float64Array;
	/** One past the highest ordinal added. */
	private end = 0;

	constructor(expectedCount = 1024) {
		this.hashes = new Float64Array(Math.max(expectedCount, 16)).fill(NOT_HASHED);
	}

	add(position: StockPosition, ordinal: number): void {
		if (ordinal >= this.hashes.length) {
			let size = this.hashes.length * 2;
			while (size <= ordinal) size *= 2;
			const bigger = new Float64Array(size).fill(NOT_HASHED);
			bigger.set(this.hashes.subarray(0, this.end));
			this.hashes = bigger;
		}
		this.hashes[ordinal] = hashStockPosition(position);
		if (ordinal >= this.end) this.end = ordinal + 1;
	}

	/** Takes back the rows from `ordinal` on (a file that turned out unreadable). */
	forgetFrom(ordinal: number): void {
		if (ordinal < this.end) {
			this.hashes.fill(NOT_HASHED, ordinal, this.end);
			this.end = ordinal;
		}
	}

	/** The groups of ordinals whose positions have the same hash, each group in ascending order. */
	collisions(): number[][] {
		const hashes = this.hashes.subarray(0, this.end);
		const repeated = repeatedHashes(hashes);
		if (repeated.length === 0) return [];
		const groups = new Map<number, number[]>();
		for (let ordinal = 0; ordinal < hashes.length; ordinal++) {
			const hash = hashes[ordinal];
			if (!isIn(repeated, hash)) continue;
			const group = groups.get(hash);
			if (group) group.push(ordinal);
			else groups.set(hash, [ordinal]);
		}
		return [...groups.values()];
	}

	/**
	 * The ordinals whose hash another row has too, as one bit a row, and the highest of them;
	 * undefined when there are none. Unlike `collisions()`, its memory does not grow with the
	 * number of colliding rows (a file of one row repeated a million times).
	 */
	collidingOrdinals(): { ordinals: OrdinalSet; last: number } | undefined {
		const hashes = this.hashes.subarray(0, this.end);
		const repeated = repeatedHashes(hashes);
		if (repeated.length === 0) return undefined;
		const ordinals = new OrdinalSet();
		let last = 0;
		for (let ordinal = 0; ordinal < hashes.length; ordinal++) {
			if (isIn(repeated, hashes[ordinal])) {
				ordinals.add(ordinal);
				last = ordinal;
			}
		}
		return { ordinals, last };
	}
}

/**
 * Each hash that repeats, once, in ascending order, in one typed array: looking each ordinal's
 * hash up there (binary search, in cache while few repeat) is cheaper than in a Set of numbers.
 */
function repeatedHashes(hashes: Float64Array): Float64Array {
	const sorted = sortedHashes(hashes);
	const repeated = new Float64Array(sorted.length >>> 1);
	let count = 0;
	for (let index = 1; index < sorted.length; index++) {
		if (sorted[index] === sorted[index - 1] && sorted[index] !== sorted[index - 2]) {
			repeated[count++] = sorted[index];
		}
	}
	return repeated.subarray(0, count);
}

/**
 * The hashes that are set (not NOT_HASHED), ascending. Faster than sorting them all at once: one
 * pass counts them by their top bits (about 8 hashes a bucket), one places them in their buckets,
 * and each bucket, a few hashes in a row, is sorted on its own.
 */
function sortedHashes(hashes: Float64Array): Float64Array {
	let bits = 1;
	while (bits < 22 && 8 << bits < hashes.length) bits++;
	const bucketWidth = 2 ** (53 - bits);
	const bucketCount = 2 ** bits;
	const starts = new Uint32Array(bucketCount + 1);
	let count = 0;
	for (let index = 0; index < hashes.length; index++) {
		const hash = hashes[index];
		if (hash !== hash) continue; // NOT_HASHED
		starts[Math.floor(hash / bucketWidth) + 1]++;
		count++;
	}
	for (let bucket = 0; bucket < bucketCount; bucket++) starts[bucket + 1] += starts[bucket];
	const sorted = new Float64Array(count);
	const next = starts.slice(0, bucketCount);
	for (let index = 0; index < hashes.length; index++) {
		const hash = hashes[index];
		if (hash === hash) sorted[next[Math.floor(hash / bucketWidth)]++] = hash;
	}
	for (let bucket = 0; bucket < bucketCount; bucket++) {
		const start = starts[bucket];
		const end = starts[bucket + 1];
		if (end - start > 32) sorted.subarray(start, end).sort();
		else insertionSort(sorted, start, end);
	}
	return sorted;
}

/** Sorts values[start, end), a few, in place; equal values cost one comparison each. */
function insertionSort(values: Float64Array, start: number, end: number): void {
	for (let index = start + 1; index < end; index++) {
		const value = values[index];
		let to = index;
		while (to > start && values[to - 1] > value) {
			values[to] = values[to - 1];
			to--;
		}
		values[to] = value;
	}
}

/** Whether the ascending `values` hold `value` (binary search); never NOT_HASHED. */
function isIn(values: Float64Array, value: number): boolean {
	// NaN compares neither below nor above anything: the search would take it for a match.
	if (value !== value) return false;
	let low = 0;
	let high = values.length - 1;
	while (low <= high) {
		const middle = (low + high) >>> 1;
		if (values[middle] < value) low = middle + 1;
		else if (values[middle] > value) high = middle - 1;
		else return true;
	}
	return false;
}

/**
 * Each ordinal whose stock position an earlier ordinal has, with the FIRST ordinal of that
 * position: the hash collisions confirmed by comparing the real positions (`positionOf`).
 */
export function firstOfEachRepeat(
	hashes: PositionHashes,
	positionOf: (ordinal: number) => StockPosition,
): Map<number, number> {
	const firstOf = new Map<number, number>();
	for (const group of hashes.collisions()) {
		// The first ordinal of each distinct position in the group (one, unless hashes collide).
		const firsts: Array<{ ordinal: number; position: StockPosition }> = [];
		for (const ordinal of group) {
			const position = positionOf(ordinal);
			const first = firsts.find((candidate) => sameStockPosition(candidate.position, position));
			if (first) firstOf.set(ordinal, first.ordinal);
			else firsts.push({ ordinal, position });
		}
	}
	return firstOf;
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
