// Where each item's raw record fields come from: the item, or Map Each Column Manually's values.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { fieldSource, readInputField } from '../parameters/definedFieldSource';

/** Where an item's raw record fields come from: the item itself, or the node's field mapping. */
export interface RecordSource {
	itemCount: number;
	/**
	 * The item's record fields, read from the item once (plan.ts keeps what it needs of them).
	 * May throw, e.g. when a mapping expression fails for that item.
	 */
	read(itemIndex: number): unknown;
	/** After `read` threw: which field's expression fails, when that can be told. */
	failedField?(itemIndex: number): string | undefined;
}

const isEmpty = (value: unknown) => value === undefined || value === null;

/** An empty field's value under the name a CSV file's byte-order mark gives its first column. */
const orMarked = (value: unknown, marked: unknown) =>
	value === undefined || !isEmpty(marked) ? marked : value;

/**
 * An item's record fields in one pass over its json, each field read once (an empty one also
 * under its byte-order-mark name), into one literal in RECORD_FIELDS' order (one hidden class,
 * see recordShape.ts); anything but an object as it is. On n8n 1.x without task runners a Code
 * node's items are vm2 proxies, each read a trap costing microseconds: the node reads the item
 * once here and uses its own plain objects from then on.
 */
export function itemRecordFields(json: unknown): unknown {
	if (!json || typeof json !== 'object' || Array.isArray(json)) return json;
	const item = json as IDataObject;
	const skuRef = item.skuRef;
	const locationRef = item.locationRef;
	const qty = item.qty;
	const retailerId = item.retailerId;
	const correctedQty = item.correctedQty;
	const reservedQty = item.reservedQty;
	const inventoryId = item.inventoryId;
	const ref = item.ref;
	const type = item.type;
	const status = item.status;
	const attributes = item.attributes;
	return {
		skuRef: isEmpty(skuRef) ? orMarked(skuRef, item['\ufeffskuRef']) : skuRef,
		locationRef: isEmpty(locationRef)
			? orMarked(locationRef, item['\ufefflocationRef'])
			: locationRef,
		qty: isEmpty(qty) ? orMarked(qty, item['\ufeffqty']) : qty,
		retailerId: isEmpty(retailerId) ? orMarked(retailerId, item['\ufeffretailerId']) : retailerId,
		correctedQty: isEmpty(correctedQty)
			? orMarked(correctedQty, item['\ufeffcorrectedQty'])
			: correctedQty,
		reservedQty: isEmpty(reservedQty)
			? orMarked(reservedQty, item['\ufeffreservedQty'])
			: reservedQty,
		inventoryId: isEmpty(inventoryId)
			? orMarked(inventoryId, item['\ufeffinventoryId'])
			: inventoryId,
		ref: isEmpty(ref) ? orMarked(ref, item['\ufeffref']) : ref,
		type: isEmpty(type) ? orMarked(type, item['\ufefftype']) : type,
		status: isEmpty(status) ? orMarked(status, item['\ufeffstatus']) : status,
		attributes: isEmpty(attributes) ? orMarked(attributes, item['\ufeffattributes']) : attributes,
	};
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
			read: (itemIndex) => itemRecordFields(items[itemIndex].json),
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
	type FieldReader = (json: IDataObject, itemIndex: number) => unknown;
	const reader = (field: string): FieldReader => {
		const source = fields.find(([name]) => name === field)?.[1];
		if (source === undefined) return () => undefined;
		if (source.kind === 'fixed') return () => source.value;
		if (source.kind === 'inputField') return (json) => readInputField(json, source.path);
		return (_json, itemIndex) => evaluate(itemIndex, field);
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
		// Every record field in one literal, in one order (see recordShape.ts); the item's json is
		// fetched once for all its plain field mappings.
		read: (itemIndex) => {
			const json = items[itemIndex].json;
			return {
				skuRef: skuRef(json, itemIndex),
				locationRef: locationRef(json, itemIndex),
				qty: qty(json, itemIndex),
				retailerId: retailerId(json, itemIndex),
				correctedQty: correctedQty(json, itemIndex),
				reservedQty: reservedQty(json, itemIndex),
				inventoryId: inventoryId(json, itemIndex),
				ref: ref(json, itemIndex),
				type: type(json, itemIndex),
				status: status(json, itemIndex),
				attributes: attributes(json, itemIndex),
			};
		},
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
