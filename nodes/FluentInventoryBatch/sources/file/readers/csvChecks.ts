// The CSV reader's checks and wording: the delimiter, the header, ragged rows, unclosed quotes.
import { FileFormatError, rowProblem, type FileProblem, type FileRow } from './fileRows';

const OTHER_DELIMITERS = [';', '\t', ',', '|'];

export function describeDelimiter(delimiter: string): string {
	return delimiter === '\t' ? 'tab' : `"${delimiter}"`;
}

/** The delimiter option as one character, or an error that says what is allowed. */
export function checkDelimiter(delimiter: string): string {
	if (delimiter.length === 1 && delimiter !== '"' && delimiter !== '\n' && delimiter !== '\r')
		return delimiter;
	throw new FileFormatError(
		1,
		`the CSV delimiter ${JSON.stringify(delimiter)} is not one character other than a double quote or a line break`,
		'Set Options → CSV Delimiter to one character, such as "," or ";" (or a tab)',
	);
}

/**
 * The header row's column names, without surrounding spaces; every name must be there and be
 * unique, since each row's values are matched to the header by position.
 */
export function checkHeader(values: string[], line: number, delimiter: string): string[] {
	const names = values.map((value) => value.trim());
	if (names.length === 1) {
		const used = OTHER_DELIMITERS.find((other) => other !== delimiter && names[0].includes(other));
		if (used !== undefined) {
			throw new FileFormatError(
				line,
				`the header has one column, "${names[0]}", which looks like columns separated by ${describeDelimiter(used)}`,
				`Set Options → CSV Delimiter to ${used === '\t' ? 'a tab' : `"${used}"`}`,
			);
		}
	}
	const seen = new Map<string, number>();
	names.forEach((name, index) => {
		if (name === '') {
			throw new FileFormatError(
				line,
				`column ${index + 1} of the header has no name`,
				index === names.length - 1
					? 'Give every column a name in the header row, or remove the delimiter at the end of the lines'
					: 'Give every column a name in the header row',
			);
		}
		const earlier = seen.get(name);
		if (earlier !== undefined) {
			throw new FileFormatError(
				line,
				`the header names column "${name}" twice (columns ${earlier + 1} and ${index + 1})`,
				'Give each column of the header row a different name',
			);
		}
		seen.set(name, index);
	});
	return names;
}

export function describeColumn(header: string[] | undefined, index: number): string {
	const name = header?.[index];
	return name === undefined ? `column ${index + 1}` : `column ${index + 1} ("${name}")`;
}

export function raggedRow(
	line: number,
	valueCount: number,
	headerLine: number,
	header: string[],
	delimiter: string,
): FileRow<string[]> {
	return rowProblem(
		line,
		`has ${valueCount} ${valueCount === 1 ? 'value' : 'values'} but the header (line ${headerLine}) has ${header.length} columns`,
		`Put values that contain ${describeDelimiter(delimiter)} in double quotes, and give every row one value per column`,
	);
}

export function textAfterClosingQuote(
	line: number,
	header: string[] | undefined,
	index: number,
): FileProblem {
	return {
		line,
		problem: `in ${describeColumn(header, index)}, a quoted value has characters after its closing quote`,
		fix: 'Inside a quoted value, write each double quote as two ("")',
	};
}

export function quoteNeverClosed(
	line: number,
	header: string[] | undefined,
	index: number,
): FileFormatError {
	return new FileFormatError(
		line,
		`the quoted value in ${describeColumn(header, index)} that opens here is never closed`,
		'Close the value with a double quote, and write each double quote inside it as two ("")',
	);
}

export function emptyFile(): FileFormatError {
	return new FileFormatError(
		1,
		'the file is empty',
		'A CSV file needs a header row with the column names at line 1, and one row per record',
	);
}
