// Reads a UTF-8 CSV file with a header row a piece at a time, yielding the rows each completes.
import { CsvParser, type CsvRow } from './csvParser';
import type { FileChunks } from './fileRows';
import { parseUtf8Pieces } from './utf8Text';

export type { CsvRow } from './csvParser';

export interface CsvReadOptions {
	/** One character; `,` when not given. */
	delimiter?: string;
}

/** The rows that one piece of the file completed, with the file's header. */
export interface CsvRows {
	/** The column names of the header row, without a byte-order mark or surrounding spaces. */
	header: string[];
	/** The line of the header row: 1 unless blank lines come before it. */
	headerLine: number;
	rows: CsvRow[];
}

/**
 * Reads a UTF-8 CSV file with a header row, a piece at a time: yields the rows each piece of
 * the file completed (about 64 KB of text), so memory holds one piece and its rows. The first
 * yield always comes once the header is known, with or without rows. Throws FileFormatError
 * for a file that cannot be read on (empty, not UTF-8, a quote never closed, a bad header);
 * a row that is wrong on its own is one of the rows, with its problem.
 */
export async function* readCsvFile(
	chunks: FileChunks,
	options: CsvReadOptions = {},
): AsyncGenerator<CsvRows, void, undefined> {
	const parser = new CsvParser(options.delimiter ?? ',');
	let headerSent = false;
	for await (const rows of parseUtf8Pieces(chunks, parser)) {
		const header = parser.header;
		if (header === undefined || (rows.length === 0 && headerSent)) continue;
		headerSent = true;
		yield { header, headerLine: parser.headerLine, rows };
	}
}
