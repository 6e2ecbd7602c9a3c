// Get Job with Include Batch Results reads within its Timeout, and never more result pages than
// a batch's results need, however slow or endless Fluent's answers. Through n8n's engine against
// the simulator.
const { sharedWorldWithJob } = require('../harness/world.cjs');
const { inventoryItems } = require('../harness/inventory.cjs');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Get Job with Include Batch Results is bounded', () => {
	let world;
	let jobId;
	sharedWorldWithJob({ simulator: { pendingMs: 5, runningMs: 20, perRecordMs: 0 } }, (created) => ({ world, jobId } = created));

	afterEach(() => {
		world.simulator.config.latencyMs = 0;
		world.simulator.config.maxResultsPageSize = 5000;
	});

	/** Sends `batches` batches of `size` records into the job, without waiting, and lets them all complete. */
	async function completedBatches(batches, size) {
		const node = world.fluentNode('Create Batch', { operation: 'createBatch', jobId, batchSize: size });
		const sent = await world.engine.run({ ...world.chain(node), input: inventoryItems(batches * size) });
		expect(sent.status).toBe('success');
		await world.simulator.settle();
		expect(world.simulator.stats().batches).toHaveLength(batches);
	}

	function getJob(options) {
		return world.fluentNode('Get Job', {
			operation: 'getJob',
			jobId,
			options: { includeBatchResults: true, ...options },
		});
	}

	test('40 batches whose result pages hold one result each and answer slowly: Timeout 2 s ends it within Timeout plus one request, saying how far it got', async () => {
		await completedBatches(40, 3);
		world.simulator.config.maxResultsPageSize = 1;
		world.simulator.config.latencyMs = 250;
		const before = world.simulator.stats().requests.batchGet;

		const started = Date.now();
		const result = await world.engine.run(world.chain(getJob({ timeoutSeconds: 2, requestTimeoutSeconds: 5 })));
		const elapsed = Date.now() - started;

		expect(result.status).toBe('error');
		expect(elapsed).toBeLessThan(2000 + 250 + 1250);
		const error = result.nodeError('Get Job');
		const read = error.message.match(/^Read the results of (\d+) of 40 batches of job (\d+) in 2 s;/);
		expect(read).not.toBeNull();
		expect(read[2]).toBe(jobId);
		// Each batch takes three answers of 0.25 s (its status and two more pages), four at a time.
		expect(Number(read[1])).toBeGreaterThan(0);
		expect(Number(read[1])).toBeLessThan(40);
		expect(error.description).toContain('Timeout (Seconds)');
		expect(error.description).toContain('Get Batch');
		// Nothing is read after the error.
		const readAtEnd = world.simulator.stats().requests.batchGet;
		expect(readAtEnd - before).toBeGreaterThan(0);
		await sleep(600);
		expect(world.simulator.stats().requests.batchGet).toBe(readAtEnd);
		expect(world.leakedSecrets(result)).toEqual([]);
	}, 30_000);

	test('with Continue On Fail the Timeout gives an error item for the job and the run goes on', async () => {
		await completedBatches(12, 3);
		world.simulator.config.maxResultsPageSize = 1;
		world.simulator.config.latencyMs = 200;
		const node = world.fluentNode(
			'Get Job',
			{ operation: 'getJob', jobId, options: { includeBatchResults: true, timeoutSeconds: 1 } },
			{ settings: { continueOnFail: true } },
		);
		const result = await world.engine.run(world.chain(node));

		expect(result.status).toBe('success');
		const [item] = result.json('Get Job');
		expect(item.error).toMatch(/^Read the results of \d+ of 12 batches of job \d+ in 1 s;/);
	}, 30_000);

	test('result pages that never end: reads no more pages than the results its first page counts, then says so', async () => {
		await completedBatches(2, 3);
		world.simulator.config.maxResultsPageSize = 1;
		world.simulator.faults.endlessResults();
		const before = world.simulator.stats().requests.batchGet;

		const started = Date.now();
		const result = await world.engine.run(world.chain(getJob({})));

		expect(Date.now() - started).toBeLessThan(5000);
		expect(result.status).toBe('error');
		const error = result.nodeError('Get Job');
		expect(error.message).toContain(`job ${jobId} do not add up`);
		expect(error.message).toContain('more results than');
		// One result a page and a first page that counts 2 results: 2 pages a batch, no more.
		expect(world.simulator.stats().requests.batchGet - before).toBeLessThanOrEqual(2 * 2);
	}, 30_000);

	test("pages that shrink after the first: no more pages than the first page's total needs in pages of its size", async () => {
		await completedBatches(1, 3000);
		const before = world.simulator.stats().requests.batchGet;
		// The first page holds 1000 of 3000 results; every later one holds a single result.
		world.simulator.config.onRequest = (entry) => {
			if (entry.endpoint === 'batchGet') world.simulator.config.maxResultsPageSize = 1;
		};
		try {
			const started = Date.now();
			const result = await world.engine.run(world.chain(getJob({})));

			expect(Date.now() - started).toBeLessThan(5000);
			expect(result.status).toBe('error');
			expect(result.nodeError('Get Job').message).toContain('more result pages than its 3000 results need in pages of 1000');
			expect(world.simulator.stats().requests.batchGet - before).toBe(4);
		} finally {
			world.simulator.config.onRequest = null;
		}
	}, 60_000);

	test('the Timeout does not end a reading that fits in it: 6 batches, one result a page, all read', async () => {
		world.simulator.faults.failRecords(null, { positions: [1], responseCode: '404', message: 'Location not found' });
		await completedBatches(6, 3);
		world.simulator.config.maxResultsPageSize = 1;
		const result = await world.engine.run(world.chain(getJob({ timeoutSeconds: 20 })));

		expect(result.status).toBe('success');
		const [job] = result.json('Get Job');
		expect(job.summary).toEqual({
			batches: 6,
			batchesByStatus: { COMPLETE: 6 },
			recordsSent: 18,
			recordsSucceeded: 12,
			recordsFailed: 6,
		});
		expect(job.failedRecords).toHaveLength(6);
	}, 30_000);

	test('cancelling the execution stops the reading at once, whatever the Timeout', async () => {
		await completedBatches(40, 3);
		world.simulator.config.maxResultsPageSize = 1;
		world.simulator.config.latencyMs = 200;
		const execution = world.engine.start(world.chain(getJob({ timeoutSeconds: 60 })));
		await sleep(1000);
		const readBeforeCancel = world.simulator.stats().requests.batchGet;
		expect(readBeforeCancel).toBeGreaterThan(0);

		const cancelledAt = Date.now();
		execution.cancel();
		const result = await execution.result;
		expect(Date.now() - cancelledAt).toBeLessThan(500);
		expect(result.status).toBe('canceled');
		await sleep(600);
		// Requests already on their way (at most one per batch read at once) may still arrive.
		expect(world.simulator.stats().requests.batchGet - readBeforeCancel).toBeLessThanOrEqual(4);
	}, 30_000);
});
