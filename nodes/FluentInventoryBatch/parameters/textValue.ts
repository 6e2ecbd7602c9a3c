// Shows and describes parameter values in messages, and reads a parameter that must be text.
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

const SHOWN_CHARACTERS = 40;

/** A value for a message: quoted, control characters escaped, and cut short when long. */
export function shownValue(value: unknown): string {
	const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
	if (text.length <= SHOWN_CHARACTERS * 1.5) {
		return typeof value === 'string' ? JSON.stringify(value) : text;
	}
	const start = text.slice(0, SHOWN_CHARACTERS);
	const quoted = typeof value === 'string' ? JSON.stringify(start).slice(0, -1) : start;
	return `${quoted}…${typeof value === 'string' ? '"' : ''} (${text.length} characters)`;
}

/** "an object {"id":8}", "a list [1]", "the boolean true": what a value is, for a message. */
export function describeParameterValue(value: unknown): string {
	if (Array.isArray(value)) return `a list ${shownValue(value)}`;
	if (value !== null && typeof value === 'object') return `an object ${shownValue(value)}`;
	if (typeof value === 'boolean') return `the boolean ${value}`;
	return shownValue(value);
}

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
		`${label} must be text or a number, not ${describeParameterValue(value)}`,
		{
			itemIndex,
			description: `Point the ${label} expression at a single value, such as a field of the item ({{ $json.field }}), not at an object, a list or a true/false value.`,
		},
	);
}
