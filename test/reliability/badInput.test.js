const { createWorld } = require('../harness/world.cjs');
const { inventoryItems } = require('../harness/inventory.cjs');

/**
 * The bad-input table: each row is one kind of bad input, run through n8n's engine. Every row
 * must fail with a clear message (naming the item and field where there is one), send no batch,
 * and leak no secret.
 */
const good = (index = 0) => inventoryItems(index + 1)[index];

/** Records with one bad field at item 2 of 4; `expected` is matched against the error. */
const recordCases = [
	['missing skuRef', { skuRef: undefined }, 'item 2: "skuRef" is missing'],
	['empty skuRef', { skuRef: '' }, 'item 2: "skuRef" is missing'],
	['blank skuRef', { skuRef: '   ' }, 'item 2: "skuRef" is missing'],
	['skuRef that is an object', { skuRef: { code: 'A' } }, 'item 2: "skuRef" must be text, but is an object'],
	['skuRef that is a boolean', { skuRef: true }, 'item 2: "skuRef" must be text, but is the boolean true'],
	['missing locationRef', { locationRef: undefined }, 'item 2: "locationRef" is missing'],
	['null locationRef', { locationRef: null }, 'item 2: "locationRef" is missing'],
	['missing qty', { qty: undefined }, 'item 2: "qty" is missing'],
	['empty qty (CSV cell)', { qty: '' }, 'item 2: "qty" is missing'],
	['negative qty', { qty: -5 }, 'item 2: "qty" must not be negative, but is -5'],
	['negative qty as text', { qty: '-5' }, 'item 2: "qty" must not be negative'],
	['negative reservedQty', { reservedQty: -1 }, 'item 2: "reservedQty" must not be negative'],
	['fractional qty', { qty: 2.5 }, 'item 2: "qty" must be a whole number, but is 2.5'],
	['fractional qty as text', { qty: '2.5' }, 'item 2: "qty" must be a whole number, but is "2.5"'],
	['qty in words', { qty: 'ten' }, 'item 2: "qty" must be a whole number, but is "ten"'],
	['NaN qty', { qty: Number.NaN }, 'item 2: "qty" must be a whole number, but is NaN'],
	['Infinity qty', { qty: Number.POSITIVE_INFINITY }, 'item 2: "qty" must be a whole number, but is Infinity'],
	['huge qty', { qty: 1e12 }, 'item 2: "qty" is too large (1000000000000)'],
	['boolean qty', { qty: false }, 'item 2: "qty" must be a whole number, but is the boolean false'],
	['object qty', { qty: { value: 3 } }, 'item 2: "qty" must be a whole number, but is an object'],
	['list qty', { qty: [3] }, 'item 2: "qty" must be a whole number, but is a list'],
	['fractional correctedQty', { correctedQty: 0.5 }, 'item 2: "correctedQty" must be a whole number'],
	['attributes that are not an object', { attributes: '[1,2]' }, 'item 2: "attributes" must be an object'],
];

describe('bad input is refused with a clear error, and nothing is sent', () => {
	let world;
	let jobId;
	let result;

	beforeAll(async () => {
		world = await createWorld();
		jobId = await world.createJob('Bad input');
	});

	afterAll(async () => {
		await world.close();
	});

	beforeEach(() => {
		world.simulator.reset();
		result = undefined;
	});

	afterEach(() => {
		if (result) expect(world.leakedSecrets(result)).toEqual([]);
		expect(world.simulator.stats().requests.batchCreate).toBe(0);
	});

	async function createBatch(input, parameters = {}) {
		const node = world.fluentNode('Create Batch', { operation: 'createBatch', jobId, ...parameters });
		result = await world.engine.run({ ...world.chain(node), input });
		return result;
	}

	test.each(recordCases)('%s', async (_name, change, expected) => {
		const items = inventoryItems(4);
		items[2] = { ...items[2], ...change };
		for (const [key, value] of Object.entries(change)) if (value === undefined) delete items[2][key];
		await createBatch(items);

		expect(result.status).toBe('error');
		const error = result.nodeError('Create Batch');
		expect(error.message).toBe('1 of 4 items are not valid inventory records, so nothing was sent to Fluent');
		expect(error.description).toContain(expected);
		expect(error.context.itemIndex).toBe(2);
	});

	test('an item whose fields are all missing (an empty CSV row)', async () => {
		await createBatch([good(0), {}]);
		expect(result.nodeError('Create Batch').description).toContain('item 1: "skuRef" is missing');
		expect(result.nodeError('Create Batch').description).toContain('item 1: "qty" is missing');
	});

	test('an item that is not an object', async () => {
		await createBatch([{ json: good(0) }, { json: ['SKU', 'LOC', 3] }]);
		expect(result.status).toBe('error');
		expect(result.nodeError('Create Batch').description).toContain('item 1: the item is not an object');
	});

	test('the same stock position twice in one load', async () => {
		await createBatch([good(0), good(1), { ...good(0), qty: 99 }]);
		const error = result.nodeError('Create Batch');
		expect(error.description).toContain('item 2: "skuRef" names the same stock position as item 0');
		expect(error.description).toContain('Remove the duplicates');
	});

	test('no input items: nothing is sent and nothing fails', async () => {
		await createBatch([]);
		expect(result.status).toBe('success');
		expect(result.json('Create Batch')).toEqual([]);
	});

	test.each([
		[0, 'Batch Size must be a whole number from 1 to 5000, but is 0'],
		[5001, 'Batch Size must be a whole number from 1 to 5000, but is 5001'],
		['lots', 'Batch Size must be a whole number from 1 to 5000, but is "lots"'],
		[2.5, 'Batch Size must be a whole number from 1 to 5000, but is 2.5'],
	])('Batch Size %p', async (batchSize, message) => {
		await createBatch(inventoryItems(2), { batchSize });
		expect(result.status).toBe('error');
		expect(result.nodeError('Create Batch').message).toBe(message);
		expect(result.nodeError('Create Batch').description).toContain('Fluent accepts at most 5000 records in one batch');
	});

	test('an empty Job ID: n8n itself refuses to start, naming the parameter', async () => {
		await createBatch(inventoryItems(2), { jobId: '' });
		expect(result.status).toBe('error');
		expect(result.error.message).toContain("The 'Create Batch' node has issues");
		expect(result.error.message).toContain('Parameter "Job ID" is required');
	});

	test('a Job ID expression that gives nothing', async () => {
		await createBatch(inventoryItems(2), { jobId: '={{ $json.jobId }}' });
		expect(result.nodeError('Create Batch').message).toBe('Job ID is empty');
		expect(result.nodeError('Create Batch').description).toContain('{{ $json.jobId }}');
	});

	test('a Job ID unknown to Fluent: the batch is refused and nothing is stored', async () => {
		await createBatch(inventoryItems(2), { jobId: '987654' });
		const error = result.nodeError('Create Batch');
		expect(error.message).toContain('batch 1 failed: Fluent could not find job 987654');
		expect(error.description).toContain('Not loaded: items 0–1');
		await world.simulator.settle();
		expect(world.simulator.store.size).toBe(0);
		// The refused POST was sent; clear the counters that the after-each check reads.
		world.simulator.reset();
	});

	test('a Job ID expression that fails', async () => {
		await createBatch(inventoryItems(2), { jobId: "={{ $('Create Job').first().json.jobId }}" });
		expect(result.status).toBe('error');
		expect(result.nodeError('Create Batch').message).toBe(
			"The Job ID expression could not be evaluated: Referenced node doesn't exist",
		);
	});

	test('a record field expression that fails names the item and the field', async () => {
		await createBatch(
			[{ sku: 'A', loc: 'L', n: 1 }, { sku: 'B', loc: 'L', n: null }],
			{
				columns: {
					mappingMode: 'defineBelow',
					value: {
						skuRef: '={{ $json.sku }}',
						locationRef: '={{ $json.loc }}',
						qty: "={{ $json.n === null ? $('No Such Node').item.json.qty : $json.n }}",
					},
					matchingColumns: [],
					schema: [],
				},
			},
		);
		const error = result.nodeError('Create Batch');
		expect(error.message).toBe('1 of 2 items are not valid inventory records, so nothing was sent to Fluent');
		expect(error.description).toContain('item 1: "qty" could not be mapped: Referenced node doesn\'t exist');
		expect(error.description).toContain('Correct the expression of "qty"');
	});

	test('a record field expression that gives nothing reads as a missing field', async () => {
		await createBatch([{ sku: 'A' }], {
			columns: {
				mappingMode: 'defineBelow',
				value: { skuRef: '={{ $json.sku }}', locationRef: '={{ $json.store.code }}', qty: '={{ $json.count }}' },
				matchingColumns: [],
				schema: [],
			},
		});
		expect(result.nodeError('Create Batch').description).toContain('item 0: "locationRef" is missing');
		expect(result.nodeError('Create Batch').description).toContain('item 0: "qty" is missing');
	});

	test("the same stock position with and without the login's retailer, on a first run", async () => {
		// No stored token and no Retailer ID: the default retailer is only learnt from the login.
		const fresh = await createWorld();
		try {
			const node = fresh.fluentNode('Create Batch', { operation: 'createBatch', jobId: '5' });
			const position = { locationRef: 'LOC-1', skuRef: 'SKU-1' };
			result = await fresh.engine.run({
				...fresh.chain(node),
				input: [{ ...position, retailerId: '1', qty: 4 }, { ...position, qty: 5 }],
			});
			const error = result.nodeError('Create Batch');
			expect(error.description).toContain('item 1: "skuRef" names the same stock position as item 0 (retailer "1"');
			expect(fresh.simulator.stats().requests.token).toBe(1);
			expect(fresh.simulator.stats().requests.batchCreate).toBe(0);
			expect(fresh.leakedSecrets(result)).toEqual([]);
		} finally {
			await fresh.close();
		}
	});

	test('no retailer anywhere and none on the records', async () => {
		const bare = await createWorld({
			simulator: { users: [{ ...require('../simulator/simulator.cjs').DEFAULT_USER, retailerId: null }] },
		});
		try {
			const node = bare.fluentNode('Create Batch', { operation: 'createBatch', jobId: '5' });
			result = await bare.engine.run({ ...bare.chain(node), input: inventoryItems(2) });
			const error = result.nodeError('Create Batch');
			expect(error.message).toBe('2 of 2 items are not valid inventory records, so nothing was sent to Fluent');
			expect(error.description).toContain('item 0: "retailerId" is missing and no default retailer is set');
			expect(bare.simulator.stats().requests.batchCreate).toBe(0);
			expect(bare.leakedSecrets(result)).toEqual([]);
		} finally {
			await bare.close();
		}
	});
});

describe('bad input to the other operations', () => {
	let world;
	let result;

	beforeAll(async () => {
		world = await createWorld();
	});

	afterAll(async () => {
		await world.close();
	});

	afterEach(() => {
		expect(world.leakedSecrets(result)).toEqual([]);
	});

	async function run(parameters, settings) {
		result = await world.engine.run(world.chain(world.fluentNode('Node', parameters, { settings })));
		return result.nodeError('Node');
	}

	test('Get Batch with an empty Batch ID', async () => {
		const error = await run({ operation: 'getBatch', jobId: '1', batchId: ' ' });
		expect(error.message).toBe('Batch ID is empty');
	});

	test('Get Batch of a job unknown to Fluent', async () => {
		const error = await run({ operation: 'getBatch', jobId: '424242', batchId: '1' });
		expect(error.message).toContain('Fluent could not find batch 1 in job 424242');
	});

	test('Get Job with a Job ID that is only spaces', async () => {
		const error = await run({ operation: 'getJob', jobId: '   ' });
		expect(error.message).toBe('Job ID is empty');
	});

	test('Create Job with an empty name', async () => {
		const error = await run({ operation: 'createJob', jobName: '  ', retailerId: '1' });
		expect(error.message).toBe('Job Name is empty');
		expect(world.simulator.stats().requests.jobCreate).toBe(0);
	});

	test('an option out of range', async () => {
		const error = await run({ operation: 'getJob', jobId: '1', options: { requestTimeoutSeconds: 0 } });
		expect(error.message).toBe('"Request Timeout (Seconds)" must be a number from 1 to 3600, but is 0');
	});

	test('with Continue On Fail, each bad item of a per-item operation becomes a paired error item', async () => {
		result = await world.engine.run({
			...world.chain(
				world.fluentNode('Node', { operation: 'getJob', jobId: '={{ $json.id }}' }, { settings: { onError: 'continueRegularOutput' } }),
			),
			input: [{ id: '' }, { id: '777777' }],
		});
		expect(result.status).toBe('success');
		const items = result.items('Node');
		expect(items.map((item) => [item.json.error, item.pairedItem])).toEqual([
			['Job ID is empty', { item: 0 }],
			['Fluent could not find job 777777: Job 777777 not found (404)', { item: 1 }],
		]);
	});
});
