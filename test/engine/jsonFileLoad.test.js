// Records From: Binary File with File Format JSON: the keys Column Names gives, and numbers in
// text fields, through n8n's engine against the simulator.
const { sharedWorldWithJob } = require('../harness/world.cjs');
const { inventoryItems, missingOrWrong } = require('../harness/inventory.cjs');
const { binaryItem } = require('../harness/binaryFiles.cjs');

const fromJsonFile = (parameters = {}) => ({ operation: 'createBatch', recordsFrom: 'binaryFile', fileFormat: 'json', ...parameters });

describe('Create Batch from a JSON file', () => {
	let world;
	let jobId;
	sharedWorldWithJob({}, (shared) => ({ world, jobId } = shared));

	async function load(input, parameters = {}, settings = {}) {
		const node = world.fluentNode('Create Batch', fromJsonFile({ jobId, ...parameters }), { settings });
		return await world.engine.run({ ...world.chain(node), input });
	}

	const withReserved = (records) => records.map((record) => ({ ...record, reserved: 2 }));

	test('a Column Names key that no object of the file has is refused before anything is sent, naming the key and the keys the objects have', async () => {
		const text = JSON.stringify(withReserved(inventoryItems(6)), null, 1);
		const result = await load([binaryItem(text, { fileName: 'stock.json' })], {
			fileColumns: { column: [{ column: 'Reserved', field: 'reservedQty' }] },
		});

		expect(result.status).toBe('error');
		const error = result.nodeError('Create Batch');
		expect(error.message).toBe(
			'stock.json cannot be read: line 2: no object in the file has the key "Reserved", which Column Names gives for reservedQty; the first object (this line) has the keys "skuRef", "locationRef", "qty", "reserved". Correct the key under Column Names (keys are case-sensitive), or the keys of the objects in the file',
		);
		expect(error.context.itemIndex).toBe(0);
		expect(world.simulator.stats().requests.batchCreate).toBe(0);

		// A key that only some objects have is theirs: the others carry no such field.
		const records = inventoryItems(6);
		const lines = records.map((record, index) => JSON.stringify(index === 4 ? { ...record, Reserved: 1 } : record)).join('\n');
		const someHaveIt = await load([binaryItem(lines, { fileName: 'stock.jsonl' })], {
			fileColumns: { column: [{ column: 'Reserved', field: 'reservedQty' }] },
		});
		expect(someHaveIt.status).toBe('success');
		await world.simulator.settle();
		expect(missingOrWrong(world.simulator, records)).toEqual([]);
		expect(world.simulator.store.get('1', records[4].locationRef, records[4].skuRef).reservedQty).toBe(1);
	});

	test('text fields written as JSON numbers are sent exactly as the file writes them, even beyond 2^53, with a fraction or an exponent', async () => {
		const lines = [
			'{"skuRef": 12345678901234567891, "locationRef": "LOC-1", "qty": 5}',
			'{"skuRef": 9007199254740993, "locationRef": 1.50, "qty": 6}',
			'{"skuRef": 1e3, "locationRef": "LOC-1", "qty": 7, "ref": 0.10}',
			'{"skuRef": 42, "locationRef": -0, "qty": 8}',
		].join('\n');
		const result = await load([binaryItem(lines, { fileName: 'stock.jsonl' })]);

		expect(result.status).toBe('success');
		await world.simulator.settle();
		const expected = [
			{ skuRef: '12345678901234567891', locationRef: 'LOC-1', qty: 5 },
			{ skuRef: '9007199254740993', locationRef: '1.50', qty: 6 },
			{ skuRef: '1e3', locationRef: 'LOC-1', qty: 7 },
			{ skuRef: '42', locationRef: '-0', qty: 8 },
		];
		expect(missingOrWrong(world.simulator, expected)).toEqual([]);
		expect(world.simulator.store.size).toBe(4);
		expect(world.simulator.store.get('1', 'LOC-1', '1e3').ref).toBe('0.10');
	});

	test('a quantity whose fraction is too small for a JavaScript number is refused with its line, as written', async () => {
		const lines = [
			'{"skuRef": "SKU-1", "locationRef": "LOC-1", "qty": 5.0}',
			'{"skuRef": "SKU-2", "locationRef": "LOC-1", "qty": 10.0000000000000001}',
			'{"skuRef": "SKU-3", "locationRef": "LOC-1", "qty": 1e2}',
		].join('\n');
		const result = await load([binaryItem(lines, { fileName: 'stock.jsonl' })]);

		expect(result.status).toBe('error');
		const error = result.nodeError('Create Batch');
		expect(error.message).toBe('1 of 3 rows is not a valid inventory record, so nothing was sent to Fluent');
		expect(error.description).toContain('stock.jsonl line 2: "qty" must be a whole number, but is "10.0000000000000001".');
		expect(world.simulator.stats().requests.batchCreate).toBe(0);
	});
});
