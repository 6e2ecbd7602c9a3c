// Create Batch with Records From: Binary File, through n8n's engine against the simulator.
const { sharedWorldWithBinaryStore, sharedWorldWithJob } = require('../harness/world.cjs');
const { inventoryItems, missingOrWrong } = require('../harness/inventory.cjs');
const { binaryItem, csvOf } = require('../harness/binaryFiles.cjs');

const fromFile = (parameters = {}) => ({ operation: 'createBatch', recordsFrom: 'binaryFile', ...parameters });

/** Resolves once `done()` is true, checking every 20 ms for at most 10 s. */
async function waitUntil(done) {
	const deadline = Date.now() + 10_000;
	while (!done()) {
		if (Date.now() > deadline) throw new Error('waited 10 s in vain');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** The batches the simulator received, by batch ID: how many records each held. */
const receivedSizes = (world) =>
	new Map(world.simulator.stats().batches.map((batch) => [String(batch.batchId), batch.entityCount]));

describe('Create Batch from a file in the input items (in-memory binary data)', () => {
	let world;
	let jobId;
	sharedWorldWithJob({}, (shared) => ({ world, jobId } = shared));

	async function load(input, parameters = {}, settings = {}) {
		const node = world.fluentNode('Create Batch', fromFile({ jobId, ...parameters }), { settings });
		return await world.engine.run({ ...world.chain(node), input });
	}

	test('a CSV of 12,345 rows goes in batches of 5,000, each naming its lines, every record once', async () => {
		const records = inventoryItems(12345);
		const result = await load([binaryItem(csvOf(records), { fileName: 'stock.csv' })], { batchSize: 5000 });

		expect(result.status).toBe('success');
		const output = result.items('Create Batch');
		expect(output.map((item) => [item.json.recordCount, item.json.firstLine, item.json.lastLine])).toEqual([
			[5000, 2, 5001],
			[5000, 5002, 10001],
			[2345, 10002, 12346],
		]);
		const received = receivedSizes(world);
		expect(output.map((item) => received.get(item.json.batchId))).toEqual([5000, 5000, 2345]);
		for (const [position, item] of output.entries()) {
			expect(item.pairedItem).toEqual([{ item: 0 }]);
			expect(item.json).toEqual(
				expect.objectContaining({ jobId, fileName: 'stock.csv', itemIndex: 0, batchNumber: position + 1, batchCount: 3 }),
			);
			expect(item.json.firstItemIndex).toBeUndefined();
		}
		await world.simulator.settle();
		expect(world.simulator.store.size).toBe(12345);
		expect(world.simulator.store.totalArrivals).toBe(12345);
		expect(missingOrWrong(world.simulator, records)).toEqual([]);
		expect(world.leakedSecrets(result)).toEqual([]);
	});

	test('faults on the way: a dropped connection, 503s and an expired token; each batch is sent again from its bytes, every row arrives once', async () => {
		const records = inventoryItems(12345);
		world.simulator.faults.dropConnection({ when: 'before', endpoint: 'batchCreate', count: 1 });
		world.simulator.faults.failNext(2, { status: 503, endpoint: 'batchCreate' });
		let expired = false;
		world.simulator.config.onRequest = (entry) => {
			if (!expired && entry.endpoint === 'batchCreate' && entry.status === 200) {
				expired = true;
				world.simulator.faults.expireTokens();
			}
		};
		try {
			const result = await load([binaryItem(csvOf(records), { fileName: 'stock.csv' })], {
				batchSize: 2000,
				options: { batchConcurrency: 1 },
			});

			expect(result.status).toBe('success');
			expect(result.json('Create Batch').map((json) => json.recordCount)).toEqual([2000, 2000, 2000, 2000, 2000, 2000, 345]);
			const stats = world.simulator.stats();
			expect(stats.responses[503]).toBe(2);
			// The expired token was refused and a new login made (a token n8n still held from an
			// earlier test of this suite may be refused once more).
			expect(stats.responses[401]).toBeGreaterThanOrEqual(1);
			expect(stats.requests.token).toBeGreaterThanOrEqual(1);
			expect(stats.batches).toHaveLength(7);
			await world.simulator.settle();
			expect(world.simulator.store.size).toBe(12345);
			expect(world.simulator.store.totalArrivals).toBe(12345);
			expect(missingOrWrong(world.simulator, records)).toEqual([]);
		} finally {
			world.simulator.config.onRequest = undefined;
		}
	});

	test('cancelling the execution while a file load is sending stops it at once; no batch starts after that', async () => {
		world.simulator.config.latencyMs = 40;
		const records = inventoryItems(50000);
		const node = world.fluentNode(
			'Create Batch',
			fromFile({ jobId, batchSize: 1000, options: { batchConcurrency: 1 } }),
		);
		const execution = world.engine.start({
			...world.chain(node),
			input: [binaryItem(csvOf(records), { fileName: 'stock.csv' })],
		});
		try {
			await waitUntil(() => world.simulator.stats().batches.length >= 3);
			const cancelledAt = Date.now();
			execution.cancel();
			const result = await execution.result;
			expect(Date.now() - cancelledAt).toBeLessThan(500);
			expect(result.status).toBe('canceled');
			const sent = world.simulator.stats().requests.batchCreate;
			expect(sent).toBeLessThan(50);
			await new Promise((resolve) => setTimeout(resolve, 300));
			// A request already on its way may still arrive; none starts after it.
			expect(world.simulator.stats().requests.batchCreate - sent).toBeLessThanOrEqual(1);
		} finally {
			world.simulator.config.latencyMs = 0;
		}
	});

	test('";" as CSV Delimiter, with Column Names for columns called differently', async () => {
		const records = inventoryItems(30).map((record) => ({ sku: record.skuRef, store: record.locationRef, on_hand: record.qty, note: 'x' }));
		const text = csvOf(records, { delimiter: ';', columns: ['store', 'sku', 'note', 'on_hand'] });
		const result = await load([binaryItem(text)], {
			options: { csvDelimiter: ';' },
			fileColumns: {
				column: [
					{ column: 'sku', field: 'skuRef' },
					{ column: 'store', field: 'locationRef' },
					{ column: 'on_hand', field: 'qty' },
				],
			},
		});

		expect(result.status).toBe('success');
		expect(result.json('Create Batch').map((json) => json.recordCount)).toEqual([30]);
		await world.simulator.settle();
		expect(missingOrWrong(world.simulator, inventoryItems(30))).toEqual([]);
	});

	test('a tab-separated file with CSV Delimiter \\t, quoted values and CRLF line breaks', async () => {
		const text = 'skuRef\tlocationRef\tqty\r\n"SKU\t1"\tLOC-1\t"7"\r\nSKU-2\tLOC-1\t0\r\n';
		const result = await load([binaryItem(text, { fileName: 'stock.tsv' })], { options: { csvDelimiter: '\\t' } });

		expect(result.status).toBe('success');
		await world.simulator.settle();
		expect(world.simulator.store.get('1', 'LOC-1', 'SKU\t1').qty).toBe(7);
		expect(world.simulator.store.get('1', 'LOC-1', 'SKU-2').qty).toBe(0);
	});

	test('a JSON array of objects and a JSON Lines file, two input items in one load', async () => {
		const first = inventoryItems(40);
		const second = inventoryItems(25, { offset: 40 });
		const array = JSON.stringify(first, null, 2);
		const lines = `${second.map((record) => JSON.stringify({ ...record, qty: String(record.qty) })).join('\n')}\n`;
		const result = await load(
			[binaryItem(array, { fileName: 'stock.json' }), binaryItem(lines, { fileName: 'more.jsonl' })],
			{ fileFormat: 'json', batchSize: 30 },
		);

		expect(result.status).toBe('success');
		const output = result.json('Create Batch');
		// Each pretty-printed object takes 5 lines. A batch holds the rows of one file only, so that it
		// belongs to one input item.
		expect(output.map((json) => [json.fileName, json.recordCount, json.firstLine, json.lastLine])).toEqual([
			['stock.json', 30, 2, 147],
			['stock.json', 10, 152, 197],
			['more.jsonl', 25, 1, 25],
		]);
		expect(result.items('Create Batch').map((item) => item.pairedItem)).toEqual([[{ item: 0 }], [{ item: 0 }], [{ item: 1 }]]);
		await world.simulator.settle();
		expect(missingOrWrong(world.simulator, [...first, ...second])).toEqual([]);
	});

	test('a bad row stops the node naming the file, its line and the field; nothing is sent', async () => {
		const records = inventoryItems(20);
		records[6].qty = 'ten';
		const result = await load([binaryItem(csvOf(records), { fileName: 'stock.csv' })]);

		expect(result.status).toBe('error');
		const error = result.nodeError('Create Batch');
		expect(error.message).toBe('1 of 20 rows is not a valid inventory record, so nothing was sent to Fluent');
		expect(error.description).toContain('stock.csv line 8: "qty" must be a whole number, but is "ten". Put a whole number in column "qty" (0 or more).');
		expect(error.description).toContain('On Error: Continue');
		expect(world.simulator.stats().requests.batchCreate).toBe(0);
	});

	test('with On Error: Continue the valid rows go and each bad row is an error item with its line', async () => {
		const records = inventoryItems(12);
		records[2].qty = -1;
		records[9].locationRef = '';
		const text = `${csvOf(records)}SKU-X,LOC-1\n`;
		const result = await load([{ ...binaryItem(text, { fileName: 'stock.csv' }) }], { batchSize: 5 }, { onError: 'continueRegularOutput' });

		expect(result.status).toBe('success');
		const output = result.items('Create Batch');
		const batches = output.filter((item) => !item.json.error);
		const errors = output.filter((item) => item.json.error);
		expect(batches.map((item) => [item.json.recordCount, item.json.firstLine, item.json.lastLine])).toEqual([
			[5, 2, 7],
			[5, 8, 13],
		]);
		expect(errors.map((item) => [item.json.line, item.json.fileName, item.pairedItem])).toEqual([
			[4, 'stock.csv', { item: 0 }],
			[11, 'stock.csv', { item: 0 }],
			[14, 'stock.csv', { item: 0 }],
		]);
		expect(errors[0].json.error).toBe('stock.csv line 4: "qty" must not be negative, but is "-1". Put a whole number in column "qty" (0 or more).');
		expect(errors[1].json.problems).toEqual([
			{ field: 'locationRef', problem: '"locationRef" is missing', fix: 'Fill in column "locationRef" on this line; every row needs locationRef.', code: 'MISSING_FIELD' },
		]);
		expect(errors[2].json.error).toContain('line 14: has 2 values but the header');
		await world.simulator.settle();
		expect(missingOrWrong(world.simulator, records.filter((_, index) => index !== 2 && index !== 9))).toEqual([]);
		expect(world.simulator.store.size).toBe(10);
	});

	test('the same stock position in the files of two input items is refused, naming both lines', async () => {
		const first = inventoryItems(10);
		const second = inventoryItems(10, { offset: 10 });
		second[3] = { ...first[7], qty: 99 };
		const result = await load([
			binaryItem(csvOf(first), { fileName: 'north.csv' }),
			binaryItem(csvOf(second), { fileName: 'south.csv' }),
		]);

		expect(result.status).toBe('error');
		const error = result.nodeError('Create Batch');
		expect(error.message).toBe('1 of 20 rows is not a valid inventory record, so nothing was sent to Fluent');
		expect(error.description).toContain(
			`south.csv line 5: names the same stock position as line 9 of north.csv (retailer "1", location "${first[7].locationRef}", SKU "${first[7].skuRef}")`,
		);
		expect(error.context.itemIndex).toBe(1);
		expect(world.simulator.stats().requests.batchCreate).toBe(0);
	});

	test('duplicates within one file with Continue: the first row goes, each repeat is an error item', async () => {
		const records = inventoryItems(6);
		const text = csvOf([...records, records[1], records[4], records[1]]);
		const result = await load([binaryItem(text)], {}, { onError: 'continueRegularOutput' });

		expect(result.status).toBe('success');
		const output = result.json('Create Batch');
		expect(output[0].recordCount).toBe(6);
		expect(output.slice(1).map((json) => [json.line, json.error.split(' (')[0]])).toEqual([
			[8, 'stock.csv line 8: names the same stock position as line 3'],
			[9, 'stock.csv line 9: names the same stock position as line 6'],
			[10, 'stock.csv line 10: names the same stock position as line 3'],
		]);
	});

	test('a file without a required column fails at its header row; a missing binary field names the item', async () => {
		const noQty = await load([binaryItem('skuRef,locationRef,amount\nA,L,1\n', { fileName: 'stock.csv' })]);
		expect(noQty.status).toBe('error');
		expect(noQty.nodeError('Create Batch').message).toBe(
			'stock.csv cannot be read: line 1: has no column for the required record field qty (the columns are "skuRef", "locationRef", "amount"). Name a column "qty" in the header row, or add the column that holds it under Column Names (for example on_hand → qty)',
		);

		const noFile = await load([binaryItem('skuRef,locationRef,qty\nA,L,1\n'), { json: {} }]);
		expect(noFile.status).toBe('error');
		expect(noFile.nodeError('Create Batch').message).toContain("binary file 'data'");
		expect(noFile.nodeError('Create Batch').context.itemIndex).toBe(1);
		expect(world.simulator.stats().requests.batchCreate).toBe(0);
	});

	test('with Continue, a file that cannot be read is one error item and the other file is loaded', async () => {
		const good = inventoryItems(8);
		const result = await load(
			[binaryItem('skuRef,locationRef,qty\n"SKU-1,LOC-1,3\nSKU-2,LOC-1,4\n', { fileName: 'broken.csv' }), binaryItem(csvOf(good), { fileName: 'good.csv' })],
			{},
			{ onError: 'continueRegularOutput' },
		);

		expect(result.status).toBe('success');
		const output = result.items('Create Batch');
		expect(output.map((item) => [item.json.fileName, item.json.recordCount ?? item.json.line, item.pairedItem])).toEqual([
			['good.csv', 8, [{ item: 1 }]],
			['broken.csv', 2, { item: 0 }],
		]);
		expect(output[1].json.error).toContain('broken.csv cannot be read: line 2:');
		await world.simulator.settle();
		expect(missingOrWrong(world.simulator, good)).toEqual([]);
		expect(world.simulator.store.size).toBe(8);
	});

	test('Column Names also name the properties of JSON objects', async () => {
		const lines = inventoryItems(5)
			.map((record) => JSON.stringify({ article: { id: 1 }, sku: record.skuRef, store: record.locationRef, on_hand: record.qty }))
			.join('\n');
		const result = await load([binaryItem(lines, { fileName: 'stock.jsonl' })], {
			fileFormat: 'json',
			fileColumns: { column: [{ column: 'sku', field: 'skuRef' }, { column: 'store', field: 'locationRef' }, { column: 'on_hand', field: 'qty' }] },
		});

		expect(result.status).toBe('success');
		await world.simulator.settle();
		expect(missingOrWrong(world.simulator, inventoryItems(5))).toEqual([]);
	});

	test('a batch Fluent refuses: the error names the lines of the file it held; with Continue each batch not loaded is an error item', async () => {
		const records = inventoryItems(25);
		world.simulator.faults.failNext(1, { status: 400, endpoint: 'batchCreate' });
		const failed = await load([binaryItem(csvOf(records), { fileName: 'stock.csv' })], {
			batchSize: 10,
			options: { batchConcurrency: 1 },
		});
		expect(failed.status).toBe('error');
		expect(failed.nodeError('Create Batch').message).toContain('0 of 3 batches reached job');
		expect(failed.nodeError('Create Batch').message).toContain('send batch 1 of 3 (lines 2–11 of stock.csv)');
		expect(world.simulator.stats().requests.batchCreate).toBe(1);

		world.simulator.faults.failNext(1, { status: 400, endpoint: 'batchCreate' });
		const continued = await load(
			[binaryItem(csvOf(records), { fileName: 'stock.csv' })],
			{ batchSize: 10, options: { batchConcurrency: 1 } },
			{ onError: 'continueRegularOutput' },
		);
		expect(continued.status).toBe('success');
		expect(
			continued.items('Create Batch').map((item) => [item.json.batchNumber, item.json.recordCount, item.json.fileName, item.json.firstLine, item.pairedItem]),
		).toEqual([
			[1, 10, 'stock.csv', 2, [{ item: 0 }]],
			[2, 10, 'stock.csv', undefined, [{ item: 0 }]],
			[3, 5, 'stock.csv', undefined, [{ item: 0 }]],
		]);
		expect(continued.json('Create Batch')[2].error).toBe('Batch 3 was not sent because batch 1 failed');
	});

	test('a job that closes part way: the file load carries on in a new job, each row sent once', async () => {
		const records = inventoryItems(25);
		world.simulator.faults.closeJobAfterBatches(jobId, 1);
		const result = await load([binaryItem(csvOf(records))], { batchSize: 10, options: { batchConcurrency: 1 } });

		expect(result.status).toBe('success');
		const output = result.json('Create Batch');
		expect(output.map((json) => [json.jobId === jobId, json.firstLine, json.lastLine])).toEqual([
			[true, 2, 11],
			[false, 12, 21],
			[false, 22, 26],
		]);
		expect(output[1].continuedFromJobId).toBe(jobId);
		await world.simulator.settle();
		expect(missingOrWrong(world.simulator, records)).toEqual([]);
		expect(world.simulator.store.totalArrivals).toBe(25);
	});

	test('a file load stopped part way names the files and lines loaded and not loaded, not the input items', async () => {
		const north = inventoryItems(25);
		const south = inventoryItems(8, { offset: 25 });
		world.simulator.faults.closeJobAfterBatches(jobId, 1);
		const files = [binaryItem(csvOf(north), { fileName: 'north.csv' }), binaryItem(csvOf(south), { fileName: 'south.csv' })];
		const result = await load(files, { batchSize: 10, options: { batchConcurrency: 1, onClosedJob: 'fail' } });

		expect(result.status).toBe('error');
		const error = result.nodeError('Create Batch');
		const [accepted] = world.simulator.stats().batches;
		expect(error.message).toContain(`1 of 4 batches reached job ${jobId}; batch 2 failed`);
		expect(error.description).toContain(`Accepted by Fluent: batch ${accepted.batchId} (north.csv lines 2–11).`);
		// Batch 2 (lines 12–21) was read and refused; batches 3 and 4 were never read.
		expect(error.description).toContain(
			'Not loaded: north.csv lines 12–21 and the 5 records after line 21; all 8 records of south.csv (batch 2 failed, later batches were not sent).',
		);
		await world.simulator.settle();
		expect(missingOrWrong(world.simulator, north.slice(0, 10))).toEqual([]);
		expect(world.simulator.store.size).toBe(10);
	});

	test("Retailer ID read per input item: each file's rows default to its item's retailer", async () => {
		const records = inventoryItems(6);
		const result = await load(
			[
				binaryItem(csvOf(records), { fileName: 'north.csv', json: { retailer: '7' } }),
				binaryItem(csvOf(records), { fileName: 'south.csv', json: { retailer: '8' } }),
			],
			{ retailerId: '={{ $json.retailer }}' },
		);

		// The same SKU and location for two retailers are two stock positions, not duplicates.
		expect(result.status).toBe('success');
		expect(result.json('Create Batch').map((json) => [json.fileName, json.recordCount])).toEqual([
			['north.csv', 6],
			['south.csv', 6],
		]);
		await world.simulator.settle();
		expect(missingOrWrong(world.simulator, records, '7')).toEqual([]);
		expect(missingOrWrong(world.simulator, records, '8')).toEqual([]);
	});

	test('Wait for Completion reports each batch COMPLETE with its lines', async () => {
		const records = inventoryItems(700);
		const result = await load([binaryItem(csvOf(records))], {
			batchSize: 300,
			waitForCompletion: true,
			options: { pollIntervalSeconds: 0.1, timeoutSeconds: 10 },
		});

		expect(result.status).toBe('success');
		expect(
			result.json('Create Batch').map((json) => [json.status, json.recordCount, json.firstLine, json.lastLine, json.recordsSucceeded]),
		).toEqual([
			['COMPLETE', 300, 2, 301, 300],
			['COMPLETE', 300, 302, 601, 300],
			['COMPLETE', 100, 602, 701, 100],
		]);
	});
});

describe("Create Batch from a file in n8n's filesystem binary data mode", () => {
	let world;
	let binaryStore;
	sharedWorldWithBinaryStore((made) => ({ world, binaryStore } = made));

	test('the file is read from the store by its id, as a stream, and every record arrives once', async () => {
		const records = inventoryItems(12345);
		const item = await binaryStore.storedItem(csvOf(records), { fileName: 'stock.csv' });
		// The item holds no file contents, only where the store keeps them.
		expect(item.binary.data.id).toMatch(/^filesystem(-v2)?:/);
		expect(item.binary.data.data).not.toContain('SKU');

		const jobId = await world.createJob();
		const node = world.fluentNode('Create Batch', fromFile({ jobId, batchSize: 5000 }));
		const result = await world.engine.run({ ...world.chain(node), input: [item] });

		expect(result.status).toBe('success');
		expect(result.json('Create Batch').map((json) => [json.recordCount, json.firstLine, json.lastLine])).toEqual([
			[5000, 2, 5001],
			[5000, 5002, 10001],
			[2345, 10002, 12346],
		]);
		await world.simulator.settle();
		expect(world.simulator.store.totalArrivals).toBe(12345);
		expect(missingOrWrong(world.simulator, records)).toEqual([]);
	});
});
