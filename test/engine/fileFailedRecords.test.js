// Records From: Binary File, after the wait: the records Fluent rejected matched back to the
// lines of the files they came from, on n8n's error output and in the Failed Records File,
// through n8n's engine against the simulator.
const { eachTestWorldWithJob } = require('../harness/world.cjs');
const { inventoryItems, missingOrWrong } = require('../harness/inventory.cjs');
const { binaryItem, csvOf } = require('../harness/binaryFiles.cjs');
const { bothOutputsWorkflow, outputItems, binaryText, parseCsv } = require('../harness/outputs.cjs');

/** The line of a CSV row (0-based among the data rows): the header is line 1. */
const csvLine = (row) => row + 2;

describe('failed records of a file load, matched to file lines', () => {
	let world;
	let jobId;
	eachTestWorldWithJob({ simulator: { pendingMs: 5, runningMs: 20, perRecordMs: 0 } }, (created) => ({ world, jobId } = created));

	/**
	 * Files (an item per file, as Read/Write Files from Disk gives) → Create Batch from the
	 * files, waiting → "Batches" and, from its error output, "Failed records".
	 */
	function workflow({ files, onError, options, extra = {} }) {
		const input = world.emitItemsNode('Files', files, { wholeItems: true });
		const parameters = { recordsFrom: 'binaryFile', ...extra };
		return bothOutputsWorkflow(world, { input, jobId, onError, options, parameters });
	}

	const failRecord = (record, message) =>
		world.simulator.faults.failRecords({ skuRef: record.skuRef }, { responseCode: '404', message });

	test('CSV: records rejected in two batches of each of two files come out one each, naming file and line, paired with the file', async () => {
		const north = inventoryItems(25);
		north[13].qty = 'ten';
		const south = inventoryItems(12, { offset: 25 });
		// north's 24 valid rows go as batches of 10, 10 and 4 (its row 13 is invalid), south's as 10 and 2.
		const rejected = [
			{ file: 'north.csv', itemIndex: 0, row: 3, record: north[3], batchNumber: 1 },
			{ file: 'north.csv', itemIndex: 0, row: 21, record: north[21], batchNumber: 3 },
			{ file: 'south.csv', itemIndex: 1, row: 0, record: south[0], batchNumber: 4 },
			{ file: 'south.csv', itemIndex: 1, row: 11, record: south[11], batchNumber: 5 },
		];
		for (const { record } of rejected) failRecord(record, `Location ${record.locationRef} not found`);
		const files = [
			binaryItem(csvOf(north), { fileName: 'north.csv', json: { source: 'north' } }),
			binaryItem(csvOf(south), { fileName: 'south.csv', json: { source: 'south' } }),
		];
		const result = await world.engine.run(workflow({ files }));

		expect(result.status).toBe('success');
		const main = outputItems(result, 'Create Batch', 0);
		expect(main.map((item) => [item.json.fileName, item.json.firstLine, item.json.lastLine, item.json.recordsFailed, item.pairedItem])).toEqual([
			['north.csv', 2, 11, 1, [{ item: 0 }]],
			['north.csv', 12, 22, 0, [{ item: 0 }]],
			['north.csv', 23, 26, 1, [{ item: 0 }]],
			['south.csv', 2, 11, 1, [{ item: 1 }]],
			['south.csv', 12, 13, 1, [{ item: 1 }]],
		]);
		const batchIds = main.map((item) => item.json.batchId);

		const errors = outputItems(result, 'Create Batch', 1);
		expect(errors).toHaveLength(5);
		for (const [at, { file, itemIndex, row, record, batchNumber }] of rejected.entries()) {
			const line = csvLine(row);
			const batchId = batchIds[batchNumber - 1];
			expect(errors[at].pairedItem).toEqual([{ item: itemIndex }]);
			// n8n lays the error item over the file's input item.
			expect(errors[at].json).toEqual({
				source: itemIndex === 0 ? 'north' : 'south',
				message: `Fluent rejected ${file} line ${line} (SKU ${record.skuRef} at location ${record.locationRef}): 404 Location ${record.locationRef} not found`,
				error: {
					kind: 'rejectedByFluent',
					code: 'REJECTED_BY_FLUENT',
					itemIndex,
					fileName: file,
					line,
					jobId,
					batchId,
					batchNumber,
					entityRef: `${record.skuRef}:${record.locationRef}`,
					responseCode: '404',
					message: `Location ${record.locationRef} not found`,
					description: `Job ${jobId}, batch ${batchId}. The other records were loaded; fix this row of ${file} and send it again.`,
					record: { retailerId: '1', ...record },
				},
			});
		}
		// The invalid row follows the rejected records, on the error output too, paired with its file.
		expect(errors[4].pairedItem).toEqual([{ item: 0 }]);
		expect(errors[4].json).toEqual({
			source: 'north',
			message: 'north.csv line 15: "qty" must be a whole number, but is "ten". Put a whole number in column "qty" (0 or more).',
			error: {
				kind: 'invalid',
				code: 'NOT_A_WHOLE_NUMBER',
				itemIndex: 0,
				fileName: 'north.csv',
				line: 15,
				jobId: null,
				batchId: null,
				batchNumber: null,
				message: '"qty" must be a whole number, but is "ten"',
				description: 'Put a whole number in column "qty" (0 or more).',
			},
		});
		expect(result.ran('Batches')).toBe(true);
		expect(result.ran('Failed records')).toBe(true);
		await world.simulator.settle();
		const loaded = [...north, ...south].filter(
			(record) => record.qty !== 'ten' && !rejected.some((entry) => entry.record === record),
		);
		expect(missingOrWrong(world.simulator, loaded)).toEqual([]);
		expect(world.simulator.store.size).toBe(loaded.length);
		expect(world.leakedSecrets(result)).toEqual([]);
	});

	test('JSON: the Failed Records File names the file and line of each record rejected in two files, and of the invalid row', async () => {
		const array = inventoryItems(14);
		const lines = inventoryItems(8, { offset: 14 });
		lines[5].locationRef = '';
		const rejected = [
			// Pretty-printed with 2 spaces, each object takes 5 lines after the opening "[".
			{ file: 'stock.json', itemIndex: 0, line: 2 + 5 * 12, record: array[12] },
			{ file: 'more.jsonl', itemIndex: 1, line: 2, record: lines[1] },
		];
		for (const { record } of rejected) failRecord(record, 'Location "X", not found');
		const files = [
			binaryItem(JSON.stringify(array, null, 2), { fileName: 'stock.json' }),
			binaryItem(`${lines.map((record) => JSON.stringify(record)).join('\n')}\n`, { fileName: 'more.jsonl' }),
		];
		const result = await world.engine.run(
			workflow({ files, options: { failedRecordsFile: true }, extra: { fileFormat: 'json' } }),
		);

		expect(result.status).toBe('success');
		const main = outputItems(result, 'Create Batch', 0);
		const batches = main.slice(0, -1);
		expect(batches.map((item) => [item.json.fileName, item.json.recordCount, item.json.recordsFailed])).toEqual([
			['stock.json', 10, 0],
			['stock.json', 4, 1],
			['more.jsonl', 7, 1],
		]);
		const summaryItem = main.at(-1);
		expect(summaryItem.pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		expect(summaryItem.json.summary).toEqual(
			expect.objectContaining({
				batches: 3,
				recordsSent: 21,
				recordsSucceeded: 19,
				recordsFailed: 2,
				recordsInvalid: 1,
				recordsNotSent: 0,
				failedRecordsFileRows: 3,
			}),
		);
		const csv = parseCsv(binaryText(summaryItem.binary.failedRecords));
		expect(csv.header).toEqual([
			'itemIndex', 'fileName', 'line', 'kind', 'code', 'jobId', 'batchId', 'retailerId', 'skuRef', 'locationRef', 'qty',
			'correctedQty', 'reservedQty', 'ref', 'entityRef', 'responseCode', 'message',
		]);
		expect(csv.rows).toEqual([
			...rejected.map(({ file, itemIndex, line, record }, at) => ({
				itemIndex: String(itemIndex),
				fileName: file,
				line: String(line),
				kind: 'rejectedByFluent',
				code: 'REJECTED_BY_FLUENT',
				jobId,
				batchId: batches[at + 1].json.batchId,
				retailerId: '1',
				skuRef: record.skuRef,
				locationRef: record.locationRef,
				qty: String(record.qty),
				correctedQty: '',
				reservedQty: '',
				ref: '',
				entityRef: `${record.skuRef}:${record.locationRef}`,
				responseCode: '404',
				message: 'Location "X", not found',
			})),
			{
				itemIndex: '1',
				fileName: 'more.jsonl',
				line: '6',
				kind: 'invalid',
				code: 'MISSING_FIELD',
				jobId: '',
				batchId: '',
				retailerId: '',
				skuRef: '',
				locationRef: '',
				qty: '',
				correctedQty: '',
				reservedQty: '',
				ref: '',
				entityRef: '',
				responseCode: '',
				message: '"locationRef" is missing',
			},
		]);
		const errors = outputItems(result, 'Create Batch', 1);
		expect(errors.map((item) => [item.json.error.kind, item.json.error.fileName, item.json.error.line, item.pairedItem])).toEqual([
			['rejectedByFluent', 'stock.json', rejected[0].line, [{ item: 0 }]],
			['rejectedByFluent', 'more.jsonl', 2, [{ item: 1 }]],
			['invalid', 'more.jsonl', 6, [{ item: 1 }]],
		]);
	});

	test('a batch not loaded: each of its rows, and of the batches after it, is an error item with its line; an unreadable file is one', async () => {
		world.simulator.faults.failNext(1, { status: 400, endpoint: 'batchCreate' });
		const records = inventoryItems(15);
		const files = [
			binaryItem(csvOf(records), { fileName: 'stock.csv' }),
			binaryItem('skuRef,locationRef,qty\n"SKU-1,LOC-1,3\n', { fileName: 'broken.csv' }),
		];
		// Batch 1 is refused, so batch 2 is not sent: nothing is loaded, there is no wait.
		const result = await world.engine.run(
			workflow({ files, options: { batchConcurrency: 1, failedRecordsFile: true } }),
		);

		expect(result.status).toBe('success');
		const main = outputItems(result, 'Create Batch', 0);
		expect(main.map((item) => Object.keys(item.json))).toEqual([['summary']]);
		expect(main[0].json.summary).toEqual(
			expect.objectContaining({ batches: 0, recordsInvalid: 1, recordsNotSent: 15, failedRecordsFileRows: 16 }),
		);
		const errors = outputItems(result, 'Create Batch', 1);
		expect(errors).toHaveLength(16);
		expect(errors.slice(0, 15).map((item) => [item.json.error.kind, item.json.error.batchNumber, item.json.error.line, item.json.error.record])).toEqual(
			records.map((record, row) => ['notSent', row < 10 ? 1 : 2, csvLine(row), { retailerId: '1', ...record }]),
		);
		expect(errors.every((item, at) => item.pairedItem[0].item === (at < 15 ? 0 : 1))).toBe(true);
		expect(errors[14].json.message).toBe('stock.csv line 16 was not loaded: Batch 2 was not sent because batch 1 failed');
		expect(errors[15].json.error).toEqual(
			expect.objectContaining({ kind: 'invalid', itemIndex: 1, fileName: 'broken.csv', line: 2 }),
		);
		expect(errors[15].json.message).toContain('broken.csv cannot be read: line 2:');
		const csv = parseCsv(binaryText(main[0].binary.failedRecords));
		expect(csv.rows.map((row) => [row.fileName, row.line, row.kind])).toEqual([
			...records.map((_, row) => ['stock.csv', String(csvLine(row)), 'notSent']),
			['broken.csv', '2', 'invalid'],
		]);
		expect(world.simulator.store.size).toBe(0);
	});

	test('a failure whose entityRef matches no row is reported with its file but without a line, paired with the file', async () => {
		const records = inventoryItems(6);
		world.simulator.faults.failRecords({ skuRef: records[4].skuRef }, { responseCode: '500', message: 'Lost', entityRef: 'SOMETHING-ELSE' });
		const result = await world.engine.run(
			workflow({ files: [binaryItem(csvOf(records), { fileName: 'a.csv' }), binaryItem(csvOf(inventoryItems(3, { offset: 6 })), { fileName: 'b.csv' })] }),
		);

		const errors = outputItems(result, 'Create Batch', 1);
		expect(errors).toHaveLength(1);
		expect(errors[0].pairedItem).toEqual([{ item: 0 }]);
		expect(errors[0].json.error).toEqual(
			expect.objectContaining({ itemIndex: 0, fileName: 'a.csv', line: null, record: null, entityRef: 'SOMETHING-ELSE', message: 'Lost' }),
		);
		const { batchId } = errors[0].json.error;
		expect(errors[0].json.message).toBe(`Fluent rejected a record of batch ${batchId} from a.csv (entityRef SOMETHING-ELSE): 500 Lost`);
		expect(errors[0].json.error.description).toBe(
			'Its entityRef matches no row of a.csv sent in this batch, so its line is not known. The other records were loaded.',
		);
	});

	test('with On Error: Continue (regular output) a file load stays as before: batches with their failedRecords, and the invalid rows', async () => {
		const records = inventoryItems(8);
		records[2].qty = -3;
		failRecord(records[5], 'Nope');
		const result = await world.engine.run(
			workflow({ files: [binaryItem(csvOf(records))], onError: 'continueRegularOutput' }),
		);

		const main = outputItems(result, 'Create Batch', 0);
		expect(main.map((item) => [item.json.recordsFailed, item.json.failedRecords?.length, item.json.line])).toEqual([
			[1, 1, undefined],
			[undefined, undefined, 4],
		]);
		expect(outputItems(result, 'Create Batch', 1)).toEqual([]);
		expect(result.ran('Failed records')).toBe(false);
	});
});
