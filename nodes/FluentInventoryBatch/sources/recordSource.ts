// Where each item's raw record fields come from: the item, or Map Each Column Manually's values.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { fieldSource, readInputField } from '../parameters/definedFieldSource';

/** Where an item's raw record fields come from: the item itself, or the node's field mapping. */
export interface RecordSource {
	itemCount: number;
	/** May throw, e.g. when a mapping expression fails for that item. */
	read(itemIndex: number): unknown;
	/** Keep mapped records from the check for sending, instead of mapping again (expressions). */
	keepRecords: boolean;
	/** After `read` threw: which field's expression fails, when that can be told. */
	failedField?(itemIndex: number): string | undefined;
}

/**
 * Under Map Automatically each item's own json; under Map Each Column Manually the fields set in
 * Values to Send, each read by its cheapest route (see definedFieldSource).
 */
export function recordSource(this: IExecuteFunctions, items: INodeExecutionData[]): RecordSource {
	const mode = this.getNodeParameter('columns.mappingMode', 0, 'autoMapInputData') as string;
	if (mode !== 'defineBelow') {
		return {
			itemCount: items.length,
			keepRecords: false,
			read: (itemIndex) => items[itemIndex].json,
		};
	}

	const mapped = this.getNodeParameter('columns.value', 0, {}, { rawExpressions: true });
	const fields = Object.entries((mapped ?? {}) as IDataObject).map(
		([field, rawValue]) => [field, fieldSource(rawValue)] as const,
	);
	const evaluate = (itemIndex: number, field: string) =>
		this.getNodeParameter(`columns.value.${field}`, itemIndex, undefined, {
			skipValidation: true,
		});
	const reader = (field: string): ((itemIndex: number) => unknown) => {
		const source = fields.find(([name]) => name === field)?.[1];
		if (source === undefined) return () => undefined;
		if (source.kind === 'fixed') return () => source.value;
		if (source.kind === 'inputField')
			return (itemIndex) => readInputField(items[itemIndex].json, source.path);
		return (itemIndex) => evaluate(itemIndex, field);
	};
	const skuRef = reader('skuRef');
	const locationRef = reader('locationRef');
	const qty = reader('qty');
	const retailerId = reader('retailerId');
	const correctedQty = reader('correctedQty');
	const reservedQty = reader('reservedQty');
	const inventoryId = reader('inventoryId');
	const ref = reader('ref');
	const type = reader('type');
	const status = reader('status');
	const attributes = reader('attributes');
	return {
		itemCount: items.length,
		// Expressions are costly, so their results are kept rather than evaluated again to send.
		keepRecords: fields.some(([, source]) => source.kind === 'expression'),
		// Every record field in one literal, in one order (see recordShape.ts).
		read: (itemIndex) => ({
			skuRef: skuRef(itemIndex),
			locationRef: locationRef(itemIndex),
			qty: qty(itemIndex),
			retailerId: retailerId(itemIndex),
			correctedQty: correctedQty(itemIndex),
			reservedQty: reservedQty(itemIndex),
			inventoryId: inventoryId(itemIndex),
			ref: ref(itemIndex),
			type: type(itemIndex),
			status: status(itemIndex),
			attributes: attributes(itemIndex),
		}),
		failedField: (itemIndex) =>
			fields.find(([field, source]) => {
				if (source.kind !== 'expression') return false;
				try {
					evaluate(itemIndex, field);
					return false;
				} catch {
					return true;
				}
			})?.[0],
	};
}
