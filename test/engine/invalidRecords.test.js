const { createWorld, sharedWorldWithJob } = require('../harness/world.cjs');
const { inventoryItems, missingOrWrong } = require('../harness/inventory.cjs');

describe('Create Batch checks every record before sending anything', () => {
	let world;
	let jobId;
	sharedWorldWithJob({}, (shared) => ({ world, jobId } = shared));

	function withBadOnes() {
		const items = inventoryItems(20);
		items[3] = { ...items[3], qty: 'ten' };
		items[7] = { ...items[7], skuRef: '' };
		items[12] = { ...items[12], qty: 2.5, locationRef: undefined };
		return items;
	}

	test('by default one bad record fails the node, names the items, and nothing is sent', async () => {
		const node = world.fluentNode('Create Batch', { operation: 'createBatch', jobId });
		const result = await world.engine.run({ ...world.chain(node), input: withBadOnes() });

		expect(result.status).toBe('error');
		const error = result.nodeError('Create Batch');
		expect(error.message).toBe('3 of 20 items are not valid inventory records, so nothing was sent to Fluent');
		expect(error.description).toContain('item 3: "qty" must be a whole number, but is "ten".');
		expect(error.description).toContain('item 7: "skuRef" is missing.');
		expect(error.description).toContain('item 12: "locationRef" is missing.');
		expect(error.description).toContain('item 12: "qty" must be a whole number, but is 2.5.');
		expect(error.description).toContain('Continue');
		expect(world.simulator.stats().requests.batchCreate).toBe(0);
	});

	test('with Continue On Fail the good records arrive and each bad item becomes a paired error item', async () => {
		const items = withBadOnes();
		const node = world.fluentNode(
			'Create Batch',
			{ operation: 'createBatch', jobId, batchSize: 10 },
			{ settings: { onError: 'continueRegularOutput' } },
		);
		const result = await world.engine.run({ ...world.chain(node), input: items });

		expect(result.status).toBe('success');
		const output = result.items('Create Batch');
		const batches = output.filter((item) => !item.json.error);
		const errors = output.filter((item) => item.json.error);
		expect(batches.map((item) => item.json.recordCount)).toEqual([10, 7]);
		expect(batches[0].pairedItem.map((paired) => paired.item)).toEqual([0, 1, 2, 4, 5, 6, 8, 9, 10, 11]);
		expect(batches[0].json.inputItemRanges).toEqual([[0, 2], [4, 6], [8, 11]]);
		expect(errors.map((item) => [item.pairedItem, item.json.itemIndex])).toEqual([
			[{ item: 3 }, 3],
			[{ item: 7 }, 7],
			[{ item: 12 }, 12],
		]);
		expect(errors[0].json.error).toContain('item 3: "qty" must be a whole number');
		expect(errors[2].json.problems.map((problem) => problem.field)).toEqual(['locationRef', 'qty']);

		await world.simulator.settle();
		const good = items.filter((_, index) => ![3, 7, 12].includes(index));
		expect(missingOrWrong(world.simulator, good)).toEqual([]);
		expect(world.simulator.store.size).toBe(17);
	});
});

describe('invalid records on a fresh credential', () => {
	test('fail before any request at all, not even a login', async () => {
		const world = await createWorld();
		try {
			const items = inventoryItems(3);
			items[1].qty = -4;
			const node = world.fluentNode('Create Batch', { operation: 'createBatch', jobId: '42' });
			const result = await world.engine.run({ ...world.chain(node), input: items });
			expect(result.status).toBe('error');
			expect(result.nodeError('Create Batch').description).toContain('item 1: "qty" must not be negative');
			const requests = world.simulator.stats().requests;
			expect(Object.values(requests).reduce((sum, count) => sum + count, 0)).toBe(0);
		} finally {
			await world.close();
		}
	});
});
