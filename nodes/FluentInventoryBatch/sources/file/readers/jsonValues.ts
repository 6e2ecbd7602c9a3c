// Small helpers of the JSON reader: parsing an element, turning it into a row, scanning text.
import type { IDataObject } from 'n8n-workflow';

import { valueKind } from '../../../records/valueWords';
import { rowProblem, type FileRow } from './fileRows';

export const EXAMPLE = '{"skuRef": "SKU-1", "locationRef": "LOC-1", "qty": 5}';

// The character codes the JSON scanners look for.
export const COMMA = 44;
export const MINUS = 45;
export const COLON = 58;
export const OPEN_BRACKET = 91;
export const CLOSE_BRACKET = 93;
export const OPEN_BRACE = 123;
export const CLOSE_BRACE = 125;

/**
 * One JSON object of the file: an element of the top-level array, or one line. An object's row
 * keeps its text, so that its numbers can be read as written (jsonNumbers.ts).
 */
export type JsonRow = FileRow<IDataObject> & { text?: string };

/** A parsed element or line as a row: an object is the row's fields, anything else its problem. */
export function objectRow(value: unknown, line: number, what: string, text: string): JsonRow {
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
		return { line, fields: value as IDataObject, problem: undefined, text };
	}
	return jsonRowProblem(
		line,
		`${what} is ${valueKind(value)}, not an object with record fields`,
		`Give every record as an object such as ${EXAMPLE}`,
	);
}

export function jsonRowProblem(line: number, problem: string, fix: string): JsonRow {
	return rowProblem<IDataObject>(line, problem, fix);
}

export function parseJson(text: string): { value: unknown } | { error: string } {
	try {
		return { value: JSON.parse(text) as unknown };
	} catch (error) {
		return { error: (error as Error).message };
	}
}

export function isSpace(c: number): boolean {
	return c === 32 || c === 9 || c === 10 || c === 13;
}

export function countLineFeeds(text: string): number {
	let count = 0;
	for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
	return count;
}

/** How many backslashes come right before `end`, counting back no further than `from`. */
export function backslashesBefore(text: string, from: number, end: number): number {
	let index = end;
	while (index > from && text.charCodeAt(index - 1) === 92) index--;
	return end - index;
}
