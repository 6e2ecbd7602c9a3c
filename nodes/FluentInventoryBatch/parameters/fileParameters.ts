// Reads Records From and Binary File's parameters: binary field, format, column names, delimiter.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** What Create Batch reads for Records From: Binary File. */
export interface FileLoadParameters {
	binaryPropertyName: string;
	fileFormat: 'csv' | 'json';
	/** One character. */
	csvDelimiter: string;
	/** Record field → the column (JSON: property) that holds it; a field not named here is its own column. */
	columnOf: Map<string, string>;
}

export function readsRecordsFromFile(this: IExecuteFunctions): boolean {
	return this.getNodeParameter('recordsFrom', 0, 'inputItems') === 'binaryFile';
}

/** `\t`, `tab` (any case) and a typed tab mean a tab; anything else is taken as entered. */
export function csvDelimiter(raw: unknown): string {
	const text = typeof raw === 'string' ? raw : ',';
	if (text === '') return ',';
	return text === '\\t' || text.trim().toLowerCase() === 'tab' ? '\t' : text;
}

export function readFileLoadParameters(
	this: IExecuteFunctions,
	options: IDataObject,
	/** The record fields a column may be given for. */
	fieldNames: string[],
): FileLoadParameters {
	const binaryPropertyName = String(this.getNodeParameter('binaryPropertyName', 0, 'data')).trim();
	if (!binaryPropertyName) {
		throw new NodeOperationError(this.getNode(), 'Input Binary Field is empty', {
			itemIndex: 0,
			description:
				'Enter the name of the binary field that holds the file, as the previous node shows it (usually "data").',
		});
	}
	const fileFormat = this.getNodeParameter('fileFormat', 0, 'csv') === 'json' ? 'json' : 'csv';
	const pairs = (this.getNodeParameter('fileColumns.column', 0, []) ?? []) as IDataObject[];
	const columnOf = new Map<string, string>();
	for (const pair of pairs) {
		const column = String(pair.column ?? '').trim();
		const field = String(pair.field ?? '');
		if (!column) continue;
		if (!fieldNames.includes(field)) {
			throw columnNamesError.call(this, `"${field}" is not a record field`);
		}
		const earlier = columnOf.get(field);
		if (earlier !== undefined && earlier !== column) {
			throw columnNamesError.call(
				this,
				`both "${earlier}" and "${column}" are given for the record field ${field}`,
			);
		}
		columnOf.set(field, column);
	}
	return {
		binaryPropertyName,
		fileFormat,
		csvDelimiter: csvDelimiter(options.csvDelimiter),
		columnOf,
	};
}

function columnNamesError(this: IExecuteFunctions, problem: string): NodeOperationError {
	return new NodeOperationError(this.getNode(), `Column Names: ${problem}`, {
		itemIndex: 0,
		description:
			'Under Column Names, give each record field at most one column of the file, and pick the field from the list.',
	});
}
