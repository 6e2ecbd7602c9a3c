// Maps one item's fields to a Fluent inventory record and words its problems; stock positions.
import type { IDataObject } from 'n8n-workflow';

import { RECORD_FIELDS, type RecordFieldDefinition } from './fieldDefinitions';
import {
	attributesObject,
	inventoryRecordOf,
	MAX_QUANTITY,
	WHOLE_NUMBER_TEXT,
} from './recordShape';
import type { ProblemCode } from './problemCodes';
import { describeValue, valueKind } from './valueWords';

const WITH_BYTE_ORDER_MARK: Record<string, string> = Object.fromEntries(
	RECORD_FIELDS.map((field) => [field.id, `\ufeff${field.id}`]),
);

/** One thing wrong with one input item, worded so the user can fix it. */
export interface RecordProblem {
	itemIndex: number;
	field: string;
	value: unknown;
	problem: string;
	fix: string;
	code: ProblemCode;
}

export type InventoryRecord = IDataObject;

export type MappingResult =
	| { ok: true; record: InventoryRecord; hasRetailer: boolean }
	| { ok: false; problems: RecordProblem[] };

function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

function mapText(
	field: RecordFieldDefinition,
	value: unknown,
	itemIndex: number,
): { value?: string; problem?: RecordProblem } {
	if (typeof value === 'string') return { value: value.trim() };
	if (typeof value === 'number' && Number.isFinite(value)) return { value: String(value) };
	return {
		problem: {
			itemIndex,
			field: field.id,
			value,
			problem: `must be text, but is ${valueKind(value)}`,
			fix: `Map "${field.id}" to a text value.`,
			code: 'NOT_TEXT',
		},
	};
}

function mapQuantity(
	field: RecordFieldDefinition,
	value: unknown,
	itemIndex: number,
): { value?: number; problem?: RecordProblem } {
	let quantity: number | undefined;
	if (typeof value === 'number') {
		quantity = value;
	} else if (typeof value === 'string' && WHOLE_NUMBER_TEXT.test(value.trim())) {
		quantity = Number(value.trim());
	}
	const problem = (code: ProblemCode, text: string, fix: string): { problem: RecordProblem } => ({
		problem: { itemIndex, field: field.id, value, problem: text, fix, code },
	});
	if (quantity === undefined) {
		return problem(
			'NOT_A_WHOLE_NUMBER',
			`must be a whole number, but is ${describeValue(value)}`,
			`Map "${field.id}" to a whole number such as 12 (text such as "12" from a CSV file is fine).`,
		);
	}
	// Whole-number text too long for a number (400 digits) reads as Infinity: too large, not a fraction.
	if (typeof value === 'string' && !Number.isFinite(quantity)) {
		return problem(
			'QUANTITY_TOO_LARGE',
			`is too large (${describeValue(value)}); Fluent accepts at most ${MAX_QUANTITY}`,
			`Check the source data of "${field.id}".`,
		);
	}
	if (!Number.isFinite(quantity) || !Number.isInteger(quantity)) {
		return problem(
			'NOT_A_WHOLE_NUMBER',
			`must be a whole number, but is ${describeValue(value)}`,
			`Round "${field.id}" to a whole number, for example with {{ Math.round($json.${field.id}) }}.`,
		);
	}
	if (Math.abs(quantity) > MAX_QUANTITY) {
		return problem(
			'QUANTITY_TOO_LARGE',
			`is too large (${describeValue(value)}); Fluent accepts at most ${MAX_QUANTITY}`,
			`Check the source data of "${field.id}".`,
		);
	}
	// A correction may go down; stock on hand and reservations cannot be below zero.
	if (quantity < 0 && field.id !== 'correctedQty') {
		return problem(
			'NEGATIVE_QUANTITY',
			`must not be negative, but is ${describeValue(value)}`,
			`Send 0 or more for "${field.id}"; use correctedQty for a downward correction.`,
		);
	}
	return { value: quantity === 0 ? 0 : quantity };
}

function mapAttributes(
	field: RecordFieldDefinition,
	value: unknown,
	itemIndex: number,
): { value?: IDataObject; problem?: RecordProblem } {
	const parsed = attributesObject(value);
	if (parsed) return { value: parsed };
	return {
		problem: {
			itemIndex,
			field: field.id,
			value,
			problem: `must be an object of key/value pairs, but is ${describeValue(value)}`,
			fix: 'Map "attributes" to an object such as { "expiresOn": "2026-12-31" }, or leave it out.',
			code: 'NOT_AN_OBJECT',
		},
	};
}

/**
 * Turns one input item's fields into a Fluent inventory record, or lists everything wrong with
 * it. Only the record field names count; any other field of the item is ignored.
 */
export function mapInventoryRecord(source: unknown, itemIndex: number): MappingResult {
	const isObject = !!source && typeof source === 'object' && !Array.isArray(source);
	const record = isObject ? inventoryRecordOf(source as IDataObject, undefined) : undefined;
	if (record) return { ok: true, record, hasRetailer: record.retailerId !== undefined };
	return { ok: false, problems: recordProblems(source, itemIndex) };
}

/** Everything wrong with an item whose fields do not make a record. */
export function recordProblems(source: unknown, itemIndex: number): RecordProblem[] {
	if (!source || typeof source !== 'object' || Array.isArray(source)) {
		return [
			{
				itemIndex,
				field: '(item)',
				value: source,
				problem: `is not an object with record fields, but ${valueKind(source)}`,
				fix: 'Give each item fields such as skuRef, locationRef and qty.',
				code: 'NOT_AN_OBJECT',
			},
		];
	}
	const fields = source as IDataObject;
	const problems: RecordProblem[] = [];

	for (const field of RECORD_FIELDS) {
		let value = fields[field.id];
		// A CSV file saved with a byte-order mark gives its first column a name starting with one.
		if (value === undefined) value = fields[WITH_BYTE_ORDER_MARK[field.id]];
		if (isBlank(value)) {
			if (field.required) {
				problems.push({
					itemIndex,
					field: field.id,
					value,
					problem: 'is missing',
					fix: `Give every item a "${field.id}" (under Map Each Column Manually, map it in Values to Send).`,
					code: 'MISSING_FIELD',
				});
			}
			continue;
		}
		const mapped =
			field.kind === 'quantity'
				? mapQuantity(field, value, itemIndex)
				: field.kind === 'attributes'
					? mapAttributes(field, value, itemIndex)
					: mapText(field, value, itemIndex);
		if (mapped.problem) problems.push(mapped.problem);
	}
	return problems;
}

/** Fluent's inventory quantity type for a record that names none. */
const DEFAULT_QUANTITY_TYPE = 'LAST_ON_HAND';

/** What names one stock position in Fluent: two records with the same parts in one load collide. */
export interface StockPosition {
	retailer: string;
	location: string;
	sku: string;
	type: string;
	ref: string;
}

export function stockPositionOf(record: InventoryRecord, defaultRetailer: string): StockPosition {
	return {
		retailer: String(record.retailerId ?? defaultRetailer),
		location: String(record.locationRef),
		sku: String(record.skuRef),
		type: String(record.type ?? DEFAULT_QUANTITY_TYPE),
		ref: String(record.ref ?? ''),
	};
}

export function sameStockPosition(a: StockPosition, b: StockPosition): boolean {
	return (
		a.sku === b.sku &&
		a.location === b.location &&
		a.retailer === b.retailer &&
		a.type === b.type &&
		a.ref === b.ref
	);
}

/**
 * The stock position as one text, the key to compare. Each part is prefixed with its length, so
 * that no text inside a ref can mimic a separator.
 */
export function stockPositionKey(record: InventoryRecord, defaultRetailer: string): string {
	const { retailer, location, sku, type, ref } = stockPositionOf(record, defaultRetailer);
	return `${retailer.length}:${retailer}${location.length}:${location}${sku.length}:${sku}${type.length}:${type}${ref.length}:${ref}`;
}

/** item 3: "qty" must be a whole number, but is "ten". Give a whole number ... */
export function describeProblem(problem: RecordProblem): string {
	const field = problem.field.startsWith('(') ? 'the item' : `"${problem.field}"`;
	return `item ${problem.itemIndex}: ${field} ${problem.problem}. ${problem.fix}`;
}
