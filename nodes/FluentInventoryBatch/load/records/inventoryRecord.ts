import type { IDataObject } from 'n8n-workflow';

import { RECORD_FIELDS, type RecordFieldDefinition } from './fieldDefinitions';

/** Fluent stores quantities as 32-bit integers. */
const MAX_QUANTITY = 2_147_483_647;
const WHOLE_NUMBER_TEXT = /^[+-]?\d+(\.0+)?$/;

/** One thing wrong with one input item, worded so the user can fix it. */
export interface RecordProblem {
	itemIndex: number;
	field: string;
	value: unknown;
	problem: string;
	fix: string;
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
			problem: `must be text, but is ${describeType(value)}`,
			fix: `Map "${field.id}" to a text value.`,
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
	const problem = (text: string, fix: string): { problem: RecordProblem } => ({
		problem: { itemIndex, field: field.id, value, problem: text, fix },
	});
	if (quantity === undefined) {
		return problem(
			`must be a whole number, but is ${describeValue(value)}`,
			`Map "${field.id}" to a whole number such as 12 (text such as "12" from a CSV file is fine).`,
		);
	}
	if (!Number.isFinite(quantity) || !Number.isInteger(quantity)) {
		return problem(
			`must be a whole number, but is ${describeValue(value)}`,
			`Round "${field.id}" to a whole number, for example with {{ Math.round($json.${field.id}) }}.`,
		);
	}
	if (Math.abs(quantity) > MAX_QUANTITY) {
		return problem(
			`is too large (${describeValue(value)}); Fluent accepts at most ${MAX_QUANTITY}`,
			`Check the source data of "${field.id}".`,
		);
	}
	// A correction may go down; stock on hand and reservations cannot be below zero.
	if (quantity < 0 && field.id !== 'correctedQty') {
		return problem(
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
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			parsed = undefined;
		}
	}
	if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
		return { value: parsed as IDataObject };
	return {
		problem: {
			itemIndex,
			field: field.id,
			value,
			problem: `must be an object of key/value pairs, but is ${describeValue(value)}`,
			fix: 'Map "attributes" to an object such as { "expiresOn": "2026-12-31" }, or leave it out.',
		},
	};
}

/**
 * Turns one input item's fields into a Fluent inventory record, or lists everything wrong with
 * it. Only the record field names count; any other field of the item is ignored.
 */
export function mapInventoryRecord(source: unknown, itemIndex: number): MappingResult {
	if (!source || typeof source !== 'object' || Array.isArray(source)) {
		return {
			ok: false,
			problems: [
				{
					itemIndex,
					field: '(item)',
					value: source,
					problem: `is not an object with record fields, but ${describeType(source)}`,
					fix: 'Give each item fields such as skuRef, locationRef and qty.',
				},
			],
		};
	}
	const fields = source as IDataObject;
	const record: InventoryRecord = {};
	const problems: RecordProblem[] = [];

	for (const field of RECORD_FIELDS) {
		const value = fields[field.id];
		if (isBlank(value)) {
			if (field.required) {
				problems.push({
					itemIndex,
					field: field.id,
					value,
					problem: 'is missing',
					fix: `Give every item a "${field.id}" (under Map Each Column Manually, map it in Values to Send).`,
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
		else record[field.id] = mapped.value;
	}

	if (problems.length > 0) return { ok: false, problems };
	return { ok: true, record, hasRetailer: record.retailerId !== undefined };
}

/** The key under which Fluent keeps one stock position; two records with it in one load collide. */
export function stockPositionKey(record: InventoryRecord, defaultRetailer: string): string {
	return [
		record.retailerId ?? defaultRetailer,
		record.locationRef,
		record.skuRef,
		record.type ?? '',
		record.ref ?? '',
	].join('\u0000');
}

function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'boolean') return `the boolean ${value}`;
	return `a ${typeof value}`;
}

export function describeValue(value: unknown): string {
	if (value === undefined) return 'empty';
	if (typeof value === 'string')
		return value.length > 40 ? `"${value.slice(0, 37)}..."` : `"${value}"`;
	if (typeof value === 'number') return String(value);
	if (typeof value === 'boolean' || value === null) return describeType(value);
	const text = JSON.stringify(value) ?? String(value);
	return `${describeType(value)} ${text.length > 40 ? `${text.slice(0, 37)}...` : text}`;
}

/** item 3: "qty" must be a whole number, but is "ten". Give a whole number ... */
export function describeProblem(problem: RecordProblem): string {
	const field = problem.field.startsWith('(') ? 'the item' : `"${problem.field}"`;
	return `item ${problem.itemIndex}: ${field} ${problem.problem}. ${problem.fix}`;
}
