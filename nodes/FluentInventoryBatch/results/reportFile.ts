// The Failed Records File: one summary item with the records that did not load as a CSV file.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { NotLoadedRecord } from './notLoadedRecord';
import { fileSpanOf, type LoadOutcome } from './outcome';
import type { LoadRecords } from '../sources/loadRecords';
import { countByJob } from '../jobs/jobSummary';

export const FAILED_RECORDS_PROPERTY = 'failedRecords';
export const FAILED_RECORDS_FILE_NAME = 'failedRecords.csv';

const RECORD_COLUMNS = [
	'retailerId',
	'skuRef',
	'locationRef',
	'qty',
	'correctedQty',
	'reservedQty',
	'ref',
] as const;

/** What Excel and Google Sheets run as a formula when a cell begins with it. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number such as -5: a spreadsheet reads it as a number, not a formula. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * One cell. The file is made to be opened from an e-mail, and a SKU from a stock file or
 * Fluent's message may begin like a formula (`=HYPERLINK(…)`, `@SUM(…)`): such a cell gets a
 * leading `'`, so the spreadsheet shows it as text. Then RFC 4180: a value with a comma, quote
 * or line break is quoted, its quotes doubled.
 */
function csvValue(value: unknown): string {
	if (value === undefined || value === null) return '';
	let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
	if (typeof value !== 'number' && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) {
		text = `'${text}`;
	}
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvRows(notLoaded: NotLoadedRecord[], records: LoadRecords): string {
	const { fromFiles } = records;
	const header = [
		'itemIndex',
		...(fromFiles ? ['fileName', 'line'] : []),
		'kind',
		'code',
		'jobId',
		'batchId',
		...RECORD_COLUMNS,
		'entityRef',
		'responseCode',
		'message',
	];
	const lines = [header.join(',')];
	for (const entry of notLoaded) {
		// An invalid item has no record; its own fields of those names (if any) identify it. An
		// invalid row of a file is named by its file and line instead (inputJson gives nothing).
		const fields: IDataObject =
			entry.record ?? (entry.origin ? records.inputJson(entry.origin.itemIndex) : {});
		const row = [
			entry.origin?.itemIndex,
			...(fromFiles ? [entry.origin?.fileName, entry.origin?.line] : []),
			entry.kind,
			entry.code,
			entry.jobId,
			entry.batchId,
			...RECORD_COLUMNS.map((column) => {
				const value = fields[column];
				return typeof value === 'object' ? undefined : value;
			}),
			entry.entityRef,
			entry.responseCode,
			entry.message,
		];
		lines.push(row.map(csvValue).join(','));
	}
	return `${lines.join('\r\n')}\r\n`;
}

/**
 * The summary item: counts per job and in all, and every record that did not load in the CSV
 * file `failedRecords.csv` (only the header when all loaded, so a mail or upload node after it
 * always finds the file). Paired with every input item.
 */
export async function failedRecordsFileItem(
	this: IExecuteFunctions,
	input: {
		outcome: LoadOutcome;
		notLoaded: NotLoadedRecord[];
		records: LoadRecords;
		itemCount: number;
	},
): Promise<INodeExecutionData> {
	const { outcome, notLoaded, records, itemCount } = input;
	const counts = countByJob(
		outcome.entries.flatMap((entry) =>
			entry.kind === 'sentBatch'
				? [
						{
							jobId: entry.batch.jobId,
							status: entry.batch.status,
							recordsSent: fileSpanOf(outcome, entry)?.recordCount ?? entry.batch.recordCount,
							recordsSucceeded: entry.results?.summary?.recordsSucceeded ?? 0,
							recordsFailed: entry.results?.summary?.recordsFailed ?? 0,
						},
					]
				: [],
		),
	);
	const count = (kind: NotLoadedRecord['kind']) =>
		notLoaded.filter((entry) => entry.kind === kind).length;
	const file = await this.helpers.prepareBinaryData(
		Buffer.from(csvRows(notLoaded, records), 'utf8'),
		FAILED_RECORDS_FILE_NAME,
		'text/csv',
	);
	const pairedItem = new Array(itemCount);
	for (let item = 0; item < itemCount; item++) pairedItem[item] = { item };
	return {
		json: {
			summary: {
				...counts,
				recordsInvalid: count('invalid'),
				recordsNotSent: count('notSent'),
				failedRecordsFileRows: notLoaded.length,
			} as unknown as IDataObject,
		},
		binary: { [FAILED_RECORDS_PROPERTY]: file },
		pairedItem,
	};
}
