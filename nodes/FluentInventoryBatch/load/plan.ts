import type { IDataObject } from 'n8n-workflow';

import type { InventoryRecord, RecordProblem } from './records/inventoryRecord';
import { describeValue, mapInventoryRecord, stockPositionKey } from './records/inventoryRecord';
import { inventoryRecordOf } from './records/recordShape';
import type { RecordSource } from './records/recordSource';
import { StockPositionIndex } from './records/stockPositionIndex';

export interface BatchPlan {
	/** Item indexes of each batch, in input order. */
	batches: number[][];
	/** Problems of each item that cannot be sent. */
	problems: Map<number, RecordProblem[]>;
	/** How many valid records carry no retailerId of their own. */
	withoutRetailer: number;
	/** Filled into records without a retailerId when they are sent. */
	readonly defaultRetailer: string | undefined;
	/** The record to send for a valid item, with the default retailer filled in. */
	recordAt(itemIndex: number): InventoryRecord;
}

export interface RetailerDefault {
	value: string | undefined;
	/**
	 * Accept records without a retailerId although no default is known yet: finding it may need
	 * a request (a login), and nothing is sent before every record has been checked.
	 */
	resolveLater: boolean;
}

/**
 * Checks every item before anything is sent: each must map to a valid record, have a retailer,
 * and name a stock position no earlier item names. Splits the valid ones, in order, into batches.
 */
export function planBatches(
	source: RecordSource,
	batchSize: number,
	retailer: RetailerDefault,
): BatchPlan {
	const problems = new Map<number, RecordProblem[]>();
	// Only records from expressions are kept (evaluating again would cost more than the memory);
	// the others are built again, one batch at a time, when sent.
	const kept: Array<InventoryRecord | undefined> = source.keepRecords
		? new Array(source.itemCount)
		: [];

	/** A checked item's record, without the default retailer (unknown while planning). */
	function checkedRecord(itemIndex: number): InventoryRecord {
		const record = kept[itemIndex] ?? inventoryRecordOf(source.read(itemIndex) as IDataObject, undefined);
		if (!record) throw new Error(`Item ${itemIndex} changed after it was checked`);
		return record;
	}

	const positionKey = (record: InventoryRecord) => stockPositionKey(record, retailer.value ?? '');
	const positions = new StockPositionIndex(source.itemCount, (itemIndex) =>
		positionKey(checkedRecord(itemIndex)),
	);
	const batches: number[][] = [];
	let current: number[] = [];
	let withoutRetailer = 0;

	for (let itemIndex = 0; itemIndex < source.itemCount; itemIndex++) {
		let raw: unknown;
		try {
			raw = source.read(itemIndex);
		} catch (error) {
			const field = source.failedField?.(itemIndex);
			problems.set(itemIndex, [
				{
					itemIndex,
					field: field ?? '(mapping)',
					value: undefined,
					problem: `could not be mapped: ${(error as Error).message}`,
					fix: `Correct the expression${field ? ` of "${field}"` : 's'} under Values to Send; it fails for this item.`,
				},
			]);
			continue;
		}
		const mapped = mapInventoryRecord(raw, itemIndex);
		if (!mapped.ok) {
			problems.set(itemIndex, mapped.problems);
			continue;
		}
		if (!mapped.hasRetailer && retailer.value === undefined && !retailer.resolveLater) {
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
		const record = mapped.record;
		if (source.keepRecords) kept[itemIndex] = record;
		const earlier = positions.add(positionKey(record), itemIndex);
		if (earlier !== undefined) {
			if (source.keepRecords) kept[itemIndex] = undefined;
			problems.set(itemIndex, [
				{
					itemIndex,
					field: 'skuRef',
					value: record.skuRef,
					problem: `names the same stock position as item ${earlier} (retailer ${describeValue(record.retailerId ?? retailer.value ?? 'default')}, location ${describeValue(record.locationRef)}, SKU ${describeValue(record.skuRef)})`,
					fix: "Each stock position may appear only once per load, because Fluent may apply two batches in either order. Remove the duplicates first, for example with n8n's Remove Duplicates node on skuRef and locationRef.",
				},
			]);
			continue;
		}
		if (!mapped.hasRetailer) withoutRetailer++;
		current.push(itemIndex);
		if (current.length === batchSize) {
			batches.push(current);
			current = [];
		}
	}
	if (current.length > 0) batches.push(current);

	const plan: BatchPlan = {
		batches,
		problems,
		withoutRetailer,
		defaultRetailer: retailer.value,
		recordAt(itemIndex) {
			const record = kept[itemIndex];
			if (!record) {
				const built = inventoryRecordOf(source.read(itemIndex) as IDataObject, plan.defaultRetailer);
				if (!built) throw new Error(`Item ${itemIndex} changed after it was checked`);
				return built;
			}
			// Its retailerId field is there, undefined when missing: filling it keeps the shape.
			if (record.retailerId === undefined) record.retailerId = plan.defaultRetailer;
			return record;
		},
	};
	return plan;
}
