// How Records From: Binary File words what is wrong with a file or a row, and the error items.
import type { INode, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FileLoadParameters } from '../../parameters/fileParameters';
import { columnOfField, type InputFile } from './fileRecordSource';
import { describeFileProblem, type FileFormatError, type FileProblem } from './readers/fileRows';
import { RECORD_FIELDS } from '../../records/fieldDefinitions';
import type { InventoryRecord, RecordProblem } from '../../records/inventoryRecord';
import { describeValue } from '../../records/valueWords';
import type { ProblemCode } from '../../records/problemCodes';
import type { Report } from '../../batches/reports';

export interface RowIssue {
	/** A record field, or '(row)' when the row as a whole cannot be read. */
	field: string;
	problem: string;
	fix: string;
	code: ProblemCode;
}

/** Everything wrong with one row of a file. */
export interface FileRowProblem {
	/** The row's place among all rows of the load, in reading order. */
	ordinal: number;
	file: InputFile;
	line: number;
	issues: RowIssue[];
}

/** The kind of a duplicate row, among the fields the other invalid rows are counted by. */
export const DUPLICATE_KIND = '(duplicate)';

/** What an error says of a load's invalid rows (invalidRows.ts keeps them). */
export interface InvalidRowsSummary {
	/** Invalid rows and duplicates. */
	count: number;
	/** The first few, in reading order. */
	listed: FileRowProblem[];
	/** For each file with invalid rows: how many, by the field of each row's first problem. */
	byFile: Array<{ file: InputFile; byKind: Map<string, number> }>;
}

/** A file that cannot be loaded at all (no binary data, not CSV/JSON, a bad header). */
export interface FileLoadError {
	itemIndex: number;
	fileName?: string;
	line?: number;
	message: string;
	description: string;
	code: ProblemCode;
}

/** A row the reader could not make fields of (a file's problem at one line, not the file's). */
export function rowFormatIssue(problem: FileProblem): RowIssue {
	return { field: '(row)', problem: problem.problem, fix: problem.fix, code: 'ROW_UNREADABLE' };
}

/** A record check's problem, reworded for a row of a file: the fix names the file's column. */
export function recordIssue(problem: RecordProblem, parameters: FileLoadParameters): RowIssue {
	const column = columnOfField(parameters, problem.field);
	const where = parameters.fileFormat === 'json' ? `property "${column}"` : `column "${column}"`;
	const field = RECORD_FIELDS.find((known) => known.id === problem.field);
	let fix = `Correct ${where} on this line of the file.`;
	if (problem.problem === 'is missing') {
		fix = `Fill in ${where} on this line; every row needs ${problem.field}.`;
	} else if (field?.kind === 'attributes') {
		fix = `Put a JSON object such as {"expiresOn": "2026-12-31"} in ${where}, or leave it empty.`;
	} else if (field?.kind === 'quantity') {
		fix = `Put a whole number in ${where}${problem.field === 'correctedQty' ? '' : ' (0 or more)'}.`;
	}
	const label = column === problem.field ? problem.field : `${problem.field} (${where})`;
	return {
		field: problem.field,
		problem: `"${label}" ${problem.problem}`,
		fix,
		code: problem.code,
	};
}

export function missingRetailerIssue(): RowIssue {
	return {
		field: 'retailerId',
		problem: '"retailerId" is missing and no default retailer is set',
		fix: 'Give the row a retailerId, or set Retailer ID on this node or in the credential.',
		code: 'NO_RETAILER',
	};
}

export function duplicateIssue(input: {
	/** Undefined when the row could not be read again: the issue then names no values. */
	record: InventoryRecord | undefined;
	defaultRetailer: string | undefined;
	earlier: { file: InputFile; line: number };
	sameFile: boolean;
}): RowIssue {
	const { record, earlier } = input;
	const where = input.sameFile
		? `line ${earlier.line}`
		: `line ${earlier.line} of ${earlier.file.name}`;
	const position =
		record === undefined
			? ''
			: ` (retailer ${describeValue(record.retailerId ?? input.defaultRetailer ?? 'default')}, location ${describeValue(record.locationRef)}, SKU ${describeValue(record.skuRef)})`;
	return {
		field: 'skuRef',
		problem: `names the same stock position as ${where}${position}`,
		fix: 'Each stock position may appear only once per load, because Fluent may apply two batches in either order. Remove the duplicate rows from the file.',
		code: 'DUPLICATE_POSITION',
	};
}

/** stock.csv line 7: "qty" must be a whole number, but is "ten". Put a whole number ... */
export function describeRowProblem(row: Omit<FileRowProblem, 'ordinal'>): string {
	const issue = row.issues[0];
	return `${row.file.name} line ${row.line}: ${issue.problem}. ${issue.fix}`;
}

/** "qty" for a field, else what the kind says. */
function describeKind(kind: string): string {
	if (kind === DUPLICATE_KIND) return 'a stock position named before';
	if (kind === '(row)') return 'a row that cannot be read';
	return `"${kind}"`;
}

/** '"qty": 999,990 rows, a row that cannot be read: 10 rows' */
function describeCounts(counts: Map<string, number>): string {
	return [...counts.entries()]
		.sort((a, b) => b[1] - a[1])
		.map(([kind, count]) => `${describeKind(kind)}: ${rowsText(count)}`)
		.join(', ');
}

const rowsText = (count: number) =>
	`${count.toLocaleString('en-US')} ${count === 1 ? 'row' : 'rows'}`;

const sum = (counts: Iterable<number>) => [...counts].reduce((total, count) => total + count, 0);

export function invalidRowsReport(invalid: InvalidRowsSummary, rowCount: number): Report {
	const { listed, count: total, byFile } = invalid;
	let more = '';
	if (total > listed.length) {
		const byKind = new Map<string, number>();
		for (const counts of byFile) {
			for (const [kind, count] of counts.byKind) byKind.set(kind, (byKind.get(kind) ?? 0) + count);
		}
		const files =
			byFile.length > 1
				? ` By file: ${byFile.map(({ file, byKind: counts }) => `${file.name}: ${rowsText(sum(counts.values()))}`).join(', ')}.`
				: '';
		more = `\n…and ${(total - listed.length).toLocaleString('en-US')} more rows. By the field of their first problem: ${describeCounts(byKind)}.${files}`;
	}
	const count = total.toLocaleString('en-US');
	return {
		message: `${count} of ${rowCount.toLocaleString('en-US')} rows ${total === 1 ? 'is not a valid inventory record' : 'are not valid inventory records'}, so nothing was sent to Fluent`,
		description: `${listed.map(describeRowProblem).join('\n')}${more}\nFix the file, or turn on the node setting "On Error: Continue" to send the valid rows and get one error item for each invalid one.`,
	};
}

export function fileLoadError(node: INode, error: FileLoadError): NodeOperationError {
	return new NodeOperationError(node, error.message, {
		itemIndex: error.itemIndex,
		description: error.description,
	});
}

/** On Error: Continue: the error item of a file that could not be read. */
export function fileErrorItem(error: FileLoadError): INodeExecutionData {
	return {
		json: {
			error: error.message,
			description: error.description,
			code: error.code,
			itemIndex: error.itemIndex,
			...(error.fileName === undefined ? {} : { fileName: error.fileName }),
			...(error.line === undefined ? {} : { line: error.line }),
		},
		pairedItem: { item: error.itemIndex },
	};
}

/** On Error: Continue: the error item of an invalid row. */
export function rowErrorItem(row: Omit<FileRowProblem, 'ordinal'>): INodeExecutionData {
	return {
		json: {
			error: describeRowProblem(row),
			code: row.issues[0].code,
			fileName: row.file.name,
			line: row.line,
			itemIndex: row.file.itemIndex,
			problems: row.issues.map((issue) => ({ ...issue })),
		},
		pairedItem: { item: row.file.itemIndex },
	};
}

/** A file that cannot be read on, as the error the user sees. */
export function unreadableFile(file: InputFile, error: FileFormatError): FileLoadError {
	return {
		itemIndex: file.itemIndex,
		fileName: file.name,
		line: error.line,
		message: `${file.name} cannot be read: ${describeFileProblem(error)}`,
		description: `Nothing was sent to Fluent. ${error.fix}.`,
		code: error.code,
	};
}
