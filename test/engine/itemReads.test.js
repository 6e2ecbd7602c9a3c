// Issue 21: Create Batch reads each input item once. On n8n 1.x without task runners a Code
// node's items reach the next node as vm2 proxies, where every field read is a trap costing
// microseconds; here counting proxies stand in for them, and no field of any item may be read
// twice (plan, send, pairing and the failed records all work on the node's own copy).
const { sharedWorldWithJob } = require('../harness/world.cjs');
const { inventoryItems } = require('../harness/inventory.cjs');
const { waitingCreateBatch } = require('../harness/outputs.cjs');

/** Input items whose json counts how often each of its fields is read. */
function countingItems(rows) {
	const reads = rows.map(() => new Map());
	const input = rows.map((row, index) => ({
		json: new Proxy(row, {
			get(target, key, receiver) {
				if (typeof key === 'string') reads[index].set(key, (reads[index].get(key) ?? 0) + 1);
				return Reflect.get(target, key, receiver);
			},
		}),
	}));
	/** "item 3: skuRef read 2 times", for every field read more than once. */
	const readTwice = () =>
		reads.flatMap((fields, index) =>
			[...fields].filter(([, count]) => count > 1).map(([key, count]) => `item ${index}: ${key} read ${count} times`),
		);
	const unread = () => reads.filter((fields) => fields.size === 0).length;
	return { input, readTwice, unread };
}

describe('Create Batch reads each field of an input item at most once (issue 21)', () => {
	let world;
	let jobId;
	sharedWorldWithJob({ simulator: { pendingMs: 5, runningMs: 20, perRecordMs: 0 } }, (created) => ({ world, jobId } = created));

	async function load(rows, { parameters = {}, options = {} } = {}) {
		const items = countingItems(rows);
		const node = waitingCreateBatch(world, { jobId, options, parameters: { batchSize: 5, ...parameters } });
		const result = await world.engine.run({ ...world.chain(node), input: items.input });
		return { result, items };
	}

	test('Map Automatically, 12 items in 3 batches, 2 records rejected by Fluent and the Failed Records File', async () => {
		world.simulator.faults.failRecords(null, { positions: [1, 3], responseCode: '404', message: 'Location not found' });
		const rows = inventoryItems(12).map((row, index) => (index % 3 === 0 ? { ...row, ref: `POS-${index}`, note: 'x' } : row));
		const { result, items } = await load(rows, { options: { failedRecordsFile: true } });

		expect(result.status).toBe('success');
		const batches = result.json('Create Batch').filter((json) => json.batchId);
		expect(batches.map((json) => [json.recordCount, json.recordsFailed])).toEqual([
			[5, 2],
			[5, 2],
			[2, 1],
		]);
		expect(items.unread()).toBe(0);
		expect(items.readTwice()).toEqual([]);
	});

	test('Map Each Column Manually with plain fields, and Retailer ID from each item', async () => {
		const rows = inventoryItems(12).map((row, index) => ({ article: row.skuRef, store: row.locationRef, onHand: row.qty, shop: `R${index % 2}` }));
		const { result, items } = await load(rows, {
			parameters: {
				retailerId: '={{ $json.shop }}',
				columns: {
					mappingMode: 'defineBelow',
					value: { skuRef: '={{ $json.article }}', locationRef: '={{ $json.store }}', qty: '={{ $json.onHand }}' },
					matchingColumns: [],
					schema: [],
				},
			},
		});

		expect(result.status).toBe('success');
		expect(result.json('Create Batch').map((json) => json.recordsSucceeded)).toEqual([5, 5, 2]);
		await world.simulator.settle();
		expect(world.simulator.store.get('R1', rows[11].store, rows[11].article)).toEqual(expect.objectContaining({ qty: rows[11].onHand }));
		expect(items.unread()).toBe(0);
		expect(items.readTwice()).toEqual([]);
	});
});
