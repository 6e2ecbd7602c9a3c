// An RFC 4180 CSV parser fed text in pieces of any size, giving each row with its line.
import {
	checkDelimiter,
	checkHeader,
	emptyFile,
	quoteNeverClosed,
	raggedRow,
	textAfterClosingQuote,
} from './csvChecks';
import {
	CR,
	FileFormatError,
	LF,
	MAX_VALUE_CHARACTERS,
	QUOTE,
	RowCollector,
	valueTooLong,
	type FileProblem,
	type FileRow,
} from './fileRows';

/** One CSV row: its values in the order of the header's columns. */
export type CsvRow = FileRow<string[]>;

const BOM = 0xfeff;

// Where the parser stands; it can stop at any character and go on with the next chunk.
const ROW_START = 0;
const FIELD_START = 1;
const UNQUOTED = 2;
const QUOTED = 3;
const QUOTE_IN_QUOTED = 4; // a quote inside a quoted value: an escaped quote or the closing one
const AFTER_CR = 5; // a CR ended the row; an LF right after it belongs to the same line break

/**
 * RFC 4180 CSV, pushed as text in pieces of any size. The first row that is not blank is the
 * header; every later row comes out in `rows` with the line it starts on. Line breaks are LF,
 * CRLF or CR, inside quoted values as well. A quote inside an unquoted value is an ordinary
 * character (as in 37°36'37.8"N); characters after a closing quote make that row a problem.
 * Rows whose values are all blank are skipped like blank lines.
 */
export class CsvParser extends RowCollector<CsvRow> {
	header: string[] | undefined;
	headerLine = 1;
	private readonly delimiterText: string;
	private readonly delimiter: number;
	private state = ROW_START;
	private rowLine = 1;
	private quoteLine = 1;
	private values: string[] = [];
	/** The current value's text from earlier pieces (and, in a quoted value, earlier segments). */
	private partial = '';
	private crInQuotes = false;
	private problem: FileProblem | undefined;
	private atFileStart = true;

	constructor(delimiter = ',') {
		super();
		this.delimiterText = checkDelimiter(delimiter);
		this.delimiter = this.delimiterText.charCodeAt(0);
	}

	push(text: string): void {
		const n = text.length;
		const delimiter = this.delimiter;
		let i = 0;
		if (this.atFileStart && n > 0) {
			this.atFileStart = false;
			if (text.charCodeAt(0) === BOM) i = 1;
		}
		let state = this.state;
		let start = 0;
		while (i < n) {
			switch (state) {
				case AFTER_CR:
					if (text.charCodeAt(i) === LF) i++;
					state = ROW_START;
					break;
				case ROW_START: {
					const c = text.charCodeAt(i);
					if (c === LF || c === CR) {
						this.line++;
						i++;
						state = c === CR ? AFTER_CR : ROW_START;
						break;
					}
					this.rowLine = this.line;
					state = FIELD_START;
					break;
				}
				case FIELD_START:
					if (text.charCodeAt(i) === QUOTE) {
						state = QUOTED;
						this.quoteLine = this.line;
						this.crInQuotes = false;
						i++;
					} else {
						state = UNQUOTED;
					}
					start = i;
					break;
				case UNQUOTED: {
					let j = i;
					let c = 0;
					while (j < n) {
						c = text.charCodeAt(j);
						if (c === delimiter || c === LF || c === CR) break;
						j++;
					}
					if (j === n) {
						this.keepPartial(text, start, n, this.rowLine);
						i = n;
						break;
					}
					if (this.partial.length === 0) {
						this.values.push(text.slice(start, j));
					} else {
						this.values.push(this.partial + text.slice(start, j));
						this.partial = '';
					}
					i = j + 1;
					state = this.stateAfterValue(c);
					break;
				}
				case QUOTED: {
					const quote = text.indexOf('"', i);
					const end = quote === -1 ? n : quote;
					this.countLineBreaks(text, i, end);
					this.keepPartial(text, start, end, this.quoteLine);
					if (quote === -1) {
						i = n;
					} else {
						i = quote + 1;
						state = QUOTE_IN_QUOTED;
					}
					break;
				}
				case QUOTE_IN_QUOTED: {
					const c = text.charCodeAt(i);
					if (c === QUOTE) {
						this.partial += '"';
						this.crInQuotes = false;
						i++;
						start = i;
						state = QUOTED;
						break;
					}
					if (c !== delimiter && c !== LF && c !== CR) {
						this.problem ??= textAfterClosingQuote(this.rowLine, this.header, this.values.length);
						// The rest of the value is read as unquoted text only to find the row's end.
						state = UNQUOTED;
						start = i;
						break;
					}
					this.values.push(this.partial);
					this.partial = '';
					i++;
					state = this.stateAfterValue(c);
					break;
				}
			}
		}
		this.state = state;
	}

	/** The end of the file: finishes the last row, which may lack its line break. */
	finish(): void {
		switch (this.state) {
			case QUOTED:
				throw quoteNeverClosed(this.quoteLine, this.header, this.values.length);
			case FIELD_START:
			case UNQUOTED:
			case QUOTE_IN_QUOTED:
				this.values.push(this.partial);
				this.partial = '';
				this.endRow();
				break;
		}
		this.state = ROW_START;
		if (this.header === undefined) {
			throw emptyFile();
		}
	}

	/** After a value that ends at `c`, a delimiter or a line break. */
	private stateAfterValue(c: number): number {
		if (c === this.delimiter) return FIELD_START;
		this.line++;
		this.endRow();
		return c === CR ? AFTER_CR : ROW_START;
	}

	private endRow(): void {
		const values = this.values;
		const problem = this.problem;
		this.values = [];
		this.problem = undefined;
		if (problem === undefined && isBlankRow(values)) return;
		const header = this.header;
		if (header === undefined) {
			if (problem !== undefined)
				throw new FileFormatError(problem.line, problem.problem, problem.fix);
			this.header = checkHeader(values, this.rowLine, this.delimiterText);
			this.headerLine = this.rowLine;
		} else if (problem !== undefined) {
			this.rows.push({ line: this.rowLine, fields: undefined, problem });
		} else if (values.length !== header.length) {
			this.rows.push(
				raggedRow(this.rowLine, values.length, this.headerLine, header, this.delimiterText),
			);
		} else {
			this.rows.push({ line: this.rowLine, fields: values, problem: undefined });
		}
	}

	private keepPartial(text: string, start: number, end: number, line: number): void {
		if (end > start) this.partial += text.slice(start, end);
		if (this.partial.length > MAX_VALUE_CHARACTERS) throw valueTooLong(line, 'the value');
	}

	private countLineBreaks(text: string, from: number, to: number): void {
		let cr = this.crInQuotes;
		for (let k = from; k < to; k++) {
			const c = text.charCodeAt(k);
			if (c === LF) {
				if (!cr) this.line++;
				cr = false;
			} else if (c === CR) {
				this.line++;
				cr = true;
			} else {
				cr = false;
			}
		}
		if (to > from) this.crInQuotes = cr;
	}
}

function isBlankRow(values: string[]): boolean {
	for (const value of values) {
		if (value.length > 0 && value.trim().length > 0) return false;
	}
	return true;
}
