// Plans an item load: checks every record, its retailer and duplicates, then splits batches.
import type { ItemParameter } from '../parameters/itemParameter';
import type { InventoryRecord, RecordProblem } from '../records/inventoryRecord';
import { mapInventoryRecord, stockPositionOf } from '../records/inventoryRecord';
import { LoadRetailers } from '../records/loadRetailers';
import type { ProblemCode } from '../records/problemCodes';
import { firstOfEachRepeat, PositionHashes } from '../records/positionHashes';
import { describeValue } from '../records/valueWords';
import type { RecordSource } from './recordSource';

export interface BatchPlan {
	/** Item indexes of each batch, in input order. */
	batches: number[][];
	/** Problems of each item that cannot be sent. */
	problems: Map<number, RecordProblem[]>;
	/** How many valid records carry no retailerId of their own and get none from Retailer ID. */
	withoutRetailer: number;
	/** The retailers the valid records are for (a new job after a closed one needs the right one). */
	retailers: LoadRetailers;
	/** Filled into records without a retailerId (of their own or from Retailer ID) when sent. */
	readonly defaultRetailer: string | undefined;
	/** The record to send for a valid item, with its default retailer filled in. */
	recordAt(itemIndex: number): InventoryRecord;
	/** What checking each item found, so that the items can be planned again without reading them. */
	readonly checked: CheckedItems;
}

/** Each item's record (its own retailer or the node's Retailer ID in it), or why it has none. */
export interface CheckedItems {
	records: Array<InventoryRecord | undefined>;
	problems: Map<number, RecordProblem[]>;
}

export interface RetailerDefault {
	/** The node's Retailer ID, read per item: the retailer of that item's record if it has none. */
	parameter: ItemParameter;
	/** For records without a retailer of their own or from Retailer ID: the credential's or login's. */
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
 *
 * Each item is read once (`source.read`) and its record kept: positions, sending and failed
 * records then use these plain objects, never the items again. Items can be costly to read: a
 * Code node's output on n8n 1.x without task runners is vm2 proxies, each field read a trap.
 * `earlier` (the same items checked before, planned again with another default retailer) gives
 * its checked records instead of reading the items again.
 */
export function planBatches(
	source: RecordSource,
	batchSize: number,
	retailer: RetailerDefault,
	earlier?: CheckedItems,
): BatchPlan {
	const checked: CheckedItems = earlier ?? checkItems(source, retailer);
	const { records } = checked;
	const problems = new Map<number, RecordProblem[]>();

	/** A checked item's record (its retailerId unset while it relies on the default). */
	function checkedRecord(itemIndex: number): InventoryRecord {
		const record = records[itemIndex];
		if (!record) throw new Error(`Item ${itemIndex} has no checked record`);
		return record;
	}
	const retailerOf = (record: InventoryRecord) =>
		(record.retailerId as string | undefined) ?? retailer.value;
	const positionOf = (record: InventoryRecord) => stockPositionOf(record, retailerOf(record) ?? '');
	/** Whether a record has a retailer, or may get one later (the default, once known). */
	const hasRetailer = (record: InventoryRecord) =>
		record.retailerId !== undefined || retailer.value !== undefined || retailer.resolveLater;
	// Every position in first, then the repeats found at once (see PositionHashes: faster than a
	// look-up per item); each repeat names the first item with its position.
	const hashes = new PositionHashes(source.itemCount);
	for (let itemIndex = 0; itemIndex < source.itemCount; itemIndex++) {
		const record = records[itemIndex];
		if (record && hasRetailer(record)) hashes.add(positionOf(record), itemIndex);
	}
	const firstWithPosition = firstOfEachRepeat(hashes, (itemIndex) =>
		positionOf(checkedRecord(itemIndex)),
	);
	const batches: number[][] = [];
	let current: number[] = [];
	let withoutRetailer = 0;
	const retailers = new LoadRetailers();

	for (let itemIndex = 0; itemIndex < source.itemCount; itemIndex++) {
		const record = records[itemIndex];
		if (!record) {
			const itemProblems = checked.problems.get(itemIndex);
			if (itemProblems) problems.set(itemIndex, itemProblems);
			continue;
		}
		if (!hasRetailer(record)) {
			problems.set(itemIndex, [
				{
					itemIndex,
					field: 'retailerId',
					value: undefined,
					problem: 'is missing and no default retailer is set',
					fix: 'Give the item a retailerId, or set Retailer ID on this node or in the credential.',
					code: 'NO_RETAILER',
				},
			]);
			continue;
		}
		const earlierItem = firstWithPosition.get(itemIndex);
		if (earlierItem !== undefined) {
			problems.set(itemIndex, [
				{
					itemIndex,
					field: 'skuRef',
					value: record.skuRef,
					problem: `names the same stock position as item ${earlierItem} (retailer ${describeValue(retailerOf(record) ?? 'default')}, location ${describeValue(record.locationRef)}, SKU ${describeValue(record.skuRef)})`,
					fix: "Each stock position may appear only once per load, because Fluent may apply two batches in either order. Remove the duplicates first, for example with n8n's Remove Duplicates node on skuRef and locationRef.",
					code: 'DUPLICATE_POSITION',
				},
			]);
			continue;
		}
		if (record.retailerId === undefined) withoutRetailer++;
		retailers.add(retailerOf(record));
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
		retailers,
		defaultRetailer: retailer.value,
		checked,
		recordAt(itemIndex) {
			const record = checkedRecord(itemIndex);
			// Its retailerId field is there, undefined when missing: filling it keeps the shape.
			if (record.retailerId === undefined) record.retailerId = plan.defaultRetailer;
			return record;
		},
	};
	return plan;
}

/**
 * Reads each item once and maps it to its record, the node's Retailer ID filled in when the
 * record names no retailer, or lists what is wrong with it.
 */
function checkItems(source: RecordSource, retailer: RetailerDefault): CheckedItems {
	const records: Array<InventoryRecord | undefined> = new Array(source.itemCount);
	const problems = new Map<number, RecordProblem[]>();
	// Read once when the same for all; a failing expression is reported per item below.
	let sameRetailerParameter: string | undefined;
	try {
		if (retailer.parameter.sameForAll) {
			sameRetailerParameter = parameterRetailer(retailer.parameter.valueAt(0));
		}
	} catch {
		sameRetailerParameter = undefined;
	}

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
					code: 'EXPRESSION_FAILED',
				},
			]);
			continue;
		}
		const mapped = mapInventoryRecord(raw, itemIndex);
		if (!mapped.ok) {
			problems.set(itemIndex, mapped.problems);
			continue;
		}
		if (!mapped.hasRetailer) {
			let fromParameter = sameRetailerParameter;
			if (fromParameter === undefined) {
				const checkedParameter = checkRetailerParameter(
					() => retailer.parameter.valueAt(itemIndex),
					itemIndex,
				);
				if (checkedParameter.problem) {
					problems.set(itemIndex, [checkedParameter.problem]);
					continue;
				}
				fromParameter = checkedParameter.value;
			}
			// Its retailerId field is there, undefined when missing: filling it keeps the shape.
			if (fromParameter) mapped.record.retailerId = fromParameter;
		}
		records[itemIndex] = mapped.record;
	}
	return { records, problems };
}

function parameterRetailer(value: unknown): string | undefined {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/** The node's Retailer ID for one item, or the problem that keeps its record from being sent. */
export function checkRetailerParameter(
	read: () => unknown,
	itemIndex: number,
): { value: string; problem?: undefined } | { problem: RecordProblem } {
	const problem = (value: unknown, code: ProblemCode, text: string, fix: string) => ({
		problem: { itemIndex, field: 'Retailer ID', value, problem: text, fix, code },
	});
	let raw: unknown;
	try {
		raw = read();
	} catch (error) {
		return problem(
			undefined,
			'EXPRESSION_FAILED',
			`could not be evaluated: ${(error as Error).message}`,
			"Correct the node's Retailer ID expression; it fails for this item.",
		);
	}
	const value = parameterRetailer(raw);
	if (value !== undefined) return { value };
	return problem(
		raw,
		'NOT_TEXT',
		`must be text or a number, but is ${describeValue(raw)}`,
		"Point the node's Retailer ID expression at one retailer ID, such as {{ $json.retailerId }}, or give the item its own retailerId.",
	);
}
