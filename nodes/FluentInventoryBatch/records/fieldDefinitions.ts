// The inventory record fields Fluent accepts, and a file row's fields built in one shape.
import type { FieldType, IDataObject } from 'n8n-workflow';

export interface RecordFieldDefinition {
	/** Fluent's name of the field; the editor shows it as is, and Map Automatically looks for it. */
	id: string;
	type: FieldType;
	required: boolean;
	kind: 'text' | 'quantity' | 'attributes';
}

/** The inventory record fields Fluent accepts in an INVENTORY batch. */
export const RECORD_FIELDS: RecordFieldDefinition[] = [
	{ id: 'skuRef', type: 'string', required: true, kind: 'text' },
	{ id: 'locationRef', type: 'string', required: true, kind: 'text' },
	{ id: 'qty', type: 'number', required: true, kind: 'quantity' },
	{ id: 'retailerId', type: 'string', required: false, kind: 'text' },
	{ id: 'correctedQty', type: 'number', required: false, kind: 'quantity' },
	{ id: 'reservedQty', type: 'number', required: false, kind: 'quantity' },
	{ id: 'inventoryId', type: 'string', required: false, kind: 'text' },
	{ id: 'ref', type: 'string', required: false, kind: 'text' },
	{ id: 'type', type: 'string', required: false, kind: 'text' },
	{ id: 'status', type: 'string', required: false, kind: 'text' },
	{ id: 'attributes', type: 'object', required: false, kind: 'attributes' },
];

/**
 * A file row's record fields, `valueOf(k)` being the value of RECORD_FIELDS[k]. Written as one
 * literal in RECORD_FIELDS' order, so that a million rows share one hidden class: an object
 * filled field by field from {} is a slow dictionary in n8n's large process (recordShape.ts).
 */
export function recordFieldsOf(valueOf: (fieldIndex: number) => IDataObject[string]): IDataObject {
	return {
		skuRef: valueOf(0),
		locationRef: valueOf(1),
		qty: valueOf(2),
		retailerId: valueOf(3),
		correctedQty: valueOf(4),
		reservedQty: valueOf(5),
		inventoryId: valueOf(6),
		ref: valueOf(7),
		type: valueOf(8),
		status: valueOf(9),
		attributes: valueOf(10),
	};
}
