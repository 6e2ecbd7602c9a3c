// What the CSV and JSON readers share: rows, their problems, format errors, the row collector.
import type { ProblemCode } from '../../../records/problemCodes';

/** What the file readers consume: the chunks of `this.helpers.getBinaryStream(...)`, or text. */
export type FileChunks = AsyncIterable<Uint8Array | string>;

/** One thing wrong at one line of a file, worded so the user can fix it. */
export interface FileProblem {
	/** The physical line where the row (or element) starts; the first line is 1. */
	line: number;
	problem: string;
	fix: string;
}

/**
 * One row of a file (CSV) or one element (JSON): its fields, or what is wrong with it. Every
 * row is created with all three properties so that rows keep one shape.
 */
export type FileRow<Fields> =
	| { line: number; fields: Fields; problem: undefined }
	| { line: number; fields: undefined; problem: FileProblem };

/**
 * A file that cannot be read any further (it is not CSV/JSON, is cut off, has an unusable
 * header); unlike a row's problem, no later row can be trusted after it.
 */
export class FileFormatError extends Error {
	readonly line: number;
	readonly problem: string;
	readonly fix: string;
	/** FILE_UNREADABLE, or MISSING_COLUMN for a column (key) a record field needs. */
	readonly code: ProblemCode;

	constructor(line: number, problem: string, fix: string, code: ProblemCode = 'FILE_UNREADABLE') {
		super(describeFileProblem({ line, problem, fix }));
		this.name = 'FileFormatError';
		this.line = line;
		this.problem = problem;
		this.fix = fix;
		this.code = code;
	}
}

/** line 7: has 4 values but the header (line 1) has 3 columns. Put values that ... */
export function describeFileProblem(problem: FileProblem): string {
	return `line ${problem.line}: ${problem.problem}. ${problem.fix}`;
}

export function rowProblem<Fields>(line: number, problem: string, fix: string): FileRow<Fields> {
	return { line, fields: undefined, problem: { line, problem, fix } };
}

/**
 * The longest single value (CSV) or element (JSON) a reader holds while it waits for its end.
 * Stock data never comes near it; a file that does has lost a closing quote or bracket, and
 * stopping there keeps memory bounded instead of reading the rest of the file into one value.
 */
export const MAX_VALUE_CHARACTERS = 1_000_000;

export function valueTooLong(line: number, what: string): FileFormatError {
	return new FileFormatError(
		line,
		`${what} that starts here is longer than ${MAX_VALUE_CHARACTERS.toLocaleString('en-US')} characters`,
		'A closing quote or bracket is probably missing; check this line in the file',
	);
}

/** Character codes both parsers look for. */
export const LF = 10;
export const CR = 13;
export const QUOTE = 34;

/** What the CSV and JSON parsers share: the line they stand at, and the rows they finished. */
export abstract class RowCollector<Row> {
	/** The line of the next character. */
	line = 1;
	/** Rows finished since the last takeRows(). */
	protected rows: Row[] = [];

	takeRows(): Row[] {
		const rows = this.rows;
		this.rows = [];
		return rows;
	}
}
