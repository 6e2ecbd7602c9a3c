import type { IDataObject } from 'n8n-workflow';

import {
	FileFormatError,
	MAX_VALUE_CHARACTERS,
	rowProblem,
	valueTooLong,
	type FileRow,
} from './fileRows';

/** One JSON object of the file: an element of the top-level array, or one line. */
export type JsonRow = FileRow<IDataObject>;

export type JsonLayout = 'array' | 'lines';

const LF = 10;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

// Where the array scanner stands; it can stop at any character and go on with the next chunk.
const BEFORE_ELEMENT = 0;
const IN_ELEMENT = 1;
const AFTER_ELEMENT = 2; // an element ended with whitespace; a comma or ] comes next
const AFTER_ARRAY = 3;

const EXAMPLE = '{"skuRef": "SKU-1", "locationRef": "LOC-1", "qty": 5}';

/**
 * JSON as one array of objects, or one object per line (JSON Lines), pushed as text in pieces
 * of any size; the first character that is not a space tells which. The scanner only finds
 * where each array element or line ends (tracking strings and nesting), and JSON.parse reads
 * it, so no more than one element is ever held as text.
 */
export class JsonParser {
	layout: JsonLayout | undefined;
	/** The line of the next character. */
	line = 1;
	private rows: JsonRow[] = [];
	private state = BEFORE_ELEMENT;
	private depth = 0;
	private inString = false;
	private escaped = false;
	private elementLine = 1;
	private elementCount = 0;
	private arrayLine = 1;
	/** The current element's (or line's) text from earlier pieces. */
	private partial = '';

	takeRows(): JsonRow[] {
		const rows = this.rows;
		this.rows = [];
		return rows;
	}

	push(text: string): void {
		let i = 0;
		if (this.layout === undefined) {
			i = this.detectLayout(text);
			if (this.layout === undefined) return;
		}
		if (this.layout === 'lines') this.pushLines(text, i);
		else this.pushArray(text, i);
	}

	finish(): void {
		if (this.layout === undefined) {
			throw new FileFormatError(
				this.line,
				'the file is empty',
				`Give the file a JSON array of objects such as [${EXAMPLE}], or one such object per line`,
			);
		}
		if (this.layout === 'lines') {
			this.endLine(this.partial);
			this.partial = '';
			return;
		}
		if (this.state !== AFTER_ARRAY) {
			const inElement = this.state === IN_ELEMENT;
			throw new FileFormatError(
				inElement ? this.elementLine : this.arrayLine,
				inElement
					? 'the file ends inside the array element that starts here'
					: 'the file ends before the array that opens here is closed with ]',
				'The file may be cut off: check that it was written completely, and that it is valid JSON',
			);
		}
	}

	private detectLayout(text: string): number {
		for (let i = 0; i < text.length; i++) {
			const c = text.charCodeAt(i);
			if (c === LF) this.line++;
			else if (c === OPEN_BRACKET) {
				this.layout = 'array';
				this.arrayLine = this.line;
				return i + 1;
			} else if (c === OPEN_BRACE) {
				this.layout = 'lines';
				return i;
			} else if (!isSpace(c) && c !== 0xfeff) {
				throw new FileFormatError(
					this.line,
					`the file starts with ${JSON.stringify(text[i])}, but a JSON file here starts with [ (an array of objects) or { (one object per line)`,
					`Give the file a JSON array of objects such as [${EXAMPLE}], or one such object per line`,
				);
			}
		}
		return text.length;
	}

	private pushLines(text: string, from: number): void {
		let start = from;
		for (;;) {
			const end = text.indexOf('\n', start);
			if (end === -1) {
				this.partial += text.slice(start);
				if (this.partial.length > MAX_VALUE_CHARACTERS) throw valueTooLong(this.line, 'the line');
				return;
			}
			const lineText =
				this.partial.length === 0 ? text.slice(start, end) : this.partial + text.slice(start, end);
			this.partial = '';
			this.endLine(lineText);
			this.line++;
			start = end + 1;
		}
	}

	private endLine(lineText: string): void {
		if (lineText.trim().length === 0) return;
		const parsed = parseJson(lineText);
		if ('error' in parsed) {
			this.rows.push(
				rowProblem(
					this.line,
					`is not one complete JSON object (${parsed.error})`,
					`In a file of one object per line, write each object whole on its own line, such as ${EXAMPLE}`,
				),
			);
			return;
		}
		this.pushElement(parsed.value, this.line, 'the line');
	}

	private pushElement(value: unknown, line: number, what: string): void {
		if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
			this.rows.push({ line, fields: value as IDataObject, problem: undefined });
			return;
		}
		this.rows.push(
			rowProblem(
				line,
				`${what} is ${describeJsonType(value)}, not an object with record fields`,
				`Give every record as an object such as ${EXAMPLE}`,
			),
		);
	}

	private pushArray(text: string, from: number): void {
		const n = text.length;
		let i = from;
		let start = from;
		while (i < n) {
			const c = text.charCodeAt(i);
			if (this.state === IN_ELEMENT) {
				if (this.inString) {
					if (this.escaped) this.escaped = false;
					else if (c === BACKSLASH) this.escaped = true;
					else if (c === QUOTE) this.inString = false;
					else if (c === LF) this.line++;
					i++;
					continue;
				}
				if (c === QUOTE) this.inString = true;
				else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
				else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && this.depth > 0) this.depth--;
				else if (this.depth === 0 && (c === COMMA || c === CLOSE_BRACKET || isSpace(c))) {
					this.endElement(this.partial + text.slice(start, i));
					this.partial = '';
					this.state = AFTER_ELEMENT;
					continue; // the same character ends the element and is read after it
				} else if (c === LF) this.line++;
				i++;
				continue;
			}
			i++;
			if (c === LF) this.line++;
			else if (isSpace(c)) continue;
			else if (this.state === AFTER_ARRAY)
				this.fail('there is more text after the closing ] of the array');
			else if (this.state === AFTER_ELEMENT && c === COMMA) this.state = BEFORE_ELEMENT;
			else if (c === CLOSE_BRACKET && (this.state === AFTER_ELEMENT || this.elementCount === 0)) {
				this.state = AFTER_ARRAY;
			} else if (this.state === BEFORE_ELEMENT && c !== COMMA && c !== CLOSE_BRACKET) {
				this.state = IN_ELEMENT;
				this.elementLine = this.line;
				this.depth = 0;
				start = i - 1;
				i--; // the element's first character is scanned as part of it
			} else if (this.state === AFTER_ELEMENT) {
				this.fail(`a comma or the closing ] is missing after element ${this.elementCount}`);
			} else {
				this.fail(`${JSON.stringify(text[i - 1])} is not expected here`);
			}
		}
		if (this.state === IN_ELEMENT) {
			this.partial += text.slice(start, n);
			if (this.partial.length > MAX_VALUE_CHARACTERS)
				throw valueTooLong(this.elementLine, 'the array element');
		}
	}

	private endElement(elementText: string): void {
		this.elementCount++;
		const parsed = parseJson(elementText);
		if ('error' in parsed) {
			const position = /at position (\d+)/.exec(parsed.error);
			const before = position ? elementText.slice(0, Number(position[1])) : '';
			throw new FileFormatError(
				this.elementLine + countLineFeeds(before),
				`element ${this.elementCount} of the array is not valid JSON (${parsed.error})`,
				'Check the file near this line: it must be one JSON array of objects, [ {...}, {...} ]',
			);
		}
		this.pushElement(parsed.value, this.elementLine, `element ${this.elementCount} of the array`);
	}

	private fail(problem: string): never {
		throw new FileFormatError(
			this.line,
			problem,
			'Check the file near this line: it must be one JSON array of objects, [ {...}, {...} ]',
		);
	}
}

function parseJson(text: string): { value: unknown } | { error: string } {
	try {
		return { value: JSON.parse(text) as unknown };
	} catch (error) {
		return { error: (error as Error).message };
	}
}

function isSpace(c: number): boolean {
	return c === 32 || c === 9 || c === 10 || c === 13;
}

function countLineFeeds(text: string): number {
	let count = 0;
	for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
	return count;
}

function describeJsonType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'string') return 'a string';
	return `the ${typeof value} ${String(value)}`;
}
