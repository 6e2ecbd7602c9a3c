// Many invalid rows in the files of a load, through n8n's engine against the simulator: the error
// counts them by field and by file, and with On Error: Continue their error items are made by
// reading the rows again once the load is sent.
const fs = require('node:fs');
const path = require('node:path');

const { sharedWorldWithBinaryStore } = require('../harness/world.cjs');
const { inventoryItems } = require('../harness/inventory.cjs');
const { binaryItem, csvOf } = require('../harness/binaryFiles.cjs');

const fromFile = (parameters = {}) => ({ operation: 'createBatch', recordsFrom: 'binaryFile', ...parameters });

describe('many invalid rows in the files of a load', () => {
	let world;
	let binaryStore;
	sharedWorldWithBinaryStore((made) => ({ world, binaryStore } = made));

	test('the error lists the first 10 invalid rows and counts all of them by field and by file', async () => {
		const north = inventoryItems(30);
		for (const row of [3, 5, 7, 9, 11, 13, 15, 17]) north[row].qty = '"1,5"';
		for (const row of [20, 21, 22]) north[row].locationRef = '';
		const south = inventoryItems(10, { offset: 30 });
		for (const row of [0, 4, 8]) south[row].qty = -2;
		south[9] = { ...north[1] };
		const jobId = await world.createJob();
		const node = world.fluentNode('Create Batch', fromFile({ jobId }));
		const result = await world.engine.run({
			...world.chain(node),
			input: [binaryItem(csvOf(north), { fileName: 'north.csv' }), binaryItem(csvOf(south), { fileName: 'south.csv' })],
		});

		expect(result.status).toBe('error');
		const error = result.nodeError('Create Batch');
		expect(error.message).toBe('15 of 40 rows are not valid inventory records, so nothing was sent to Fluent');
		const lines = error.description.split('\n');
		expect(lines.slice(0, 10).map((line) => line.split(':')[0])).toEqual([
			'north.csv line 5', 'north.csv line 7', 'north.csv line 9', 'north.csv line 11', 'north.csv line 13',
			'north.csv line 15', 'north.csv line 17', 'north.csv line 19', 'north.csv line 22', 'north.csv line 23',
		]);
		expect(lines[10]).toBe(
			'…and 5 more rows. By the field of their first problem: "qty": 11 rows, "locationRef": 3 rows, a stock position named before: 1 row. By file: north.csv: 11 rows, south.csv: 4 rows.',
		);
		expect(world.simulator.stats().requests.batchCreate).toBe(0);
	});

	test('with Continue, each invalid row is one error item with its line, also when the file changed after it was checked', async () => {
		const records = inventoryItems(12);
		records[2].qty = '"1,5"';
		records[5].qty = 'ten';
		records[7] = { ...records[0] };
		records[9].locationRef = '';
		const item = await binaryStore.storedItem(csvOf(records), { fileName: 'stock.csv' });
		const [stored] = fs
			.readdirSync(binaryStore.folder, { recursive: true })
			.map((name) => path.join(binaryStore.folder, name))
			.filter((file) => fs.statSync(file).isFile() && fs.readFileSync(file, 'utf8').includes('"1,5"'));
		// Once the batch is sent, rows 2 and 5 are corrected in the file; the row of line 11 stays.
		const corrected = records.map((record, index) => (index === 2 || index === 5 ? { ...record, qty: 4 } : record));
		world.simulator.config.onRequest = (entry) => {
			if (entry.endpoint === 'batchCreate') fs.writeFileSync(stored, csvOf(corrected));
		};
		try {
			const jobId = await world.createJob();
			const node = world.fluentNode('Create Batch', fromFile({ jobId }), { settings: { onError: 'continueRegularOutput' } });
			const result = await world.engine.run({ ...world.chain(node), input: [item] });

			expect(result.status).toBe('success');
			const output = result.json('Create Batch');
			expect(output[0].recordCount).toBe(8);
			expect(output.slice(1).map((json) => [json.line, json.error])).toEqual([
				[4, 'stock.csv line 4: was invalid when the file was checked, but the file has changed since, so its problem cannot be named. Check this line of the file, and leave the file unchanged while it is being loaded.'],
				[7, 'stock.csv line 7: was invalid when the file was checked, but the file has changed since, so its problem cannot be named. Check this line of the file, and leave the file unchanged while it is being loaded.'],
				[9, expect.stringMatching(/^stock\.csv line 9: names the same stock position as line 2 /)],
				[11, 'stock.csv line 11: "locationRef" is missing. Fill in column "locationRef" on this line; every row needs locationRef.'],
			]);
			expect(output.slice(1).map((json) => json.problems.length)).toEqual([1, 1, 1, 1]);
		} finally {
			world.simulator.config.onRequest = undefined;
		}
	});
});
