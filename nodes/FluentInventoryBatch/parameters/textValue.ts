// Describes parameter values in messages, and reads a parameter that must be text.
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { describeValue, shownValue } from '../records/valueWords';

/**
 * A parameter that must be text (a number is taken as text): trimmed, '' when empty. Anything
 * else, such as an object from an expression, is refused instead of becoming "[object Object]".
 */
export function parameterText(
	node: INode,
	input: { value: unknown; label: string; itemIndex: number },
): string {
	const { value, label, itemIndex } = input;
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	throw new NodeOperationError(
		node,
		`${label} must be text or a number, not ${describeValue(value, shownValue)}`,
		{
			itemIndex,
			description: `Point the ${label} expression at a single value, such as a field of the item ({{ $json.field }}), not at an object, a list or a true/false value.`,
		},
	);
}
