const { createWorld } = require('../harness/world.cjs');
const { inventoryItems, missingOrWrong } = require('../harness/inventory.cjs');
const { waitingCreateBatch } = require('../harness/outputs.cjs');

/**
 * Create Batch → When the Job Closes. The workflow is Create Job (Reuse Today's Job) → the
 * records → Create Batch, run as an active workflow would be, with its static data carried on.
 */
describe('Create Batch → When the Job Closes: a load carries on in a new job', () => {
	let world;
	let saved;
	let lastResult;

	beforeEach(async () => {
		world = await createWorld({ simulator: { pendingMs: 5, runningMs: 20, perRecordMs: 0 } });
		saved = {};
	});

	afterEach(async () => {
		try {
			if (lastResult) expect(world.leakedSecrets(lastResult)).toEqual([]);
		} finally {
			lastResult = undefined;
			await world?.close();
		}
	});

	function createJobNode() {
		return world.fluentNode('Create Job', {
			operation: 'createJob',
			jobName: 'Nightly stock',
			retailerId: '',
			options: { reuseTodaysJob: true, skipPreprocessing: true },
		});
	}

	async function load(items, { options = {}, ...parameters } = {}) {
		const createBatch = world.fluentNode('Create Batch', {
			operation: 'createBatch',
			jobId: "={{ $('Create Job').first().json.jobId }}",
			batchSize: 1000,
			...parameters,
			options: { requestTimeoutSeconds: 5, ...options },
		});
		lastResult = await world.engine.run({
			...world.chain(createJobNode(), world.emitItemsNode('Stock file', items), createBatch),
			mode: 'trigger',
			staticData: saved,
		});
		if (lastResult.savedStaticData) saved = lastResult.savedStaticData;
		return lastResult;
	}

	const batchOf = (itemIndex) => Math.floor(itemIndex / 1000) + 1;

	test('12,345 records in batches of 1,000, the job closing after its third batch: every record arrives once, in two jobs', async () => {
		world.simulator.faults.closeJobAfterBatches('next', 3);
		const items = inventoryItems(12345);
		const result = await load(items, {
			waitForCompletion: true,
			options: { pollIntervalSeconds: 0.1 },
		});

		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		const [firstJob] = result.json('Create Job');
		const output = result.items('Create Batch');
		const jobs = world.simulator.jobs();
		expect(jobs.map((job) => [job.name, job.status, job.retailerId, job.meta])).toEqual([
			['Nightly stock', 'CLOSED', '1', { preprocessing: 'skip' }],
			['Nightly stock (continued)', 'OPEN', '1', { preprocessing: 'skip' }],
		]);
		const [closed, continued] = jobs.map((job) => job.jobId);
		expect(closed).toBe(firstJob.jobId);

		// One item per batch, in batch order, each naming the job its batch went into.
		expect(output.map((item) => item.json.batchNumber)).toEqual([
			1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
		]);
		const inClosed = output.filter((item) => item.json.jobId === closed);
		const inContinued = output.filter((item) => item.json.jobId === continued);
		expect([inClosed.length, inContinued.length]).toEqual([3, 10]);
		for (const item of inClosed) expect(item.json.continuedFromJobId).toBeUndefined();
		for (const item of inContinued) expect(item.json.continuedFromJobId).toBe(closed);
		// Fluent's own record of which batches each job holds agrees with the output.
		const batchIdsOf = (jobId) =>
			jobs
				.find((job) => job.jobId === jobId)
				.batches.map((batch) => batch.batchId)
				.sort();
		expect(inClosed.map((item) => item.json.batchId).sort()).toEqual(batchIdsOf(closed));
		expect(inContinued.map((item) => item.json.batchId).sort()).toEqual(batchIdsOf(continued));

		// Each batch is paired with exactly its items, and waited for in the job it went into.
		for (const item of output) {
			const expected = items
				.map((_, index) => index)
				.filter((index) => batchOf(index) === item.json.batchNumber);
			expect(item.pairedItem).toEqual(expected.map((index) => ({ item: index })));
			expect(item.json).toMatchObject({
				recordCount: expected.length,
				status: 'COMPLETE',
				recordsSucceeded: expected.length,
				recordsFailed: 0,
			});
		}

		await world.simulator.settle();
		expect(world.simulator.store.summary()).toMatchObject({
			size: 12345,
			totalArrivals: 12345,
			duplicates: 0,
		});
		expect(world.simulator.store.arrivalsByJob()).toEqual({ [closed]: 3000, [continued]: 9345 });
		expect(missingOrWrong(world.simulator, items)).toEqual([]);

		// With Reuse Today's Job, the next run's Create Job reuses the job the load carried on in.
		world.simulator.faults.clear();
		const next = await load(inventoryItems(10, { offset: 20000 }));
		expect(next.json('Create Job')[0]).toMatchObject({ jobId: continued, reused: true });
		expect(next.json('Create Batch').map((json) => json.jobId)).toEqual([continued]);
	});

	test('batches refused while several are under way all go to the same one new job', async () => {
		world.simulator.config.latencyMs = 30;
		world.simulator.faults.closeJobAfterBatches('next', 1);
		const items = inventoryItems(8000);
		const result = await load(items, { options: { batchConcurrency: 8 } });

		expect(result.status).toBe('success');
		const jobs = world.simulator.jobs();
		expect(jobs).toHaveLength(2);
		const [closed, continued] = jobs.map((job) => job.jobId);
		const output = result.json('Create Batch');
		expect(output.filter((json) => json.jobId === closed)).toHaveLength(1);
		expect(output.filter((json) => json.jobId === continued)).toHaveLength(7);
		// Several batches were refused by the closed job while under way; one new job took them all.
		const stats = world.simulator.stats();
		expect(stats.responses[400]).toBeGreaterThanOrEqual(2);
		expect(stats.requests.batchCreate).toBe(8 + stats.responses[400]);
		await world.simulator.settle();
		expect(world.simulator.store.summary()).toMatchObject({
			size: 8000,
			totalArrivals: 8000,
			duplicates: 0,
		});
	});

	test('a new job that closes too is followed by another, at most three times; then the load fails naming what arrived', async () => {
		world.simulator.faults.closeJobAfterBatches('*', 1);
		const items = inventoryItems(6);
		const result = await load(items, { batchSize: 1, options: { batchConcurrency: 1 } });

		expect(result.status).toBe('error');
		expect(world.simulator.jobs().map((job) => job.name)).toEqual([
			'Nightly stock',
			'Nightly stock (continued)',
			'Nightly stock (continued 2)',
			'Nightly stock (continued 3)',
		]);
		const [first, , , last] = world.simulator.jobs().map((job) => job.jobId);
		const error = result.nodeError('Create Batch');
		expect(error.message).toMatch(
			new RegExp(
				`^4 of 6 batches reached jobs ${first}, .* and ${last}; batch 5 failed: Job ${last} is CLOSED too, and this load already moved to a new job 3 times$`,
			),
		);
		expect(error.description).toContain('Not loaded: items 4–5 (batch 5 failed');
		await world.simulator.settle();
		expect(world.simulator.store.summary()).toMatchObject({
			size: 4,
			totalArrivals: 4,
			duplicates: 0,
		});
	});

	test("with When the Job Closes: Fail, today's error names the batches accepted and the items not loaded", async () => {
		world.simulator.faults.closeJobAfterBatches('next', 3);
		const result = await load(inventoryItems(12345), {
			options: { onClosedJob: 'fail', batchConcurrency: 1 },
		});

		expect(result.status).toBe('error');
		const [job] = world.simulator.jobs();
		expect(world.simulator.jobs()).toHaveLength(1);
		const error = result.nodeError('Create Batch');
		expect(error.message).toBe(
			`3 of 13 batches reached job ${job.jobId}; batch 4 failed: Job ${job.jobId} is CLOSED, so Fluent accepts no more batches into it`,
		);
		expect(error.description).toContain(
			'Not loaded: items 3,000–12,344 (batch 4 failed, later batches were not sent).',
		);
		expect(error.description).toContain('When the Job Closes');
		await world.simulator.settle();
		expect(world.simulator.store.summary()).toMatchObject({ size: 3000, totalArrivals: 3000 });
	});

	test('a refusal that is not a closed job still fails the load, and creates no job', async () => {
		world.simulator.faults.failNext(1, { status: 400, endpoint: 'batchCreate' });
		const result = await load(inventoryItems(2500), { options: { batchConcurrency: 1 } });

		expect(result.status).toBe('error');
		expect(result.nodeError('Create Batch').message).toMatch(
			/^0 of 3 batches reached job \d+; batch 1 failed/,
		);
		expect(world.simulator.jobs()).toHaveLength(1);
	});

	test('an unknown When the Job Closes value is refused before anything is sent', async () => {
		const result = await load(inventoryItems(5), { options: { onClosedJob: 'retry' } });

		expect(result.status).toBe('error');
		expect(result.nodeError('Create Batch').message).toBe(
			'"When the Job Closes" must be "createNewJob" or "fail", but is "retry"',
		);
		expect(world.simulator.stats().requests.batchCreate ?? 0).toBe(0);
	});
});

/**
 * After a continuation, the wait's reports (timeout, waiting failed, ended batches, failed
 * records) name the jobs the batches are in, and each Get Batch hint the job of its batch.
 * Create Batch gets a job made beforehand, as `$('Create Job')` would give it.
 */
describe('When the Job Closes: the reports after a continuation name every job', () => {
	let world;
	let jobId;

	beforeEach(async () => {
		world = await createWorld({ simulator: { pendingMs: 5, runningMs: 20, perRecordMs: 0 } });
		jobId = await world.createJob('Nightly stock');
	});

	afterEach(async () => {
		await world.close();
	});

	/** 25 records as batches of 10, one at a time, waiting. */
	async function load({ options = {}, settings = {} } = {}) {
		const createBatch = waitingCreateBatch(world, { jobId, options: { batchConcurrency: 1, ...options }, settings });
		return await world.engine.run({ ...world.chain(createBatch), input: inventoryItems(25) });
	}

	/** Each job's batch IDs, as the simulator holds them: the first job, then the new one. */
	function jobsAndBatches() {
		const jobs = world.simulator.jobs();
		expect(jobs.map((job) => job.jobId)[0]).toBe(jobId);
		return jobs.map((job) => ({ jobId: job.jobId, batchIds: job.batches.map((batch) => batch.batchId) }));
	}

	const onContinue = { onError: 'continueRegularOutput' };

	test('a timeout names both jobs and each unfinished batch with its job', async () => {
		world.simulator.faults.closeJobAfterBatches(jobId, 1);
		world.simulator.faults.stickBatches(true);
		const result = await load({ options: { timeoutSeconds: 1 }, settings: onContinue });

		expect(result.status).toBe('success');
		const [first, next] = jobsAndBatches();
		expect([first.batchIds.length, next.batchIds.length]).toEqual([1, 2]);
		const output = result.json('Create Batch');
		expect(output.map((json) => [json.jobId, json.batchId])).toEqual([
			[first.jobId, first.batchIds[0]],
			[next.jobId, next.batchIds[0]],
			[next.jobId, next.batchIds[1]],
		]);
		const { error, description } = output[0];
		expect(error).toBe(`Fluent had not finished 3 of 3 batches of jobs ${first.jobId} and ${next.jobId} after 1 s`);
		expect(description).toMatch(
			new RegExp(
				`^Last status: batch ${first.batchIds[0]} of job ${first.jobId} \\(\\w+\\), batch ${next.batchIds[0]} of job ${next.jobId} \\(\\w+\\), batch ${next.batchIds[1]} of job ${next.jobId} \\(\\w+\\)\\. `,
			),
		);
		expect(description).toContain(`check later with Get Batch (job ${first.jobId}, batch ${first.batchIds[0]})`);
	});

	test('a job already closed: the timeout and its Get Batch hint name the new job only', async () => {
		world.simulator.faults.closeJob(jobId);
		world.simulator.faults.stickBatches(true);
		const result = await load({ options: { timeoutSeconds: 1 } });

		expect(result.status).toBe('error');
		const [, next] = jobsAndBatches();
		const error = result.nodeError('Create Batch');
		expect(error.message).toBe(`Fluent had not finished 3 of 3 batches of job ${next.jobId} after 1 s`);
		expect(error.description).toContain(`Last status: batch ${next.batchIds[0]} (`);
		expect(error.description).toContain(`check later with Get Batch (job ${next.jobId}, batch ${next.batchIds[0]})`);
	});

	test('batches Fluent ended: the report names the new job, and so does its Get Batch hint', async () => {
		world.simulator.faults.closeJob(jobId);
		world.simulator.faults.endBatchesAs('FAILED');
		const result = await load();

		expect(result.status).toBe('error');
		const [, next] = jobsAndBatches();
		const error = result.nodeError('Create Batch');
		expect(error.message).toBe(`Fluent ended 3 of 3 batches of job ${next.jobId} as FAILED without completing them`);
		expect(error.description).toContain(`(Get Batch, job ${next.jobId}, batch ${next.batchIds[0]})`);
	});

	test('batches ended in both jobs: the report names both, and each batch with its job', async () => {
		world.simulator.faults.closeJobAfterBatches(jobId, 1);
		world.simulator.faults.endBatchesAs('FAILED');
		const result = await load({ settings: onContinue });

		const [first, next] = jobsAndBatches();
		const [{ error, description }] = result.json('Create Batch');
		expect(error).toBe(`Fluent ended 3 of 3 batches of jobs ${first.jobId} and ${next.jobId} as FAILED without completing them`);
		expect(description).toContain(
			`Ended: batch ${first.batchIds[0]} of job ${first.jobId} (FAILED), batch ${next.batchIds[0]} of job ${next.jobId} (FAILED), batch ${next.batchIds[1]} of job ${next.jobId} (FAILED).`,
		);
		expect(description).toContain(`(Get Batch, job ${first.jobId}, batch ${first.batchIds[0]})`);
	});

	test('Fail on Record Errors: the failed records are named in the job of their batch', async () => {
		const items = inventoryItems(25);
		world.simulator.faults.closeJobAfterBatches(jobId, 1);
		for (const at of [3, 15]) {
			world.simulator.faults.failRecords({ skuRef: items[at].skuRef }, { responseCode: '404', message: 'Gone' });
		}
		const result = await load({ options: { failOnRecordErrors: true }, settings: onContinue });

		const [first, next] = jobsAndBatches();
		const output = result.json('Create Batch');
		expect(output.map((json) => json.recordsFailed)).toEqual([1, 1, 0]);
		expect(output[0].error).toBe(`Fluent reported 2 failed records in jobs ${first.jobId} and ${next.jobId}`);
		const ref = (at) => `${items[at].skuRef}:${items[at].locationRef}`;
		expect(output[0].description).toContain(
			`batch ${first.batchIds[0]} of job ${first.jobId}: ${ref(3)} → 404 Gone\nbatch ${next.batchIds[0]} of job ${next.jobId}: ${ref(15)} → 404 Gone\n`,
		);

		// All in the new job: only that job is named.
		world.simulator.reset();
		jobId = await world.createJob('Nightly stock');
		world.simulator.faults.closeJob(jobId);
		world.simulator.faults.failRecords({ skuRef: items[3].skuRef }, { responseCode: '404', message: 'Gone' });
		const allInNew = await load({ options: { failOnRecordErrors: true } });
		const [, newJob] = jobsAndBatches();
		expect(allInNew.nodeError('Create Batch').message).toBe(`Fluent reported 1 failed record in job ${newJob.jobId}`);
		expect(allInNew.nodeError('Create Batch').description).toMatch(new RegExp(`^batch ${newJob.batchIds[0]}: `));
	});

	test('waiting that fails after a continuation names both jobs the batches reached', async () => {
		world.simulator.faults.closeJobAfterBatches(jobId, 1);
		world.simulator.faults.failNext(1000, { status: 503, endpoint: 'batchGet' });
		const result = await load({ options: { maxRetries: 0 }, settings: onContinue });

		const [first, next] = jobsAndBatches();
		const output = result.json('Create Batch');
		expect(output).toHaveLength(3);
		expect(output[0].error).toMatch(
			new RegExp(`^All 3 batches reached jobs ${first.jobId} and ${next.jobId}, but waiting for them failed: `),
		);
	});
});
