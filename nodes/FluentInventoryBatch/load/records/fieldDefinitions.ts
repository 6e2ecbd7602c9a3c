import type { FieldType } from 'n8n-workflow';

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
