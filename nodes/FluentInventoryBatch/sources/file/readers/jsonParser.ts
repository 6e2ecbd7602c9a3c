// A JSON array or JSON Lines parser fed text in pieces, finding each object's end for JSON.parse.
import {
	FileFormatError,
	LF,
	MAX_VALUE_CHARACTERS,
	QUOTE,
	RowCollector,
	valueTooLong,
} from './fileRows';
import {
	CLOSE_BRACE,
	CLOSE_BRACKET,
	COMMA,
	EXAMPLE,
	OPEN_BRACE,
	OPEN_BRACKET,
	backslashesBefore,
	countLineFeeds,
	isSpace,
	jsonRowProblem,
	objectRow,
	parseJson,
	type JsonRow,
} from './jsonValues';

export type { JsonRow } from './jsonValues';

export type JsonLayout = 'array' | 'lines';

// Where the array scanner stands; it can stop at any character and go on with the next chunk.
const BEFORE_ELEMENT = 0;
const IN_ELEMENT = 1;
const AFTER_ELEMENT = 2; // an element ended with whitespace; a comma or ] comes next
const AFTER_ARRAY = 3;

const LAYOUT_FIX = `Give the file a JSON array of objects such as [${EXAMPLE}], or one such object per line`;
const ARRAY_FIX =
	'Check the file near this line: it must be one JSON array of objects, [ {...}, {...} ]';

/**
 * JSON as one array of objects, or one object per line (JSON Lines), pushed as text in pieces
 * of any size; the first character that is not a space tells which. The scanner only finds
 * where each array element or line ends (tracking strings and nesting), and JSON.parse reads
 * it, so no more than one element is ever held as text.
 */
export class JsonParser extends RowCollector<JsonRow> {
	layout: JsonLayout | undefined;
	private state = BEFORE_ELEMENT;
	private depth = 0;
	private inString = false;
	private escaped = false;
	private elementLine = 1;
	private elementCount = 0;
	private arrayLine = 1;
	/** The current element's (or line's) text from earlier pieces. */
	private partial = '';

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
			throw new FileFormatError(this.line, 'the file is empty', LAYOUT_FIX);
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
					LAYOUT_FIX,
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
				jsonRowProblem(
					this.line,
					`is not one complete JSON object (${parsed.error})`,
					`In a file of one object per line, write each object whole on its own line, such as ${EXAMPLE}`,
				),
			);
			return;
		}
		this.rows.push(objectRow(parsed.value, this.line, 'the line', lineText));
	}

	private pushArray(text: string, from: number): void {
		const n = text.length;
		let i = from;
		while (i < n) {
			if (this.state === IN_ELEMENT) {
				i = this.scanElement(text, i, 0); // an element that began in an earlier piece
				continue;
			}
			const c = text.charCodeAt(i);
			if (c === LF) this.line++;
			else if (isSpace(c)) {
				// between elements
			} else if (this.state === AFTER_ARRAY) {
				this.fail('there is more text after the closing ] of the array');
			} else if (this.state === AFTER_ELEMENT && c === COMMA) {
				this.state = BEFORE_ELEMENT;
			} else if (c === CLOSE_BRACKET && (this.state === AFTER_ELEMENT || this.elementCount === 0)) {
				this.state = AFTER_ARRAY;
			} else if (this.state === BEFORE_ELEMENT && c !== COMMA && c !== CLOSE_BRACKET) {
				this.state = IN_ELEMENT;
				this.elementLine = this.line;
				this.depth = 0;
				i = this.scanElement(text, i, i);
				continue;
			} else if (this.state === AFTER_ELEMENT) {
				this.fail(`a comma or the closing ] is missing after element ${this.elementCount}`);
			} else {
				this.fail(`${JSON.stringify(text[i])} is not expected here`);
			}
			i++;
		}
	}

	/**
	 * Reads on in an element from `i` (its text in this piece starts at `start`) to its end: a
	 * comma, ] or space outside any string or nesting. Returns the index of that end, or the end
	 * of the piece, keeping the text so far.
	 */
	private scanElement(text: string, i: number, start: number): number {
		const n = text.length;
		let { depth, inString, escaped, line } = this;
		let j = i;
		for (; j < n; j++) {
			const c = text.charCodeAt(j);
			if (inString) {
				// Jumps to the string's closing quote: a quote after an odd run of backslashes is
				// escaped. (A line break inside a string is not JSON and fails in JSON.parse.)
				if (escaped) {
					escaped = false;
					continue;
				}
				const quote = text.indexOf('"', j);
				const end = quote === -1 ? n : quote + 1;
				const odd = backslashesBefore(text, j, quote === -1 ? n : quote) % 2 === 1;
				if (quote === -1) escaped = odd;
				else if (!odd) inString = false;
				j = end - 1; // the loop steps past the quote, or to the end of the piece
			} else if (c === QUOTE) inString = true;
			else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
			else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && depth > 0) depth--;
			else if (depth === 0 && (c === COMMA || c === CLOSE_BRACKET || isSpace(c))) break;
			else if (c === LF) line++;
		}
		this.depth = depth;
		this.inString = inString;
		this.escaped = escaped;
		this.line = line;
		if (j === n) {
			this.partial += text.slice(start, n);
			if (this.partial.length > MAX_VALUE_CHARACTERS)
				throw valueTooLong(this.elementLine, 'the array element');
			return n;
		}
		const elementText =
			this.partial.length === 0 ? text.slice(start, j) : this.partial + text.slice(start, j);
		this.partial = '';
		this.state = AFTER_ELEMENT;
		this.endElement(elementText);
		return j; // the character that ends the element is read after it
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
				ARRAY_FIX,
			);
		}
		const what = `element ${this.elementCount} of the array`;
		this.rows.push(objectRow(parsed.value, this.elementLine, what, elementText));
	}

	private fail(problem: string): never {
		throw new FileFormatError(this.line, problem, ARRAY_FIX);
	}
}
