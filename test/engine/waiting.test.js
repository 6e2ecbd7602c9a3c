const { createWorld, eachTestWorldWithJob } = require('../harness/world.cjs');
const { inventoryItems } = require('../harness/inventory.cjs');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe('waiting until the batches are COMPLETE', () => {
	let world;
	let jobId;
	eachTestWorldWithJob({ simulator: { pendingMs: 100, runningMs: 300, perRecordMs: 0 } }, (created) => ({ world, jobId } = created));

	function createBatch(options = {}, extra = {}, settings = {}) {
		return world.fluentNode(
			'Create Batch',
			{
				operation: 'createBatch',
				jobId,
				waitForCompletion: true,
				options: { pollIntervalSeconds: 0.1, timeoutSeconds: 10, ...options },
				...extra,
			},
			{ settings },
		);
	}

	test('reports COMPLETE with record counts after the processing time', async () => {
		const started = Date.now();
		const result = await world.engine.run({ ...world.chain(createBatch({}, { batchSize: 300 })), input: inventoryItems(700) });

		expect(result.status).toBe('success');
		expect(Date.now() - started).toBeGreaterThanOrEqual(400);
		const output = result.json('Create Batch');
		expect(output.map((json) => json.status)).toEqual(['COMPLETE', 'COMPLETE', 'COMPLETE']);
		expect(output.map((json) => [json.recordCount, json.recordsSucceeded, json.recordsFailed])).toEqual([
			[300, 300, 0],
			[300, 300, 0],
			[100, 100, 0],
		]);
		expect(output[0].failedRecords).toEqual([]);
		expect(world.simulator.stats().requests.batchGet).toBeGreaterThanOrEqual(3);
	});

	test('a stuck batch times out within the timeout plus one poll, naming job, batch and last status', async () => {
		world.simulator.faults.stickBatches(true);
		const started = Date.now();
		const result = await world.engine.run({
			...world.chain(createBatch({ timeoutSeconds: 1, pollIntervalSeconds: 0.3 })),
			input: inventoryItems(5),
		});
		const elapsed = Date.now() - started;

		expect(result.status).toBe('error');
		expect(elapsed).toBeGreaterThanOrEqual(1000);
		expect(elapsed).toBeLessThan(1000 + 300 + 400);
		const error = result.nodeError('Create Batch');
		const [batch] = world.simulator.stats().batches;
		expect(error.message).toBe(`Fluent had not finished 1 of 1 batch of job ${jobId} after 1 s`);
		expect(error.description).toContain(`batch ${batch.batchId} (RUNNING)`);
		expect(error.description).toContain('Raise "Timeout (Seconds)"');
		expect(error.description).toContain('nothing needs to be sent again');
		expect(error.description).toContain(`Get Batch (job ${jobId}, batch ${batch.batchId})`);
	});

	test('a poll round that outlasts the timeout stops at the deadline, not after every batch', async () => {
		world.simulator.faults.stickBatches(true);
		world.simulator.config.latencyMs = 300;
		const result = await world.engine.run({
			...world.chain(
				createBatch({ timeoutSeconds: 1, pollIntervalSeconds: 0.5, batchConcurrency: 1 }, { batchSize: 1 }),
			),
			input: inventoryItems(8),
		});

		expect(result.status).toBe('error');
		expect(result.nodeError('Create Batch').message).toBe(`Fluent had not finished 8 of 8 batches of job ${jobId} after 1 s`);
		// One poll takes 300 ms, so about four fit into the second; asking about all eight would take 2.4 s.
		const polls = world.simulator.stats().requests.batchGet;
		expect(polls).toBeGreaterThanOrEqual(1);
		expect(polls).toBeLessThan(8);
	});

	test('with Continue On Fail a timeout becomes an error item paired with the batch items', async () => {
		world.simulator.faults.stickBatches(true);
		const result = await world.engine.run({
			...world.chain(createBatch({ timeoutSeconds: 1, pollIntervalSeconds: 0.2 }, {}, { onError: 'continueRegularOutput' })),
			input: inventoryItems(4),
		});
		expect(result.status).toBe('success');
		const [item] = result.items('Create Batch');
		expect(item.json.error).toContain('had not finished 1 of 1 batch');
		expect(item.json).toEqual(expect.objectContaining({ jobId, status: 'RUNNING', recordCount: 4 }));
		expect(item.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
	});

	test('cancelling the execution stops the polling at once', async () => {
		world.simulator.faults.stickBatches(true);
		const execution = world.engine.start({
			...world.chain(createBatch({ timeoutSeconds: 60, pollIntervalSeconds: 0.2 })),
			input: inventoryItems(3),
		});
		await sleep(700);
		const pollsBeforeCancel = world.simulator.stats().requests.batchGet;
		expect(pollsBeforeCancel).toBeGreaterThanOrEqual(2);

		const cancelledAt = Date.now();
		execution.cancel();
		const result = await execution.result;
		expect(Date.now() - cancelledAt).toBeLessThan(500);
		expect(result.status).toBe('canceled');

		// A poll already on its way when the execution was cancelled may still reach the simulator
		// on a busy machine; no poll starts after that.
		await sleep(800);
		expect(world.simulator.stats().requests.batchGet - pollsBeforeCancel).toBeLessThanOrEqual(1);
	});

	function failLocation(locationRef) {
		world.simulator.faults.failRecords({ locationRef }, { responseCode: '404', message: `Location ${locationRef} not found` });
	}

	test('failed records of a COMPLETE batch are listed on its output', async () => {
		failLocation('LOC-3');
		const result = await world.engine.run({ ...world.chain(createBatch()), input: inventoryItems(40) });

		expect(result.status).toBe('success');
		const [batch] = result.json('Create Batch');
		expect(batch).toEqual(expect.objectContaining({ status: 'COMPLETE', recordCount: 40, recordsSucceeded: 30, recordsFailed: 10 }));
		expect(batch.failedRecords).toHaveLength(10);
		expect(batch.failedRecords[0]).toEqual({
			entityRef: 'SKU-0000003:LOC-3',
			responseCode: '404',
			message: 'Location LOC-3 not found',
		});
	});

	test('with Fail on Record Errors, failed records fail the node and say which', async () => {
		failLocation('LOC-1');
		const result = await world.engine.run({
			...world.chain(createBatch({ failOnRecordErrors: true })),
			input: inventoryItems(8),
		});
		expect(result.status).toBe('error');
		const error = result.nodeError('Create Batch');
		expect(error.message).toBe(`Fluent reported 2 failed records in job ${jobId}`);
		expect(error.description).toContain('SKU-0000001:LOC-1 → 404 Location LOC-1 not found');
		expect(error.description).toContain('SKU-0000005:LOC-1');
	});

	test('all per-record results are read, following the paging', async () => {
		world.simulator.config.resultsPageSize = 100;
		failLocation('LOC-2');
		const result = await world.engine.run({ ...world.chain(createBatch({}, { batchSize: 1000 })), input: inventoryItems(1000) });
		const [batch] = result.json('Create Batch');
		expect(batch.recordsReported).toBe(1000);
		expect(batch.recordsFailed).toBe(250);
		expect(batch.failedRecords.at(-1).entityRef).toBe('SKU-0000998:LOC-2');
	});
});

describe('Get Batch and Get Job', () => {
	let world;

	beforeEach(async () => {
		// Long enough PENDING that a busy machine still reads the batches before they move on.
		world = await createWorld({ simulator: { pendingMs: 1000, runningMs: 150, perRecordMs: 0 } });
	});

	afterEach(async () => {
		await world.close();
	});

	async function loadWithoutWaiting(items) {
		const createJob = world.fluentNode('Create Job', { operation: 'createJob', jobName: 'Later', retailerId: '' });
		const feed = world.emitItemsNode('Feed', items);
		const createBatch = world.fluentNode('Create Batch', {
			operation: 'createBatch',
			jobId: "={{ $('Create Job').first().json.jobId }}",
			batchSize: 5,
		});
		const result = await world.engine.run(world.chain(createJob, feed, createBatch));
		return result.json('Create Batch');
	}

	test('Get Batch returns the batch as it is now, and with waiting its final results', async () => {
		world.simulator.faults.failRecords({ skuRef: 'SKU-0000002' }, { responseCode: '400', message: 'Bad SKU' });
		const batches = await loadWithoutWaiting(inventoryItems(8));
		const now = world.fluentNode('Get Batch', {
			operation: 'getBatch',
			jobId: '={{ $json.jobId }}',
			batchId: '={{ $json.batchId }}',
		});
		const first = await world.engine.run({ ...world.chain(now), input: batches });
		expect(first.json('Get Batch').map((json) => json.status)).toEqual(['PENDING', 'PENDING']);
		expect(first.json('Get Batch')[0]).toEqual(
			expect.objectContaining({ jobId: batches[0].jobId, batchId: batches[0].batchId, entityType: 'INVENTORY' }),
		);
		expect(first.items('Get Batch').map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);

		const waiting = world.fluentNode('Get Batch', {
			operation: 'getBatch',
			jobId: '={{ $json.jobId }}',
			batchId: '={{ $json.batchId }}',
			waitForCompletion: true,
			options: { pollIntervalSeconds: 0.1, timeoutSeconds: 5 },
		});
		const second = await world.engine.run({ ...world.chain(waiting), input: batches });
		const [done, other] = second.json('Get Batch');
		expect(done).toEqual(
			expect.objectContaining({ status: 'COMPLETE', recordsReported: 5, recordsSucceeded: 4, recordsFailed: 1 }),
		);
		expect(done.failedRecords).toEqual([{ entityRef: 'SKU-0000002:LOC-2', responseCode: '400', message: 'Bad SKU' }]);
		expect(done.results).toBeUndefined();
		expect(other.recordsSucceeded).toBe(3);
	});

	test('Get Job returns the job with its batches', async () => {
		const batches = await loadWithoutWaiting(inventoryItems(12));
		const getJob = world.fluentNode('Get Job', { operation: 'getJob', jobId: '={{ $json.jobId }}' });
		const result = await world.engine.run({ ...world.chain(getJob), input: [batches[0]] });
		const [job] = result.json('Get Job');
		expect(job).toEqual(expect.objectContaining({ jobId: batches[0].jobId, status: 'OPEN' }));
		// Fluent lists the batches in the order they arrived, and several are sent at once.
		const byId = (ids) => [...ids].sort();
		expect(byId(job.batch.map((batch) => batch.batchId))).toEqual(byId(batches.map((batch) => batch.batchId)));
		expect(batches).toHaveLength(3);
	});

	test('an unknown batch is a clear error naming it', async () => {
		const batches = await loadWithoutWaiting(inventoryItems(1));
		const node = world.fluentNode('Get Batch', { operation: 'getBatch', jobId: batches[0].jobId, batchId: '999999' });
		const result = await world.engine.run(world.chain(node));
		expect(result.status).toBe('error');
		expect(result.nodeError('Get Batch').message).toContain(`Fluent could not find batch 999999 in job ${batches[0].jobId}`);
	});
});
