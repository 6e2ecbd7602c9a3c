// An input item's file as a stream of rows of raw record fields (CSV or JSON, Column Names).
import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { FileLoadParameters } from '../../parameters/fileParameters';
import { RECORD_FIELDS, recordFieldsOf } from '../../records/fieldDefinitions';
import { readCsvFile } from './readers/csvFile';
import { FileFormatError, type FileChunks, type FileProblem } from './readers/fileRows';
import { readJsonFile } from './readers/jsonFile';
import { isWholeNumberText, numberAsWritten } from './readers/jsonNumbers';
import { JsonKeysSeen } from './readers/jsonKeys';

/** n8n's filesystem mode reads the file in pieces of this size. */
const STREAM_CHUNK_BYTES = 256 * 1024;

const FIELD_IDS = RECORD_FIELDS.map((field) => field.id);
const FIELD_KINDS = RECORD_FIELDS.map((field) => field.kind);

/** One input item's file. */
export interface InputFile {
	itemIndex: number;
	/** The binary's file name, or where it is when it has none. */
	name: string;
	/** A new read from the start of the file, each time. */
	open(): Promise<FileChunks>;
}

/**
 * One row: its raw record fields (every record field present, so that all rows share one
 * shape; undefined where the file has no value) or what is wrong with the row.
 */
export interface FileRecordRow {
	line: number;
	fields: IDataObject | undefined;
	problem: FileProblem | undefined;
}

/** The file in an input item's binary field; throws n8n's own error when there is none. */
export function inputFile(
	this: IExecuteFunctions,
	itemIndex: number,
	binaryPropertyName: string,
): InputFile {
	const binary: IBinaryData = this.helpers.assertBinaryData(itemIndex, binaryPropertyName);
	const name =
		binary.fileName ?? `the file in binary field "${binaryPropertyName}" of item ${itemIndex}`;
	const open = async (): Promise<FileChunks> => {
		// With an id the file is in n8n's binary data store (filesystem mode, S3): read it as a
		// stream instead of loading it whole. Without, it is already in memory, in the item.
		if (binary.id) {
			return (await this.helpers.getBinaryStream(binary.id, STREAM_CHUNK_BYTES)) as FileChunks;
		}
		const buffer = await this.helpers.getBinaryDataBuffer(itemIndex, binaryPropertyName);
		return (async function* () {
			yield buffer;
		})();
	};
	return { itemIndex, name, open };
}

/**
 * A JSON number for record field `index`: a text field takes it as the file writes it (a SKU of
 * 20 digits stays itself), a quantity that is not whole as written, so that it is refused.
 */
function jsonNumberField(
	value: number,
	index: number,
	text: string | undefined,
	names: string[],
): number | string {
	const kind = FIELD_KINDS[index];
	if (kind === 'attributes') return value;
	const written = numberAsWritten(text, names[index], value);
	if (written === undefined) return value;
	return kind === 'text' || !isWholeNumberText(written) ? written : value;
}

/** The column that holds each record field: a name given under Column Names, else the field's own. */
function columnNames(parameters: FileLoadParameters): string[] {
	return FIELD_IDS.map((field) => parameters.columnOf.get(field) ?? field);
}

export function columnOfField(parameters: FileLoadParameters, field: string): string {
	return parameters.columnOf.get(field) ?? field;
}

/** The positions in the header of each record field's column (-1: no such column). */
function csvColumnPositions(
	header: string[],
	headerLine: number,
	parameters: FileLoadParameters,
): number[] {
	const names = columnNames(parameters);
	const positions = names.map((name) => header.indexOf(name));
	const columns = header.map((name) => `"${name}"`).join(', ');
	for (const [index, field] of RECORD_FIELDS.entries()) {
		if (positions[index] !== -1) continue;
		const named = parameters.columnOf.get(field.id);
		if (named !== undefined) {
			throw new FileFormatError(
				headerLine,
				`has no column "${named}", which Column Names gives for ${field.id} (the columns are ${columns})`,
				'Correct the column name under Column Names (names are case-sensitive), or the header row of the file',
				'MISSING_COLUMN',
			);
		}
		if (field.required) {
			throw new FileFormatError(
				headerLine,
				`has no column for the required record field ${field.id} (the columns are ${columns})`,
				`Name a column "${field.id}" in the header row, or add the column that holds it under Column Names (for example on_hand → qty)`,
				'MISSING_COLUMN',
			);
		}
	}
	return positions;
}

/**
 * Reads the file's rows as raw record fields, a piece (about 64 KB of the file) at a time.
 * Throws FileFormatError where the file cannot be read on.
 */
export async function* readFileRecords(
	file: InputFile,
	parameters: FileLoadParameters,
): AsyncGenerator<FileRecordRow[], void, undefined> {
	const chunks = await file.open();
	if (parameters.fileFormat === 'json') {
		const names = columnNames(parameters);
		const keysSeen = new JsonKeysSeen(parameters.columnOf);
		for await (const piece of readJsonFile(chunks)) {
			yield piece.rows.map((row) => {
				const values = row.fields;
				if (values === undefined)
					return { line: row.line, fields: undefined, problem: row.problem };
				keysSeen.see(values, row.line);
				const fields = recordFieldsOf((index) => {
					const value = values[names[index]];
					return typeof value === 'number' ? jsonNumberField(value, index, row.text, names) : value;
				});
				return { line: row.line, fields, problem: undefined };
			});
		}
		keysSeen.refuseUnseen();
		return;
	}
	let positions: number[] | undefined;
	for await (const piece of readCsvFile(chunks, { delimiter: parameters.csvDelimiter })) {
		positions ??= csvColumnPositions(piece.header, piece.headerLine, parameters);
		const at = positions;
		yield piece.rows.map((row) => {
			if (row.fields === undefined)
				return { line: row.line, fields: undefined, problem: row.problem };
			const values = row.fields;
			const fields = recordFieldsOf((index) => (at[index] === -1 ? undefined : values[at[index]]));
			return { line: row.line, fields, problem: undefined };
		});
	}
}
