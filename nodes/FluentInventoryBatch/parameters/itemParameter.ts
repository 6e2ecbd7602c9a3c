// Reads a node parameter for every item by its cheapest route; refuses values that must agree.
import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fieldSource, readInputField } from './definedFieldSource';
import { shownValue } from '../records/valueWords';

/**
 * One node parameter's value for each input item, by its cheapest route: a value without an
 * expression, or `{{ $('Node').first().json.field }}`, is read once; a plain
 * `{{ $json.field }}` straight from each item; only any other expression is evaluated per item,
 * each item once (n8n runs each expression in a sandbox, a cost that adds up over a million items).
 */
export interface ItemParameter {
	/** True when every item has the same value, known without reading each item. */
	sameForAll: boolean;
	/** May throw when the expression fails for that item. */
	valueAt(itemIndex: number): unknown;
}

// $('Create Job').first().json.jobId: the same for every item, by what first() and last() are.
const NODE_OUTPUT_FIELD =
	/^=\{\{\s*\$\(\s*(?:'[^'\\]*'|"[^"\\]*")\s*\)\.(?:first|last)\(\)\.json(?:\.[A-Za-z_$][\w$]*|\[\s*(?:'[^'\\]*'|"[^"\\]*")\s*\])*\s*\}\}$/s;

function containsExpression(raw: unknown): boolean {
	// "=17" is an expression without {{ }}: the same text for every item.
	if (typeof raw === 'string') return raw.startsWith('=') && raw.includes('{{');
	if (Array.isArray(raw)) return raw.some(containsExpression);
	if (raw !== null && typeof raw === 'object') return Object.values(raw).some(containsExpression);
	return false;
}

export function itemParameter(
	this: IExecuteFunctions,
	name: string,
	fallback: unknown,
): ItemParameter {
	const raw = this.getNodeParameter(name, 0, fallback as never, { rawExpressions: true });
	if (!containsExpression(raw) || (typeof raw === 'string' && NODE_OUTPUT_FIELD.test(raw))) {
		let value: unknown;
		let read = false;
		return {
			sameForAll: true,
			valueAt: () => {
				if (!read) value = this.getNodeParameter(name, 0, fallback as never);
				read = true;
				return value;
			},
		};
	}
	const items = this.getInputData();
	const source = fieldSource(raw);
	if (source.kind === 'inputField') {
		return {
			sameForAll: false,
			valueAt: (itemIndex) => readInputField(items[itemIndex].json, source.path),
		};
	}
	const evaluated: unknown[] = new Array(items.length);
	return {
		sameForAll: false,
		valueAt: (itemIndex) => {
			if (!(itemIndex in evaluated)) {
				evaluated[itemIndex] = this.getNodeParameter(name, itemIndex, fallback as never);
			}
			return evaluated[itemIndex];
		},
	};
}

/**
 * The one value a parameter has for all items. `check` turns each item's value into what is
 * compared (and may refuse it, naming the item); the first item whose value differs from item
 * 0's is refused with `fix`, so that no item's value is applied to another item in silence.
 */
export function valueForAllItems<T>(
	node: INode,
	input: {
		parameter: ItemParameter;
		label: string;
		itemCount: number;
		check: (value: unknown, itemIndex: number) => T;
		fix: string;
	},
): T {
	const { parameter, label, itemCount, check, fix } = input;
	const first = check(parameter.valueAt(0), 0);
	if (parameter.sameForAll) return first;
	const key = comparable(first);
	for (let itemIndex = 1; itemIndex < itemCount; itemIndex++) {
		const value = check(parameter.valueAt(itemIndex), itemIndex);
		if (comparable(value) === key) continue;
		throw new NodeOperationError(
			node,
			`${label} is ${shownValue(first)} for item 0 but ${shownValue(value)} for item ${itemIndex}`,
			{ itemIndex, description: fix },
		);
	}
	return first;
}

function comparable(value: unknown): string {
	return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}
