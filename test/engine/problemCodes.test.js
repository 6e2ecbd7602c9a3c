// Every problem Create Batch reports per record, row, file or batch carries a stable `code`
// (a Switch node routes on it): on n8n's error output (`error.code`), in the Failed Records
// File (column `code`), and on the regular output's error items (`code`), through n8n's engine
// against the simulator.
const { eachTestWorldWithJob } = require('../harness/world.cjs');
const { inventoryItems } = require('../harness/inventory.cjs');
const { binaryItem, csvOf } = require('../harness/binaryFiles.cjs');
const { bothOutputsWorkflow, outputItems, binaryText, parseCsv } = require('../harness/outputs.cjs');

describe('problem codes on error items and in the Failed Records File', () => {
	let world;
	let jobId;
	eachTestWorldWithJob({ simulator: { pendingMs: 5, runningMs: 20, perRecordMs: 0 } }, (created) => ({ world, jobId } = created));

	function itemsWorkflow({ items, onError, options = {}, extra }) {
		const input = world.emitItemsNode('Input', items);
		return bothOutputsWorkflow(world, { input, jobId, onError, options: { failedRecordsFile: true, ...options }, parameters: extra });
	}

	function filesWorkflow({ files, onError }) {
		const input = world.emitItemsNode('Files', files, { wholeItems: true });
		const parameters = { recordsFrom: 'binaryFile' };
		return bothOutputsWorkflow(world, { input, jobId, onError, options: { failedRecordsFile: true }, parameters });
	}

	/** The Failed Records File's rows as [itemIndex, kind, code]. */
	function fileCodes(result) {
		const summary = outputItems(result, 'Create Batch', 0).find((item) => item.json.summary);
		const csv = parseCsv(binaryText(summary.binary.failedRecords));
		expect(csv.header.slice(csv.header.indexOf('kind'), csv.header.indexOf('kind') + 2)).toEqual(['kind', 'code']);
		return csv.rows.map((row) => [Number(row.itemIndex), row.kind, row.code]);
	}

	test('items: a missing field, a word for a quantity, a negative one, a duplicate and a rejected record each come with their code', async () => {
		world.simulator.faults.failRecords({ skuRef: 'SKU-0000005' }, { responseCode: '404', message: 'Location not found' });
		const items = inventoryItems(8);
		delete items[1].skuRef;
		items[2].qty = 'ten';
		items[3].qty = -4;
		items[7] = { ...items[0], qty: 99 };
		const result = await world.engine.run(itemsWorkflow({ items }));

		expect(result.status).toBe('success');
		const errors = outputItems(result, 'Create Batch', 1);
		const byItem = errors.map((item) => [item.pairedItem[0].item, item.json.error.kind, item.json.error.code]);
		expect(byItem).toEqual([
			[5, 'rejectedByFluent', 'REJECTED_BY_FLUENT'],
			[1, 'invalid', 'MISSING_FIELD'],
			[2, 'invalid', 'NOT_A_WHOLE_NUMBER'],
			[3, 'invalid', 'NEGATIVE_QUANTITY'],
			[7, 'invalid', 'DUPLICATE_POSITION'],
		]);
		expect(fileCodes(result)).toEqual(byItem);
	});

	test('items: the records of a batch Fluent refused and of the batch not sent after it are BATCH_NOT_SENT', async () => {
		world.simulator.faults.failNext(1, {
			status: 400,
			endpoint: 'batchCreate',
			body: '{"errors":[{"code":"400","message":"Rejected"}]}',
			contentType: 'application/json',
		});
		const result = await world.engine.run(
			itemsWorkflow({ items: inventoryItems(6), options: { batchConcurrency: 1 }, extra: { batchSize: 3 } }),
		);

		expect(result.status).toBe('success');
		const errors = outputItems(result, 'Create Batch', 1);
		expect(errors.map((item) => [item.json.error.batchNumber, item.json.error.code])).toEqual([
			[1, 'BATCH_NOT_SENT'], [1, 'BATCH_NOT_SENT'], [1, 'BATCH_NOT_SENT'],
			[2, 'BATCH_NOT_SENT'], [2, 'BATCH_NOT_SENT'], [2, 'BATCH_NOT_SENT'],
		]);
		expect(fileCodes(result).map(([, kind, code]) => [kind, code])).toEqual(new Array(6).fill(['notSent', 'BATCH_NOT_SENT']));
	});

	test('files: an unreadable file, a missing column, no file at all, and a ragged, a non-numeric and a repeated row each come with their code', async () => {
		const rows = inventoryItems(6);
		rows[2].qty = 'ten';
		rows[5] = { ...rows[0], qty: 7 };
		const ragged = `${csvOf(rows).trimEnd()}\nSKU-X,LOC-1,3,extra\n`;
		const files = [
			binaryItem(ragged, { fileName: 'stock.csv' }),
			binaryItem('skuRef,locationRef,qty\n"SKU-Q,LOC-1,3\n', { fileName: 'cut.csv' }),
			binaryItem('skuRef,qty\nSKU-Y,3\n', { fileName: 'columns.csv' }),
			{ json: { note: 'no file' } },
		];
		const result = await world.engine.run(filesWorkflow({ files }));

		expect(result.status).toBe('success');
		const errors = outputItems(result, 'Create Batch', 1);
		const codes = errors.map((item) => [item.json.error.itemIndex, item.json.error.line ?? null, item.json.error.code]);
		expect(codes).toEqual([
			[3, null, 'FILE_UNREADABLE'],
			[1, 2, 'FILE_UNREADABLE'],
			[2, 1, 'MISSING_COLUMN'],
			[0, 4, 'NOT_A_WHOLE_NUMBER'],
			[0, 7, 'DUPLICATE_POSITION'],
			[0, 8, 'ROW_UNREADABLE'],
		]);
		expect(fileCodes(result)).toEqual(codes.map(([itemIndex, , code]) => [itemIndex, 'invalid', code]));
	});

	test('regular output: an invalid item has its code and each listed problem its own; a batch not sent and one not finished in time have theirs', async () => {
		const items = inventoryItems(4);
		items[1].qty = 2.5;
		items[1].locationRef = '';
		const invalid = await world.engine.run(itemsWorkflow({ items, onError: 'continueRegularOutput', options: { failedRecordsFile: false } }));
		const invalidItem = outputItems(invalid, 'Create Batch', 0).find((item) => item.json.itemIndex === 1);
		expect(invalidItem.json.code).toBe('MISSING_FIELD');
		expect(invalidItem.json.problems.map((problem) => [problem.field, problem.code])).toEqual([
			['locationRef', 'MISSING_FIELD'],
			['qty', 'NOT_A_WHOLE_NUMBER'],
		]);

		world.simulator.faults.failNext(1, { status: 400, endpoint: 'batchCreate', body: '{"errors":[{"code":"400","message":"No"}]}', contentType: 'application/json' });
		const unsent = await world.engine.run(itemsWorkflow({ items: inventoryItems(2), onError: 'continueRegularOutput', options: { failedRecordsFile: false } }));
		expect(outputItems(unsent, 'Create Batch', 0).map((item) => item.json.code)).toEqual(['BATCH_NOT_SENT']);

		world.simulator.faults.stickBatches(true);
		const waited = await world.engine.run(
			itemsWorkflow({ items: inventoryItems(2), onError: 'continueRegularOutput', options: { failedRecordsFile: false, timeoutSeconds: 1, pollIntervalSeconds: 0.2 } }),
		);
		expect(outputItems(waited, 'Create Batch', 0).map((item) => [item.json.status, item.json.code])).toEqual([['RUNNING', 'WAIT_TIMED_OUT']]);
	});
});
