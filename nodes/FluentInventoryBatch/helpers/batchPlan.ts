import type { InventoryRecord, RecordProblem } from './records';
import { describeValue, mapInventoryRecord, stockPositionKey } from './records';
import { StockPositionIndex } from './stockPositionIndex';

/** Where an item's raw record fields come from: the item itself, or the node's field mapping. */
export interface RecordSource {
	itemCount: number;
	/** May throw, e.g. when a mapping expression fails for that item. */
	read(itemIndex: number): unknown;
	/** Keep mapped records from the check for sending, instead of mapping again (expressions). */
	keepRecords: boolean;
}

export interface BatchPlan {
	/** Item indexes of each batch, in input order. */
	batches: number[][];
	/** Problems of each item that cannot be sent. */
	problems: Map<number, RecordProblem[]>;
	validCount: number;
	/** The record to send for a valid item, with the default retailer filled in. */
	recordAt(itemIndex: number): InventoryRecord;
}

/**
 * Checks every item before anything is sent: each must map to a valid record, have a retailer,
 * and name a stock position no earlier item names. Splits the valid ones, in order, into batches.
 */
export function planBatches(
	source: RecordSource,
	batchSize: number,
	defaultRetailer: string | undefined,
): BatchPlan {
	const problems = new Map<number, RecordProblem[]>();
	const kept: Array<InventoryRecord | undefined> = source.keepRecords
		? new Array(source.itemCount)
		: [];

	const withRetailer = (record: InventoryRecord): InventoryRecord =>
		record.retailerId === undefined && defaultRetailer !== undefined
			? { retailerId: defaultRetailer, ...record }
			: record;

	function recordAt(itemIndex: number): InventoryRecord {
		const cached = kept[itemIndex];
		if (cached) return cached;
		const mapped = mapInventoryRecord(source.read(itemIndex), itemIndex);
		if (!mapped.ok) throw new Error(`Item ${itemIndex} changed after it was checked`);
		return withRetailer(mapped.record);
	}

	const positions = new StockPositionIndex(source.itemCount, (itemIndex) =>
		stockPositionKey(recordAt(itemIndex), defaultRetailer ?? ''),
	);
	const batches: number[][] = [];
	let current: number[] = [];
	let validCount = 0;

	for (let itemIndex = 0; itemIndex < source.itemCount; itemIndex++) {
		let raw: unknown;
		try {
			raw = source.read(itemIndex);
		} catch (error) {
			problems.set(itemIndex, [
				{
					itemIndex,
					field: '(mapping)',
					value: undefined,
					problem: `could not be mapped: ${(error as Error).message}`,
					fix: 'Correct the expressions under Inventory Records for this item.',
				},
			]);
			continue;
		}
		const mapped = mapInventoryRecord(raw, itemIndex);
		if (!mapped.ok) {
			problems.set(itemIndex, mapped.problems);
			continue;
		}
		if (!mapped.hasRetailer && defaultRetailer === undefined) {
			problems.set(itemIndex, [
				{
					itemIndex,
					field: 'retailerId',
					value: undefined,
					problem: 'is missing and no default retailer is set',
					fix: 'Give the item a retailerId, or set Retailer ID on this node or in the credential.',
				},
			]);
			continue;
		}
		const record = withRetailer(mapped.record);
		if (source.keepRecords) kept[itemIndex] = record;
		const earlier = positions.add(stockPositionKey(record, defaultRetailer ?? ''), itemIndex);
		if (earlier !== undefined) {
			if (source.keepRecords) kept[itemIndex] = undefined;
			problems.set(itemIndex, [
				{
					itemIndex,
					field: 'skuRef',
					value: record.skuRef,
					problem: `names the same stock position as item ${earlier} (retailer ${describeValue(record.retailerId)}, location ${describeValue(record.locationRef)}, SKU ${describeValue(record.skuRef)})`,
					fix: "Each stock position may appear only once per load, because Fluent may apply two batches in either order. Remove the duplicates first, for example with n8n's Remove Duplicates node on skuRef and locationRef.",
				},
			]);
			continue;
		}
		validCount++;
		current.push(itemIndex);
		if (current.length === batchSize) {
			batches.push(current);
			current = [];
		}
	}
	if (current.length > 0) batches.push(current);
	return { batches, problems, validCount, recordAt };
}
