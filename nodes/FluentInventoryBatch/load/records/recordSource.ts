import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { fieldSource, readInputField } from './definedFieldSource';

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
	const hasExpressions = fields.some(([, source]) => source.kind === 'expression');
	return {
		itemCount: items.length,
		// Expressions are costly, so their results are kept rather than evaluated again to send.
		keepRecords: hasExpressions,
		read: (itemIndex) => {
			const record: Record<string, unknown> = {};
			for (const [field, source] of fields) {
				record[field] =
					source.kind === 'fixed'
						? source.value
						: source.kind === 'inputField'
							? readInputField(items[itemIndex].json, source.path)
							: evaluate(itemIndex, field);
			}
			return record;
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
