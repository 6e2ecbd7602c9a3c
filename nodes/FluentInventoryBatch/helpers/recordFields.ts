import type { FieldType } from 'n8n-workflow';

export interface RecordFieldDefinition {
	id: string;
	displayName: string;
	type: FieldType;
	required: boolean;
	kind: 'text' | 'quantity' | 'attributes';
}

/** The inventory record fields Fluent accepts in an INVENTORY batch, in the contract's names. */
export const RECORD_FIELDS: RecordFieldDefinition[] = [
	{ id: 'skuRef', displayName: 'SKU Ref', type: 'string', required: true, kind: 'text' },
	{ id: 'locationRef', displayName: 'Location Ref', type: 'string', required: true, kind: 'text' },
	{ id: 'qty', displayName: 'Quantity (qty)', type: 'number', required: true, kind: 'quantity' },
	{ id: 'retailerId', displayName: 'Retailer ID', type: 'string', required: false, kind: 'text' },
	{
		id: 'correctedQty',
		displayName: 'Corrected Quantity',
		type: 'number',
		required: false,
		kind: 'quantity',
	},
	{
		id: 'reservedQty',
		displayName: 'Reserved Quantity',
		type: 'number',
		required: false,
		kind: 'quantity',
	},
	{ id: 'inventoryId', displayName: 'Inventory ID', type: 'string', required: false, kind: 'text' },
	{ id: 'ref', displayName: 'Ref', type: 'string', required: false, kind: 'text' },
	{ id: 'type', displayName: 'Type', type: 'string', required: false, kind: 'text' },
	{ id: 'status', displayName: 'Status', type: 'string', required: false, kind: 'text' },
	{
		id: 'attributes',
		displayName: 'Attributes',
		type: 'object',
		required: false,
		kind: 'attributes',
	},
];
