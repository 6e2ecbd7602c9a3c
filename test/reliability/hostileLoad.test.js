const { workflow } = require('../harness/n8nModules.cjs');
const { createWorld } = require('../harness/world.cjs');
const { inventoryItems } = require('../harness/inventory.cjs');

/**
 * Issue 11, the parameters and load side: per-item parameters honoured or refused (1), result
 * pages that never end or repeat (4), batches that end FAILED and other statuses (6), IDs that
 * would change the URL (9), and the record checks of 10. Each case runs through n8n's engine
 * against the simulator, and every run is scanned for leaked secrets.
 */
describe('hostile load: parameters per item, bounded result reading, batch statuses, IDs, records', () => {
	let world;
	let jobId;
	const results = [];

	beforeEach(async () => {
		world = await createWorld({ simulator: { pendingMs: 5, runningMs: 20, perRecordMs: 0 } });
		jobId = await world.createJob('Hostile');
	});

	afterEach(async () => {
		try {
			for (const result of results) expect(world.leakedSecrets(result)).toEqual([]);
		} finally {
			results.length = 0;
			await world?.close();
		}
	});

	async function run(parameters, items, { settings = {}, name = 'Node' } = {}) {
		const node = world.fluentNode(name, parameters, { settings });
		const result = await world.engine.run({ ...world.chain(node), input: items });
		results.push(result);
		return result;
	}

	const createBatch = (parameters, items, options) =>
		run({ operation: 'createBatch', jobId, ...parameters }, items, { name: 'Create Batch', ...options });

	const continueOnFail = { settings: { onError: 'continueRegularOutput' } };
	const position = (sku, extra = {}) => ({ skuRef: sku, locationRef: 'LOC-1', qty: 3, ...extra });

	describe('1: parameters are read per item, or refused when they must be the same', () => {
		test('Retailer ID {{ $json.shop }}: each record goes to its own item\'s retailer', async () => {
			const result = await createBatch({ retailerId: '={{ $json.shop }}' }, [
				position('SKU-A', { shop: 7 }),
				position('SKU-B', { shop: 8 }),
				position('SKU-C', { shop: 8, retailerId: '9' }),
			]);

			expect(result.status).toBe('success');
			await world.simulator.settle();
			expect(world.simulator.store.get('7', 'LOC-1', 'SKU-A')).toBeDefined();
			expect(world.simulator.store.get('8', 'LOC-1', 'SKU-B')).toBeDefined();
			expect(world.simulator.store.get('9', 'LOC-1', 'SKU-C')).toBeDefined();
			expect(world.simulator.store.size).toBe(3);
		});

		test('the same SKU and location for two retailers (per-item Retailer ID) are two positions', async () => {
			const result = await createBatch({ retailerId: '={{ $json["shop"] }}' }, [
				position('SKU-A', { shop: '7' }),
				position('SKU-A', { shop: '8' }),
			]);
			expect(result.status).toBe('success');
			await world.simulator.settle();
			expect(world.simulator.store.size).toBe(2);
		});

		test('a Job ID that differs between items is refused before sending, naming the items', async () => {
			const other = await world.createJob('Other');
			const items = inventoryItems(5).map((item, index) => ({ ...item, job: index < 3 ? jobId : other }));
			const result = await createBatch({ jobId: '={{ $json.job }}' }, items);

			expect(result.status).toBe('error');
			const error = result.nodeError('Create Batch');
			expect(error.message).toBe(`Job ID is "${jobId}" for item 0 but "${other}" for item 3`);
			expect(error.description).toContain('one load into one job');
			expect(error.description).toContain('Loop Over Items');
			expect(error.context.itemIndex).toBe(3);
			expect(world.simulator.stats().requests.batchCreate).toBe(0);
		});

		test('Batch Size and an option that differ between items are refused before sending', async () => {
			const items = inventoryItems(4).map((item, index) => ({ ...item, size: index === 2 ? 2 : 1, src: `ERP-${index}` }));
			let result = await createBatch({ batchSize: '={{ $json.size }}' }, items);
			expect(result.nodeError('Create Batch').message).toBe('Batch Size is 1 for item 0 but 2 for item 2');

			result = await createBatch({ options: { source: '={{ $json.src }}' } }, items);
			expect(result.nodeError('Create Batch').message).toBe('"Source" in the node\'s options is "ERP-0" for item 0 but "ERP-1" for item 1');
			expect(world.simulator.stats().requests.batchCreate).toBe(0);

			// The same value for every item, even from an expression, is fine.
			result = await createBatch({ batchSize: '={{ $json.size * 0 + 2 }}', options: { source: "={{ 'ERP' }}" } }, items);
			expect(result.status).toBe('success');
			expect(result.json('Create Batch').map((batch) => batch.recordCount)).toEqual([2, 2]);
			expect(world.simulator.stats().batches.map((batch) => batch.source)).toEqual(['ERP', 'ERP']);
		});

		test('a Retailer ID that is an object or a boolean is refused with the item index (Create Batch)', async () => {
			const result = await createBatch({ retailerId: '={{ $json.shop }}' }, [
				position('SKU-A', { shop: 7 }),
				position('SKU-B', { shop: { id: 8 } }),
				position('SKU-C', { shop: true }),
			]);
			expect(result.status).toBe('error');
			const error = result.nodeError('Create Batch');
			expect(error.message).toBe('2 of 3 items are not valid inventory records, so nothing was sent to Fluent');
			expect(error.description).toContain('item 1: "Retailer ID" must be text or a number, but is an object');
			expect(error.description).toContain('item 2: "Retailer ID" must be text or a number, but is the boolean true');
			expect(error.description).not.toContain('[object Object]');
			expect(world.simulator.stats().requests.batchCreate).toBe(0);
		});

		test('a Retailer ID expression that fails is reported per item, and nothing is sent', async () => {
			const result = await createBatch({ retailerId: "={{ $('No Such Node').first().json.shop }}" }, [
				position('SKU-A'),
				position('SKU-B', { retailerId: '5' }),
			]);
			const error = result.nodeError('Create Batch');
			expect(error.message).toBe('1 of 2 items are not valid inventory records, so nothing was sent to Fluent');
			expect(error.description).toContain('item 0: "Retailer ID" could not be evaluated');
			expect(world.simulator.stats().requests.batchCreate).toBe(0);
		});

		test('a Retailer ID or Job Name that is an object is refused with the item index (Create Job)', async () => {
			const before = world.simulator.stats().requests.jobCreate;
			let result = await run({ operation: 'createJob', jobName: 'Load', retailerId: '={{ $json.shop }}' }, [
				{ shop: 7 },
				{ shop: { id: 8 } },
			]);
			let error = result.nodeError('Node');
			expect(error.message).toBe('Retailer ID must be text or a number, not an object {"id":8}');
			expect(error.context.itemIndex).toBe(1);
			expect(world.simulator.stats().requests.jobCreate).toBe(before + 1);
			expect(world.simulator.stats().jobs.map((job) => job.retailerId)).not.toContain('[object Object]');

			result = await run({ operation: 'createJob', jobName: '={{ $json.name }}', retailerId: '1' }, [{ name: ['a'] }]);
			error = result.nodeError('Node');
			expect(error.message).toBe('Job Name must be text or a number, not a list ["a"]');
			expect(world.simulator.stats().requests.jobCreate).toBe(before + 1);
		});

		describe('cost at 100,000 items', () => {
			const { Expression } = workflow;
			const original = Expression.prototype.resolveSimpleParameterValue;
			let evaluations = 0;

			beforeAll(() => {
				Expression.prototype.resolveSimpleParameterValue = function countingResolve(...args) {
					evaluations++;
					return original.apply(this, args);
				};
			});

			afterAll(() => {
				Expression.prototype.resolveSimpleParameterValue = original;
			});

			async function evaluationsFor(retailerId, items) {
				evaluations = 0;
				// Job ID from each item's json too: compared per item, read without the evaluator.
				const result = await createBatch({ retailerId, jobId: '={{ $json.job }}' }, items.map((item) => ({ ...item, job: jobId })));
				expect(result.status).toBe('success');
				return evaluations;
			}

			test('a constant or a plain {{ $json.shop }} Retailer ID is not evaluated per item', async () => {
				const many = inventoryItems(100_000).map((item, index) => ({ ...item, shop: index % 2 === 0 ? 7 : 8 }));
				expect(await evaluationsFor('7', many)).toBeLessThan(50);
				expect(await evaluationsFor('={{ $json.shop }}', many)).toBeLessThan(50);
				await world.simulator.settle();
				// Only the second load can have put the odd items into retailer 8.
				expect(world.simulator.store.get('8', many[1].locationRef, many[1].skuRef)).toBeDefined();
				expect(world.simulator.store.get('8', many[0].locationRef, many[0].skuRef)).toBeUndefined();

				// The counter does see per-item evaluation: an expression that is not a plain field.
				const few = inventoryItems(2000, { offset: 200_000 }).map((item) => ({ ...item, shop: 9 }));
				expect(await evaluationsFor('={{ String($json.shop) }}', few)).toBeGreaterThanOrEqual(2000);
			}, 120_000);

			test("a Job ID {{ $('Config').first().json.jobId }} is evaluated once, not per item", async () => {
				const config = world.emitItemsNode('Config', [{ jobId }]);
				const records = world.emitItemsNode('Records', inventoryItems(3000, { offset: 300_000 }));
				const node = world.fluentNode('Create Batch', {
					operation: 'createBatch',
					jobId: "={{ $('Config').first().json.jobId }}",
				});
				evaluations = 0;
				const result = await world.engine.run(world.chain(config, records, node));
				results.push(result);
				expect(result.status).toBe('success');
				expect(result.json('Create Batch')[0].jobId).toBe(jobId);
				expect(evaluations).toBeLessThan(50);
			}, 60_000);
		});
	});

	describe('4: reading per-record results is bounded', () => {
		test('Create Batch (Timeout 3 s) against result pages that never end: stops in time, naming the batch', async () => {
			world.simulator.faults.endlessResults();
			const started = Date.now();
			const result = await createBatch(
				{ waitForCompletion: true, options: { timeoutSeconds: 3, pollIntervalSeconds: 0.1, requestTimeoutSeconds: 2 } },
				inventoryItems(3),
			);
			expect(Date.now() - started).toBeLessThan(3000 + 2000 + 1000);
			expect(result.status).toBe('error');
			const error = result.nodeError('Create Batch');
			const batchId = world.simulator.stats().batches[0].batchId;
			expect(error.message).toContain(`batch ${batchId}`);
			expect(error.message).toContain('more results than the batch has records');
			expect(world.simulator.stats().requests.batchGet).toBeLessThan(20);
		}, 30_000);

		test('Get Batch against result pages that never end does not read more than a batch can hold', async () => {
			const sent = await createBatch({}, inventoryItems(3));
			const { batchId } = sent.json('Create Batch')[0];
			await world.simulator.settle();
			world.simulator.faults.endlessResults();
			const before = world.simulator.stats().requests.batchGet;
			const started = Date.now();
			const result = await run({ operation: 'getBatch', jobId, batchId }, [{}], continueOnFail);

			expect(Date.now() - started).toBeLessThan(5000);
			expect(world.simulator.stats().requests.batchGet - before).toBeLessThanOrEqual(6);
			const [json] = result.json('Node');
			expect(json.error).toContain(`batch ${batchId} of job ${jobId}`);
			expect(json.error).toContain('more results than');
			expect(json.failedRecords).toBeUndefined();
		}, 30_000);

		test('a server that ignores start: one failed record is not counted once per page', async () => {
			world.simulator.faults.failRecords(null, { positions: [0] });
			world.simulator.faults.ignoreStart();
			const result = await createBatch(
				{ batchSize: 3000, waitForCompletion: true, options: { pollIntervalSeconds: 0.1, timeoutSeconds: 20 } },
				inventoryItems(3000),
				continueOnFail,
			);
			const [json] = result.json('Create Batch');
			expect(json.recordsFailed).not.toBe(3);
			expect(json.error).toContain(`batch ${json.batchId}`);
			expect(json.error).toContain('the same page of results twice');
			expect(world.simulator.stats().requests.batchGet).toBeLessThan(10);
		}, 30_000);

		test("reading a batch's result pages stops at the wait's Timeout", async () => {
			// Each answer takes 0.7 s: the poll and two result pages fit in 2 s, five pages do not.
			const items = inventoryItems(5000);
			world.simulator.config.latencyMs = 700;
			const started = Date.now();
			const result = await createBatch(
				{ waitForCompletion: true, options: { pollIntervalSeconds: 0.1, timeoutSeconds: 2, requestTimeoutSeconds: 5 } },
				items,
			);
			const waited = Date.now() - started;
			expect(result.status).toBe('error');
			const batchId = world.simulator.stats().batches[0].batchId;
			expect(result.nodeError('Create Batch').message).toContain(`batch ${batchId}`);
			// The batch POST (0.7 s) comes before the wait; the wait ends within Timeout + one answer.
			expect(waited).toBeLessThan(700 + 2000 + 700 + 1000);
			expect(world.simulator.stats().requests.batchGet).toBeLessThan(5);
		}, 30_000);

		test('results spread over pages are still read in full', async () => {
			world.simulator.faults.failRecords(null, { positions: [1, 2500] });
			const result = await createBatch(
				{ batchSize: 3000, waitForCompletion: true, options: { pollIntervalSeconds: 0.1 } },
				inventoryItems(3000),
			);
			expect(result.status).toBe('success');
			const [json] = result.json('Create Batch');
			expect([json.recordsReported, json.recordsSucceeded, json.recordsFailed]).toEqual([3000, 2998, 2]);
		}, 30_000);
	});

	describe('6: a batch that ends without completing ends the wait for it at once', () => {
		const waitOptions = { pollIntervalSeconds: 0.1, timeoutSeconds: 20 };

		test.each(['FAILED', 'ERROR', 'CANCELLED'])('a batch that ends %s: error at once, naming the status', async (status) => {
			world.simulator.faults.endBatchesAs(status);
			const started = Date.now();
			const result = await createBatch({ waitForCompletion: true, options: waitOptions }, inventoryItems(3));

			expect(Date.now() - started).toBeLessThan(5000);
			expect(result.status).toBe('error');
			const error = result.nodeError('Create Batch');
			const batchId = world.simulator.stats().batches[0].batchId;
			expect(error.message).toBe(`Fluent ended 1 of 1 batch of job ${jobId} as ${status} without completing it`);
			expect(error.description).toContain(`batch ${batchId} (${status})`);
			expect(`${error.message} ${error.description}`).not.toContain('keeps processing');
		}, 30_000);

		test('with Continue On Fail, the failed batch is an error item and the other batch is still waited for', async () => {
			const firstBatchId = String(Number(jobId) + 1);
			world.simulator.faults.endBatchesAs('FAILED', { batchId: firstBatchId });
			const result = await createBatch(
				{ batchSize: 2, waitForCompletion: true, options: { ...waitOptions, batchConcurrency: 1 } },
				inventoryItems(4),
				continueOnFail,
			);
			expect(result.status).toBe('success');
			const [failed, complete] = result.json('Create Batch');
			expect(failed.batchId).toBe(firstBatchId);
			expect(failed.status).toBe('FAILED');
			expect(failed.error).toContain('as FAILED without completing it');
			expect(complete.status).toBe('COMPLETE');
			expect(complete.recordsSucceeded).toBe(2);
			expect(complete.error).toBeUndefined();
		}, 30_000);

		test.each(['complete', 'Completed', 'COMPLETED'])('%s counts as COMPLETE', async (status) => {
			world.simulator.faults.endBatchesAs(status);
			const result = await createBatch({ waitForCompletion: true, options: { ...waitOptions, timeoutSeconds: 5 } }, inventoryItems(3));
			expect(result.status).toBe('success');
			const [json] = result.json('Create Batch');
			expect([json.status, json.recordsSucceeded]).toEqual(['COMPLETE', 3]);
		}, 30_000);

		test('a status the node does not know: it keeps waiting, and the timeout names that status', async () => {
			world.simulator.faults.endBatchesAs('PAUSED');
			const result = await createBatch(
				{ waitForCompletion: true, options: { pollIntervalSeconds: 0.1, timeoutSeconds: 2 } },
				inventoryItems(3),
			);
			const error = result.nodeError('Create Batch');
			expect(error.message).toContain('after 2 s');
			expect(error.description).toContain('(PAUSED)');
			expect(error.description).toContain('a status the node does not know');
			expect(error.description).not.toContain('keeps processing');
		}, 30_000);

		test('Get Batch with Wait for Completion: a FAILED batch is an error naming the status', async () => {
			world.simulator.faults.endBatchesAs('FAILED');
			const sent = await createBatch({}, inventoryItems(2));
			const { batchId } = sent.json('Create Batch')[0];
			const started = Date.now();
			const result = await run({ operation: 'getBatch', jobId, batchId, waitForCompletion: true, options: waitOptions }, [{}]);
			expect(Date.now() - started).toBeLessThan(5000);
			expect(result.nodeError('Node').message).toBe(`Fluent ended 1 of 1 batch of job ${jobId} as FAILED without completing it`);
		}, 30_000);
	});

	describe('9: IDs that would change the URL are refused before any request', () => {
		const requestsToFluent = () => {
			const { requests } = world.simulator.stats();
			return requests.jobGet + requests.batchCreate + requests.batchGet;
		};

		test.each([
			['..', 'Job ID ".." is not an ID'],
			['.', 'Job ID "." is not an ID'],
			['12\n3', 'Job ID "12\\n3" contains a control character'],
			['7\u0000', 'Job ID "7\\u0000" contains a control character'],
		])('Create Batch with Job ID %j', async (badId, message) => {
			const result = await createBatch({ jobId: '={{ $json.job }}' }, inventoryItems(2).map((item) => ({ ...item, job: badId })));
			expect(result.nodeError('Create Batch').message).toBe(message);
			expect(requestsToFluent()).toBe(0);
		});

		test('Get Batch with Batch ID ".." and Get Job with Job ID "..": no request', async () => {
			let result = await run({ operation: 'getBatch', jobId: '1', batchId: '..' }, [{}]);
			expect(result.nodeError('Node').message).toBe('Batch ID ".." is not an ID');
			result = await run({ operation: 'getJob', jobId: ' .. ' }, [{}]);
			expect(result.nodeError('Node').message).toBe('Job ID ".." is not an ID');
			expect(requestsToFluent()).toBe(0);
			expect(world.simulator.stats().requestLog.map((entry) => entry.path)).not.toContain('/api/v4.1/batch');
		});

		test('a 100,000-character ID is shortened in the message', async () => {
			const longId = `${'9'.repeat(100_000)}\t`;
			const result = await run({ operation: 'getJob', jobId: '={{ $json.id }}' }, [{ id: `${longId}x` }]);
			const error = result.nodeError('Node');
			expect(error.message).toContain('contains a control character');
			expect(error.message).toContain('100002 characters');
			expect(error.message.length).toBeLessThan(200);
			expect(String(error.description).length).toBeLessThan(400);
			expect(requestsToFluent()).toBe(0);
		});
	});

	describe('10: record checks', () => {
		test('an integer qty too large (400 digits) is "too large", not "round it"', async () => {
			const result = await createBatch({}, [position('SKU-A', { qty: '9'.repeat(400) }), position('SKU-B', { qty: 1e300 })]);
			const { description } = result.nodeError('Create Batch');
			expect(description).toContain('item 0: "qty" is too large');
			expect(description).toContain('item 1: "qty" is too large');
			expect(description).not.toContain('Round');
			expect(world.simulator.stats().requests.batchCreate).toBe(0);
		});

		test('a field name with a byte-order mark (\\ufeffskuRef) is recognised as skuRef', async () => {
			const result = await createBatch({}, [{ '\ufeffskuRef': 'SKU-A', locationRef: 'LOC-1', qty: 4 }]);
			expect(result.status).toBe('success');
			await world.simulator.settle();
			expect(world.simulator.store.get('1', 'LOC-1', 'SKU-A')).toMatchObject({ qty: 4 });
		});

		test('two different positions whose refs contain NUL are not duplicates of each other', async () => {
			const result = await createBatch({}, [
				{ skuRef: 'A\u0000B', locationRef: 'L', qty: 1 },
				{ skuRef: 'B', locationRef: 'L\u0000A', qty: 2 },
			]);
			expect(result.status).toBe('success');
			await world.simulator.settle();
			expect(world.simulator.store.size).toBe(2);
		});

		test('a record without type and one with type LAST_ON_HAND are the same stock position', async () => {
			const result = await createBatch({}, [position('SKU-A'), position('SKU-A', { type: 'LAST_ON_HAND', qty: 5 })]);
			const error = result.nodeError('Create Batch');
			expect(error.description).toContain('item 1: "skuRef" names the same stock position as item 0');
			expect(world.simulator.stats().requests.batchCreate).toBe(0);
		});
	});
});
