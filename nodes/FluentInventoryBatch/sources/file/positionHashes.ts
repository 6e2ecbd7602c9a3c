// Finds rows of a file load that may name the same stock position, keeping one hash per row.
import type { StockPosition } from '../../records/inventoryRecord';
import { OrdinalSet } from './ordinalSet';
import { hashStockPosition } from '../../records/stockPositionIndex';

const NOT_HASHED = Number.NaN;

/**
 * Finds rows of a file load that may name the same stock position without keeping any row: a
 * 53-bit hash of each row's position (hashStockPosition), at the row's ordinal in one array
 * (8 bytes a row).
 * Collisions are found once every row is in, by sorting a copy: a sort and two straight passes
 * over a million rows cost far less than a million look-ups in a hash table of that size, each a
 * cache miss. Rows cannot be read again at random, so a collision is only a candidate, confirmed
 * afterwards by comparing the real keys (see filePlan).
 */
export class PositionHashes {
	private hashes = new Float64Array(1024).fill(NOT_HASHED);
	/** One past the highest ordinal added. */
	private end = 0;

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
		// Sorted, NaN (rows not hashed) go last.
		const sorted = hashes.slice().sort();
		const repeated = new Set<number>();
		for (let index = 1; index < sorted.length; index++) {
			if (sorted[index] === sorted[index - 1]) repeated.add(sorted[index]);
		}
		if (repeated.size === 0) return [];
		const groups = new Map<number, number[]>();
		for (let ordinal = 0; ordinal < hashes.length; ordinal++) {
			const hash = hashes[ordinal];
			if (!repeated.has(hash)) continue;
			const group = groups.get(hash);
			if (group) group.push(ordinal);
			else groups.set(hash, [ordinal]);
		}
		return [...groups.values()];
	}

	/**
	 * The ordinals whose hash another row has too, as one bit a row, and the highest of them;
	 * undefined when there are none. Unlike `collisions()`, its memory does not grow with the
	 * number of colliding rows (a file of one row repeated a million times): the hashes that
	 * repeat are kept sorted in one typed array and each row's hash is looked up there.
	 */
	collidingOrdinals(): { ordinals: OrdinalSet; last: number } | undefined {
		const hashes = this.hashes.subarray(0, this.end);
		const sorted = hashes.slice().sort();
		// Each hash that repeats, once, in ascending order (NaN, rows not hashed, never equals).
		const repeatedHashes = new Float64Array(sorted.length >>> 1);
		let repeatedCount = 0;
		for (let index = 1; index < sorted.length; index++) {
			if (sorted[index] === sorted[index - 1] && sorted[index] !== sorted[index - 2]) {
				repeatedHashes[repeatedCount++] = sorted[index];
			}
		}
		if (repeatedCount === 0) return undefined;
		const repeated = repeatedHashes.subarray(0, repeatedCount);
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

/** Whether the ascending `values` hold `value` (binary search). */
function isIn(values: Float64Array, value: number): boolean {
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
