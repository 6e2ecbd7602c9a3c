const { createWorld } = require('../harness/world.cjs');
const { inventoryItems, missingOrWrong } = require('../harness/inventory.cjs');

describe('Create Batch: every input item arrives once, in batches of at most Batch Size', () => {
	let world;

	beforeAll(async () => {
		world = await createWorld();
	});

	afterAll(async () => {
		await world.close();
	});

	beforeEach(() => {
		world.simulator.reset();
	});

	async function load(items, parameters = {}) {
		const jobId = await world.createJob();
		const node = world.fluentNode('Create Batch', { operation: 'createBatch', jobId, ...parameters });
		const result = await world.engine.run({ ...world.chain(node), input: items });
		return { jobId, result };
	}

	test.each([
		[1, [1]],
		[5000, [5000]],
		[5001, [5000, 1]],
		[12345, [5000, 5000, 2345]],
	])('%i records make batches of %j', async (count, sizes) => {
		const items = inventoryItems(count);
		const { jobId, result } = await load(items);

		expect(result.status).toBe('success');
		const output = result.items('Create Batch');
		expect(output.map((item) => item.json.recordCount)).toEqual(sizes);
		// Batches go out several at a time, so they may arrive in any order: match them by ID.
		const received = new Map(world.simulator.stats().batches.map((batch) => [String(batch.batchId), batch.entityCount]));
		expect(output.map((item) => received.get(item.json.batchId))).toEqual(sizes);
		expect(world.simulator.stats().requests.batchCreate).toBe(sizes.length);

		let next = 0;
		output.forEach((item, position) => {
			const expected = Array.from({ length: sizes[position] }, (_, index) => ({ item: next + index }));
			expect(item.pairedItem).toEqual(expected);
			expect(item.json).toEqual(
				expect.objectContaining({
					jobId,
					batchId: expect.any(String),
					status: 'PENDING',
					batchNumber: position + 1,
					batchCount: sizes.length,
					firstItemIndex: next,
					lastItemIndex: next + sizes[position] - 1,
					inputItemRanges: [[next, next + sizes[position] - 1]],
				}),
			);
			next += sizes[position];
		});

		await world.simulator.settle();
		expect(world.simulator.store.size).toBe(count);
		expect(world.simulator.store.totalArrivals).toBe(count);
		expect(missingOrWrong(world.simulator, items)).toEqual([]);
		// Each output item is paired with exactly the items whose records arrived in its batch.
		const pairedElsewhere = output.flatMap((item) =>
			item.pairedItem
				.map(({ item: index }) => items[index])
				.filter((input) => world.simulator.store.get('1', input.locationRef, input.skuRef).lastBatchId !== item.json.batchId)
				.map((input) => `${input.skuRef}@${input.locationRef} not in batch ${item.json.batchId}`),
		);
		expect(pairedElsewhere.slice(0, 5)).toEqual([]);
	});

	test('a smaller Batch Size splits in input order', async () => {
		const items = inventoryItems(10);
		const { result } = await load(items, { batchSize: 4 });
		expect(result.json('Create Batch').map((json) => [json.firstItemIndex, json.recordCount])).toEqual([
			[0, 4],
			[4, 4],
			[8, 2],
		]);
	});

	test('CSV-like input where every value is text loads as integers', async () => {
		const items = inventoryItems(300, { asText: true }).map((item, index) => ({
			...item,
			correctedQty: index % 3 === 0 ? '-1' : '',
			reservedQty: '2',
			comment: 'ignored column',
		}));
		const { result } = await load(items);
		expect(result.status).toBe('success');
		await world.simulator.settle();
		expect(missingOrWrong(world.simulator, items)).toEqual([]);
		const stored = world.simulator.store.get('1', items[0].locationRef, items[0].skuRef);
		expect(stored).toEqual(expect.objectContaining({ qty: Number(items[0].qty), correctedQty: -1, reservedQty: 2 }));
		expect(stored.comment).toBeUndefined();
	});

	test('Define Below maps each record field by expression per item', async () => {
		const rows = Array.from({ length: 250 }, (_, index) => ({
			article: `A${index}`,
			store: `S${index % 5}`,
			onHand: index * 2,
			ret: index % 2 === 0 ? '3' : '4',
		}));
		const { result } = await load(rows, {
			columns: {
				mappingMode: 'defineBelow',
				value: {
					skuRef: '={{ "SKU-" + $json.article }}',
					locationRef: '={{ $json.store }}',
					qty: '={{ $json.onHand + 1 }}',
					retailerId: '={{ $json.ret }}',
					type: 'LAST_ON_HAND',
				},
				matchingColumns: [],
				schema: [],
			},
		});
		expect(result.status).toBe('success');
		expect(result.json('Create Batch')[0].recordCount).toBe(250);
		await world.simulator.settle();
		expect(world.simulator.store.get('3', 'S0', 'SKU-A0')).toEqual(
			expect.objectContaining({ qty: 1, type: 'LAST_ON_HAND' }),
		);
		expect(world.simulator.store.get('4', 'S4', 'SKU-A249').qty).toBe(499);
		expect(world.simulator.store.size).toBe(250);
	});

	test('the batch-level source, event and catalogueRef are sent when set, and not otherwise', async () => {
		await load(inventoryItems(2), { options: { source: 'ERP', event: 'StockSync', catalogueRef: 'CAT:1' } });
		await load(inventoryItems(2, { offset: 10 }));
		const [withFields, without] = world.simulator.stats().batches;
		expect(withFields).toEqual(expect.objectContaining({ source: 'ERP', event: 'StockSync', catalogueRef: 'CAT:1' }));
		expect(without.source ?? null).toBeNull();
		expect(without.event ?? null).toBeNull();
		expect(without.catalogueRef ?? null).toBeNull();
	});

	test('Create Job → a feed → Create Batch with the job ID taken from Create Job', async () => {
		const items = inventoryItems(7000);
		const createJob = world.fluentNode('Create Job', { operation: 'createJob', jobName: 'Chained', retailerId: '' });
		const feed = world.emitItemsNode('Read Stock File', items);
		const createBatch = world.fluentNode('Create Batch', {
			operation: 'createBatch',
			jobId: "={{ $('Create Job').first().json.jobId }}",
		});
		const result = await world.engine.run({ ...world.chain(createJob, feed, createBatch), input: [{}] });

		expect(result.status).toBe('success');
		const [job] = result.json('Create Job');
		expect(result.json('Create Batch').map((json) => [json.jobId, json.recordCount])).toEqual([
			[job.jobId, 5000],
			[job.jobId, 2000],
		]);
		await world.simulator.settle();
		expect(missingOrWrong(world.simulator, items)).toEqual([]);
	});
});
