// Plans an item load: checks every record, its retailer and duplicates, then splits batches.
import type { IDataObject } from 'n8n-workflow';

import type { ItemParameter } from '../parameters/itemParameter';
import type { InventoryRecord, RecordProblem } from '../records/inventoryRecord';
import { mapInventoryRecord, stockPositionOf } from '../records/inventoryRecord';
import { describeValue } from '../records/valueWords';
import { LoadRetailers } from '../records/loadRetailers';
import type { ProblemCode } from '../records/problemCodes';
import { inventoryRecordOf } from '../records/recordShape';
import type { RecordSource } from './recordSource';
import { StockPositionIndex } from '../records/stockPositionIndex';

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
		const record =
			kept[itemIndex] ?? inventoryRecordOf(source.read(itemIndex) as IDataObject, undefined);
		if (!record) throw new Error(`Item ${itemIndex} changed after it was checked`);
		return record;
	}

	// Read once when the same for all; a failing expression is reported per item below.
	let sameRetailerParameter: string | undefined;
	try {
		if (retailer.parameter.sameForAll) {
			sameRetailerParameter = parameterRetailer(retailer.parameter.valueAt(0));
		}
	} catch {
		sameRetailerParameter = undefined;
	}
	/** The node's Retailer ID for the item: text ('' when empty), or undefined when not text. */
	const parameterRetailerAt = (itemIndex: number) =>
		sameRetailerParameter ?? parameterRetailer(retailer.parameter.valueAt(itemIndex));
	const retailerOf = (record: InventoryRecord, itemIndex: number) =>
		(record.retailerId as string | undefined) ?? (parameterRetailerAt(itemIndex) || retailer.value);
	const positionOf = (record: InventoryRecord, itemIndex: number) =>
		stockPositionOf(record, retailerOf(record, itemIndex) ?? '');
	const positions = new StockPositionIndex(source.itemCount, (itemIndex) =>
		positionOf(checkedRecord(itemIndex), itemIndex),
	);
	const batches: number[][] = [];
	let current: number[] = [];
	let withoutRetailer = 0;
	const retailers = new LoadRetailers();

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
		let fromParameter = '';
		if (!mapped.hasRetailer) {
			const checked = checkRetailerParameter(
				() => retailer.parameter.valueAt(itemIndex),
				itemIndex,
			);
			if (checked.problem) {
				problems.set(itemIndex, [checked.problem]);
				continue;
			}
			fromParameter = checked.value;
		}
		if (
			!mapped.hasRetailer &&
			!fromParameter &&
			retailer.value === undefined &&
			!retailer.resolveLater
		) {
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
		const record = mapped.record;
		if (source.keepRecords) kept[itemIndex] = record;
		const earlier = positions.add(positionOf(record, itemIndex), itemIndex);
		if (earlier !== undefined) {
			if (source.keepRecords) kept[itemIndex] = undefined;
			problems.set(itemIndex, [
				{
					itemIndex,
					field: 'skuRef',
					value: record.skuRef,
					problem: `names the same stock position as item ${earlier} (retailer ${describeValue(retailerOf(record, itemIndex) ?? 'default')}, location ${describeValue(record.locationRef)}, SKU ${describeValue(record.skuRef)})`,
					fix: "Each stock position may appear only once per load, because Fluent may apply two batches in either order. Remove the duplicates first, for example with n8n's Remove Duplicates node on skuRef and locationRef.",
					code: 'DUPLICATE_POSITION',
				},
			]);
			continue;
		}
		if (!mapped.hasRetailer && !fromParameter) withoutRetailer++;
		retailers.add(retailerOf(record, itemIndex));
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
		recordAt(itemIndex) {
			const record = checkedRecord(itemIndex);
			// Its retailerId field is there, undefined when missing: filling it keeps the shape.
			if (record.retailerId === undefined) {
				record.retailerId = parameterRetailerAt(itemIndex) || plan.defaultRetailer;
			}
			return record;
		},
	};
	return plan;
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
