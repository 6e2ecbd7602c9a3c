// Tells a fixed value and a plain {{ $json.field }} from other expressions, and reads such a field.
import type { IDataObject } from 'n8n-workflow';

/**
 * How one record field is filled under "Map Each Column Manually": a fixed value, a plain input field
 * (`{{ $json.article }}`, what the editor writes when a field is dragged in), or any other
 * expression. The first two need no expression engine, which in n8n 2.x runs each expression in
 * a sandbox at a cost that adds up over a million records.
 */
export type FieldSource =
	| { kind: 'fixed'; value: unknown }
	| { kind: 'inputField'; path: string[] }
	| { kind: 'expression' };

const IDENTIFIER = /^\.([A-Za-z_$][\w$]*)/;
const QUOTED = /^\[\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\]/;

function inputFieldPath(expression: string): string[] | undefined {
	const match = /^=\{\{\s*\$json(.*?)\s*\}\}$/s.exec(expression);
	if (!match || match[1] === '') return undefined;
	const path: string[] = [];
	let rest = match[1];
	while (rest !== '') {
		const step = IDENTIFIER.exec(rest) ?? QUOTED.exec(rest);
		if (!step) return undefined;
		path.push(step[1] ?? step[2]);
		rest = rest.slice(step[0].length);
	}
	return path;
}

export function fieldSource(rawValue: unknown): FieldSource {
	if (typeof rawValue !== 'string' || !rawValue.startsWith('='))
		return { kind: 'fixed', value: rawValue };
	const path = inputFieldPath(rawValue);
	return path ? { kind: 'inputField', path } : { kind: 'expression' };
}

export function readInputField(json: IDataObject, path: string[]): unknown {
	let value: unknown = json;
	for (const key of path) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}
