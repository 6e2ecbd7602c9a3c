// The fast path from an item's fields to the record to send, in a fixed object shape.
import type { IDataObject } from 'n8n-workflow';

/** Fluent stores quantities as 32-bit integers. */
export const MAX_QUANTITY = 2_147_483_647;
export const WHOLE_NUMBER_TEXT = /^[+-]?\d+(\.0+)?$/;

/** A field value that cannot be sent (mapInventoryRecord says why). */
const INVALID: unique symbol = Symbol('invalid');
/** The value to send; undefined when the field is empty (absent from the record). */
type Checked<T> = T | undefined | typeof INVALID;

function textField(value: unknown): Checked<string> {
	if (typeof value === 'string') {
		const trimmed = value.trim();
		return trimmed === '' ? undefined : trimmed;
	}
	if (value === undefined || value === null) return undefined;
	return typeof value === 'number' && Number.isFinite(value) ? String(value) : INVALID;
}

function quantityField(value: unknown, mayBeNegative: boolean): Checked<number> {
	let quantity: number;
	if (typeof value === 'number') {
		quantity = value;
	} else if (typeof value === 'string') {
		const digits = digitsValue(value);
		if (digits !== -1) return digits;
		const trimmed = value.trim();
		if (trimmed === '') return undefined;
		if (!WHOLE_NUMBER_TEXT.test(trimmed)) return INVALID;
		quantity = Number(trimmed);
	} else {
		return value === undefined || value === null ? undefined : INVALID;
	}
	if (!Number.isInteger(quantity) || Math.abs(quantity) > MAX_QUANTITY) return INVALID;
	if (quantity < 0 && !mayBeNegative) return INVALID;
	return quantity === 0 ? 0 : quantity;
}

/**
 * The number that text of 1 to 9 plain digits stands for, else -1: the common case of a CSV
 * quantity, read without the trim, the pattern and Number() that other text needs.
 */
function digitsValue(text: string): number {
	const length = text.length;
	if (length === 0 || length > 9) return -1;
	let value = 0;
	for (let index = 0; index < length; index++) {
		const digit = text.charCodeAt(index) - 48;
		if (digit < 0 || digit > 9) return -1;
		value = value * 10 + digit;
	}
	return value;
}

/** An object of key/value pairs, or JSON text of one. */
export function attributesObject(value: unknown): IDataObject | undefined {
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			return undefined;
		}
	}
	return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
		? (parsed as IDataObject)
		: undefined;
}

function attributesField(value: unknown): Checked<IDataObject> {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string' && value.trim() === '') return undefined;
	return attributesObject(value) ?? INVALID;
}

/**
 * The record to send for one item's fields, or undefined when any field is missing or invalid
 * (mapInventoryRecord then lists the problems). `defaultRetailer` fills a missing retailerId.
 *
 * Built as one object literal in one field order, optional fields added in a fixed order, so
 * that all records share a few hidden classes. In n8n's large process the empty object's
 * hidden-class transitions are used up, and a record built as {} plus record[field] = value
 * gets a slow dictionary of its own, which makes every later step on it slow (issue 14).
 */
export function inventoryRecordOf(
	fields: IDataObject,
	defaultRetailer: string | undefined,
): IDataObject | undefined {
	const skuRef = textField(fields.skuRef ?? fields['\ufeffskuRef']);
	const locationRef = textField(fields.locationRef ?? fields['\ufefflocationRef']);
	const qty = quantityField(fields.qty ?? fields['\ufeffqty'], false);
	const retailerId = textField(fields.retailerId ?? fields['\ufeffretailerId']);
	if (skuRef === undefined || skuRef === INVALID || locationRef === undefined) return undefined;
	if (locationRef === INVALID || qty === undefined || qty === INVALID || retailerId === INVALID)
		return undefined;
	const correctedQty = quantityField(fields.correctedQty ?? fields['\ufeffcorrectedQty'], true);
	const reservedQty = quantityField(fields.reservedQty ?? fields['\ufeffreservedQty'], false);
	const inventoryId = textField(fields.inventoryId ?? fields['\ufeffinventoryId']);
	const ref = textField(fields.ref ?? fields['\ufeffref']);
	const type = textField(fields.type ?? fields['\ufefftype']);
	const status = textField(fields.status ?? fields['\ufeffstatus']);
	const attributes = attributesField(fields.attributes ?? fields['\ufeffattributes']);
	if (correctedQty === INVALID || reservedQty === INVALID || inventoryId === INVALID)
		return undefined;
	if (ref === INVALID || type === INVALID || status === INVALID || attributes === INVALID)
		return undefined;

	const record: IDataObject = {
		retailerId: retailerId ?? defaultRetailer,
		skuRef,
		locationRef,
		qty,
	};
	if (correctedQty !== undefined) record.correctedQty = correctedQty;
	if (reservedQty !== undefined) record.reservedQty = reservedQty;
	if (inventoryId !== undefined) record.inventoryId = inventoryId;
	if (ref !== undefined) record.ref = ref;
	if (type !== undefined) record.type = type;
	if (status !== undefined) record.status = status;
	if (attributes !== undefined) record.attributes = attributes;
	return record;
}
