// Issue 16: failed records on n8n's error output, the Failed Records File, and Get Job's
// Include Batch Results, through n8n's engine against the simulator.
const { eachTestWorldWithJob } = require('../harness/world.cjs');
const { inventoryItems } = require('../harness/inventory.cjs');
const { bothOutputsWorkflow, outputItems, binaryText, parseCsv } = require('../harness/outputs.cjs');

describe('failed records on the error output and in the report file (issue 16)', () => {
	let world;
	let jobId;
	eachTestWorldWithJob({ simulator: { pendingMs: 5, runningMs: 20, perRecordMs: 0 } }, (created) => ({ world, jobId } = created));

	/** Input → Create Batch (waiting) → "Batches" and, from its error output, "Failed records". */
	function workflow({ items, onError, options, extra }) {
		const input = world.emitItemsNode('Input', items);
		return bothOutputsWorkflow(world, { input, jobId, onError, options, parameters: extra });
	}

	test('2 of 10 records rejected by Fluent: 2 error-output items paired with items 2 and 6, the batch on the main output', async () => {
		world.simulator.faults.failRecords(null, { positions: [2, 6], responseCode: '404', message: 'Location not found' });
		const items = inventoryItems(10);
		const result = await world.engine.run(workflow({ items }));

		expect(result.status).toBe('success');
		const main = outputItems(result, 'Create Batch', 0);
		expect(main).toHaveLength(1);
		expect(main[0].json).toEqual(
			expect.objectContaining({ jobId, status: 'COMPLETE', recordCount: 10, recordsSucceeded: 8, recordsFailed: 2 }),
		);
		const { batchId } = main[0].json;

		const errors = outputItems(result, 'Create Batch', 1);
		expect(errors.map((item) => item.pairedItem)).toEqual([[{ item: 2 }], [{ item: 6 }]]);
		for (const [at, itemIndex] of [2, 6].entries()) {
			const item = items[itemIndex];
			// n8n lays the error item over its input item's fields: the input item, plus
			// `message` (what happened) and `error` (the details).
			expect(errors[at].json).toEqual({
				...item,
				message: `Fluent rejected item ${itemIndex} (SKU ${item.skuRef} at location ${item.locationRef}): 404 Location not found`,
				error: {
					kind: 'rejectedByFluent',
					code: 'REJECTED_BY_FLUENT',
					itemIndex,
					jobId,
					batchId,
					batchNumber: 1,
					entityRef: `${item.skuRef}:${item.locationRef}`,
					responseCode: '404',
					message: 'Location not found',
					description: `Job ${jobId}, batch ${batchId}. The other records were loaded; fix this record and send it again.`,
					record: { retailerId: '1', ...item },
				},
			});
		}
		// Both branches ran: the batch went one way, the failures the other.
		expect(result.ran('Batches')).toBe(true);
		expect(result.ran('Failed records')).toBe(true);
		expect(result.run.data.resultData.runData['Failed records'][0].source).toEqual([
			expect.objectContaining({ previousNode: 'Create Batch', previousNodeOutput: 1 }),
		]);
		expect(world.leakedSecrets(result)).toEqual([]);
	});

	test('the Failed Records File holds the same 2 rows, on a summary item paired with every input item', async () => {
		world.simulator.faults.failRecords(null, { positions: [2, 6], responseCode: '404', message: 'Location "X", not found' });
		const items = inventoryItems(10);
		const result = await world.engine.run(workflow({ items, options: { failedRecordsFile: true } }));

		expect(result.status).toBe('success');
		const main = outputItems(result, 'Create Batch', 0);
		expect(main).toHaveLength(2);
		const [batch, summaryItem] = main;
		expect(summaryItem.pairedItem).toEqual(items.map((_, item) => ({ item })));
		expect(summaryItem.json.summary).toEqual({
			batches: 1,
			batchesByStatus: { COMPLETE: 1 },
			recordsSent: 10,
			recordsSucceeded: 8,
			recordsFailed: 2,
			recordsInvalid: 0,
			recordsNotSent: 0,
			failedRecordsFileRows: 2,
			jobs: [
				{ jobId, batches: 1, batchesByStatus: { COMPLETE: 1 }, recordsSent: 10, recordsSucceeded: 8, recordsFailed: 2 },
			],
		});
		const file = summaryItem.binary.failedRecords;
		expect(file.fileName).toBe('failedRecords.csv');
		expect(file.mimeType).toBe('text/csv');
		const csv = parseCsv(binaryText(file));
		expect(csv.header).toEqual([
			'itemIndex', 'kind', 'code', 'jobId', 'batchId', 'retailerId', 'skuRef', 'locationRef', 'qty',
			'correctedQty', 'reservedQty', 'ref', 'entityRef', 'responseCode', 'message',
		]);
		expect(csv.rows).toEqual(
			[2, 6].map((itemIndex) => ({
				itemIndex: String(itemIndex),
				kind: 'rejectedByFluent',
				code: 'REJECTED_BY_FLUENT',
				jobId,
				batchId: batch.json.batchId,
				retailerId: '1',
				skuRef: items[itemIndex].skuRef,
				locationRef: items[itemIndex].locationRef,
				qty: String(items[itemIndex].qty),
				correctedQty: '',
				reservedQty: '',
				ref: '',
				entityRef: `${items[itemIndex].skuRef}:${items[itemIndex].locationRef}`,
				responseCode: '404',
				message: 'Location "X", not found',
			})),
		);
		// The error output still carries the same two records.
		expect(outputItems(result, 'Create Batch', 1).map((item) => item.json.error.itemIndex)).toEqual([2, 6]);
	});

	test('without failures the summary item still comes, with a file of only the header row', async () => {
		const result = await world.engine.run(
			workflow({ items: inventoryItems(15), onError: null, options: { failedRecordsFile: true } }),
		);
		expect(result.status).toBe('success');
		const [, , summaryItem] = outputItems(result, 'Create Batch', 0);
		expect(summaryItem.json.summary).toEqual(
			expect.objectContaining({ batches: 2, recordsSent: 15, recordsSucceeded: 15, recordsFailed: 0, failedRecordsFileRows: 0 }),
		);
		expect(binaryText(summaryItem.binary.failedRecords)).toBe(
			'itemIndex,kind,code,jobId,batchId,retailerId,skuRef,locationRef,qty,correctedQty,reservedQty,ref,entityRef,responseCode,message\r\n',
		);
	});

	test('records with a ref are matched by it; a failure that matches no record is paired with all its batch items', async () => {
		const items = inventoryItems(10).map((item, index) => ({ ...item, ref: `POS-${index}` }));
		world.simulator.faults.failRecords({ ref: 'POS-3' }, { responseCode: '400', message: 'Bad ref' });
		world.simulator.faults.failRecords({ ref: 'POS-8' }, { responseCode: '500', message: 'Lost', entityRef: 'SOMETHING-ELSE' });
		const result = await world.engine.run(workflow({ items }));

		const errors = outputItems(result, 'Create Batch', 1);
		expect(errors).toHaveLength(2);
		expect(errors[0].pairedItem).toEqual([{ item: 3 }]);
		expect(errors[0].json.error).toEqual(
			expect.objectContaining({ itemIndex: 3, entityRef: 'POS-3', message: 'Bad ref', record: { retailerId: '1', ...items[3] } }),
		);
		expect(errors[1].pairedItem).toEqual(items.map((_, item) => ({ item })));
		expect(errors[1].json.error).toEqual(
			expect.objectContaining({ itemIndex: null, record: null, entityRef: 'SOMETHING-ELSE', responseCode: '500', message: 'Lost' }),
		);
		expect(errors[1].json.message).toBe(
			`Fluent rejected a record of batch ${errors[1].json.error.batchId} (entityRef SOMETHING-ELSE): 500 Lost`,
		);
	});

	test('invalid input items and the items of batches not sent go to the error output, one each, paired', async () => {
		world.simulator.faults.failNext(1, {
			status: 400,
			endpoint: 'batchCreate',
			body: '{"errors":[{"code":"400","message":"Rejected"}]}',
			contentType: 'application/json',
		});
		const items = inventoryItems(9);
		items.splice(3, 0, { skuRef: 'BAD', locationRef: 'LOC-0', qty: 'many' });
		const result = await world.engine.run(
			workflow({ items, options: { batchConcurrency: 1, failedRecordsFile: true }, extra: { batchSize: 5 } }),
		);

		expect(result.status).toBe('success');
		const main = outputItems(result, 'Create Batch', 0);
		expect(main.map((item) => Object.keys(item.json))).toEqual([['summary']]);
		expect(main[0].json.summary).toEqual(expect.objectContaining({ batches: 0, recordsInvalid: 1, recordsNotSent: 9 }));
		const errors = outputItems(result, 'Create Batch', 1);
		const byItem = new Map(errors.map((item) => [item.pairedItem[0].item, item]));
		expect(errors.map((item) => item.pairedItem.length)).toEqual(new Array(10).fill(1));
		expect([...byItem.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(byItem.get(3).json.error).toEqual(expect.objectContaining({ kind: 'invalid', itemIndex: 3 }));
		expect(byItem.get(3).json.error.message).toContain('qty must be a whole number');
		expect(byItem.get(3).json.message).toMatch(/^item 3: "qty" must be a whole number/);
		expect(byItem.get(3).json.skuRef).toBe('BAD');
		expect(byItem.get(0).json.error).toEqual(
			expect.objectContaining({ kind: 'notSent', itemIndex: 0, batchNumber: 1, record: { retailerId: '1', ...items[0] } }),
		);
		expect(byItem.get(0).json.message).toContain('batch 1 failed');
		expect(byItem.get(9).json.error).toEqual(expect.objectContaining({ kind: 'notSent', itemIndex: 9, batchNumber: 2 }));
		expect(byItem.get(9).json.message).toBe('item 9 was not loaded: Batch 2 was not sent because batch 1 failed');
		const csv = parseCsv(binaryText(main[0].binary.failedRecords));
		expect(csv.rows.map((row) => [row.itemIndex, row.kind])).toEqual(
			[0, 1, 2, 4, 5, 6, 7, 8, 9].map((index) => [String(index), 'notSent']).concat([['3', 'invalid']]),
		);
		expect(csv.rows.at(-1)).toEqual(expect.objectContaining({ skuRef: 'BAD', qty: 'many' }));
	});

	test('with Fail on Record Errors the node does not stop: the failures are on the error output', async () => {
		world.simulator.faults.failRecords({ skuRef: 'SKU-0000004' }, { responseCode: '400', message: 'Bad SKU' });
		const result = await world.engine.run(workflow({ items: inventoryItems(10), options: { failOnRecordErrors: true } }));
		expect(result.status).toBe('success');
		const [batch] = outputItems(result, 'Create Batch', 0);
		expect(batch.json).toEqual(expect.objectContaining({ recordsFailed: 1, status: 'COMPLETE' }));
		const errors = outputItems(result, 'Create Batch', 1);
		expect(errors.map((item) => [item.pairedItem, item.json.error.message])).toEqual([[[{ item: 4 }], 'Bad SKU']]);
	});

	test('records of two retailers at the same SKU and location are matched in the order sent', async () => {
		const items = [
			{ retailerId: '1', skuRef: 'A', locationRef: 'L', qty: 1 },
			{ retailerId: '2', skuRef: 'A', locationRef: 'L', qty: 2 },
			{ retailerId: '1', skuRef: 'B', locationRef: 'L', qty: 3 },
		];
		world.simulator.faults.failRecords({ skuRef: 'A' }, { responseCode: '404', message: (entity) => `No retailer ${entity.retailerId} stock` });
		const result = await world.engine.run(workflow({ items }));
		const errors = outputItems(result, 'Create Batch', 1);
		expect(errors.map((item) => [item.pairedItem, item.json.error.record.retailerId, item.json.error.message])).toEqual([
			[[{ item: 0 }], '1', 'No retailer 1 stock'],
			[[{ item: 1 }], '2', 'No retailer 2 stock'],
		]);
	});

	test('with On Error: Continue (regular output) the output stays as before: batches with their failedRecords', async () => {
		world.simulator.faults.failRecords(null, { positions: [2, 6] });
		const result = await world.engine.run(workflow({ items: inventoryItems(10), onError: 'continueRegularOutput' }));
		const main = outputItems(result, 'Create Batch', 0);
		expect(main).toHaveLength(1);
		expect(main[0].json.failedRecords).toHaveLength(2);
		expect(outputItems(result, 'Create Batch', 1)).toEqual([]);
		expect(result.ran('Failed records')).toBe(false);
	});

	test('Get Job with Include Batch Results reports the same counts as Create Batch for a job of 3 batches', async () => {
		world.simulator.faults.failRecords(null, { positions: [2, 6], responseCode: '404', message: 'Location not found' });
		const items = inventoryItems(30);
		const load = await world.engine.run(workflow({ items, options: { failedRecordsFile: true } }));
		const main = outputItems(load, 'Create Batch', 0);
		const { summary } = main.at(-1).json;
		expect(summary).toEqual(expect.objectContaining({ batches: 3, recordsSent: 30, recordsSucceeded: 24, recordsFailed: 6 }));
		expect(outputItems(load, 'Create Batch', 1)).toHaveLength(6);

		const getJob = world.fluentNode('Get Job', {
			operation: 'getJob',
			jobId: '={{ $json.jobId }}',
			options: { includeBatchResults: true },
		});
		const result = await world.engine.run({ ...world.chain(getJob), input: [{ jobId }] });
		expect(result.status).toBe('success');
		const [job] = result.json('Get Job');
		expect(job).toEqual(expect.objectContaining({ jobId, status: 'OPEN' }));
		expect(job.summary).toEqual({
			batches: 3,
			batchesByStatus: { COMPLETE: 3 },
			recordsSent: 30,
			recordsSucceeded: 24,
			recordsFailed: 6,
		});
		const { jobs, recordsInvalid, recordsNotSent, failedRecordsFileRows, ...sameShape } = summary;
		expect(job.summary).toEqual(sameShape);
		const failedOnOutput = outputItems(load, 'Create Batch', 1).map((item) => ({
			batchId: item.json.error.batchId,
			entityRef: item.json.error.entityRef,
			responseCode: '404',
			message: 'Location not found',
		}));
		const byRef = (list) => [...list].sort((a, b) => a.entityRef.localeCompare(b.entityRef));
		expect(byRef(job.failedRecords)).toEqual(byRef(failedOnOutput));
		expect(world.simulator.stats().requests.batchGet).toBeGreaterThan(0);
	});

	test('Get Job with Include Batch Results counts unfinished batches by status, without results', async () => {
		world.simulator.faults.stickBatches(true);
		const createBatch = world.fluentNode('Create Batch', { operation: 'createBatch', jobId, batchSize: 5 });
		const getJob = world.fluentNode('Get Job', {
			operation: 'getJob',
			jobId: "={{ $('Create Batch').first().json.jobId }}",
			options: { includeBatchResults: true },
		});
		const result = await world.engine.run({
			...world.chain(createBatch, getJob),
			input: inventoryItems(12),
		});
		const getJobItems = result.items('Get Job');
		// Get Job runs once per Create Batch output item (three batches).
		expect(getJobItems).toHaveLength(3);
		expect(getJobItems[0].json.summary).toEqual(
			expect.objectContaining({ batches: 3, recordsSucceeded: 0, recordsFailed: 0 }),
		);
		expect(Object.keys(getJobItems[0].json.summary.batchesByStatus)).not.toContain('COMPLETE');
		expect(getJobItems[0].json.failedRecords).toEqual([]);
	});
});
