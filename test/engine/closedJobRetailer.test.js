const { createWorld } = require('../harness/world.cjs');
const { DEFAULT_USER } = require('../simulator/lib/config.cjs');
const { inventoryItems, missingOrWrong } = require('../harness/inventory.cjs');
const { binaryItem, csvOf } = require('../harness/binaryFiles.cjs');

/**
 * When the Job Closes → Continue in a New Job: the new job is for the closed job's retailer and
 * has its meta, whatever the credential's retailer. The credential here names retailer 1; the
 * loads are for retailer 2 (and 3).
 */
describe("When the Job Closes: the new job has the closed job's retailer and meta", () => {
	let world;
	let lastResult;

	beforeEach(async () => {
		world = await createWorld({ credential: { retailerId: '1' } });
	});

	afterEach(async () => {
		try {
			if (lastResult) expect(world.leakedSecrets(lastResult)).toEqual([]);
		} finally {
			lastResult = undefined;
			await world.close();
		}
	});

	/** Fluent's Get Job answer without the job's retailer and meta (its documentation is silent on them). */
	function getJobLeavesOutRetailerAndMeta() {
		world.simulator.faults.malformedReply({
			endpoint: 'jobGet',
			shape: 'reshape',
			omit: ['retailerId', 'meta'],
			count: 20,
		});
	}

	/** Create Job (retailer 2, Skip Batch Pre-Processing) → the records → Create Batch. */
	async function createJobThenLoad(items, createBatchParameters = {}) {
		const createJob = world.fluentNode('Create Job', {
			operation: 'createJob',
			jobName: 'Retailer 2 stock',
			retailerId: '2',
			options: { skipPreprocessing: true },
		});
		return await load(items, createJob, {
			jobId: "={{ $('Create Job').first().json.jobId }}",
			...createBatchParameters,
		});
	}

	async function load(items, first, { options = {}, ...parameters }) {
		const createBatch = world.fluentNode('Create Batch', {
			operation: 'createBatch',
			batchSize: 10,
			...parameters,
			options: { batchConcurrency: 1, requestTimeoutSeconds: 5, ...options },
		});
		const wholeItems = parameters.recordsFrom === 'binaryFile';
		const stockFile = world.emitItemsNode('Stock file', items, { wholeItems });
		const nodes = [...(first ? [first] : []), stockFile, createBatch];
		lastResult = await world.engine.run(world.chain(...nodes));
		return lastResult;
	}

	/** A job made in Fluent by another tool (not by this node), as `{name, retailerId, meta}` says. */
	async function jobMadeElsewhere(body) {
		const form = new URLSearchParams({
			grant_type: 'password',
			scope: 'api',
			client_id: DEFAULT_USER.clientId,
			client_secret: DEFAULT_USER.clientSecret,
			username: DEFAULT_USER.username,
			password: DEFAULT_USER.password,
		});
		const token = await (
			await fetch(`${world.url}/oauth/token`, { method: 'POST', body: form })
		).json();
		const answer = await fetch(`${world.url}/api/v4.1/job`, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${token.access_token}`,
				'content-type': 'application/json',
			},
			body: JSON.stringify(body),
		});
		return (await answer.json()).id;
	}

	const jobsAsSeen = () =>
		world.simulator.jobs().map((job) => [job.name, job.status, job.retailerId, job.meta]);

	async function everyRecordOnce(items, retailerId) {
		await world.simulator.settle();
		expect(world.simulator.store.summary()).toMatchObject({
			size: items.length,
			totalArrivals: items.length,
			duplicates: 0,
		});
		expect(missingOrWrong(world.simulator, items, retailerId)).toEqual([]);
	}

	test('Retailer ID 2, a job for retailer 2 skipping pre-processing, a credential of retailer 1: the load carries on in a job for retailer 2 skipping pre-processing, whether or not Fluent names them in its Get Job answer', async () => {
		for (const fluentLeavesThemOut of [false, true]) {
			world.simulator.reset();
			world.simulator.faults.closeJobAfterBatches('next', 2);
			if (fluentLeavesThemOut) getJobLeavesOutRetailerAndMeta();
			const items = inventoryItems(35);
			const result = await createJobThenLoad(items, { retailerId: '2' });

			expect(result.error).toBeUndefined();
			expect(jobsAsSeen()).toEqual([
				['Retailer 2 stock', 'CLOSED', '2', { preprocessing: 'skip' }],
				['Retailer 2 stock (continued)', 'OPEN', '2', { preprocessing: 'skip' }],
			]);
			const [closed, continued] = world.simulator.jobs().map((job) => job.jobId);
			expect(result.json('Create Batch').map((json) => json.jobId)).toEqual([
				closed,
				closed,
				continued,
				continued,
			]);
			await everyRecordOnce(items, '2');
		}
	});

	test("a job made elsewhere, whose retailer Fluent's answer leaves out: the new job is for the records' retailer (2), not the credential's (1), from input items and from a file", async () => {
		const items = inventoryItems(25, { retailerId: '2' });
		const fromItems = () => load(items, undefined, { jobId: currentJobId });
		const fromFile = () =>
			load(
				[binaryItem(csvOf(items, { columns: ['retailerId', 'skuRef', 'locationRef', 'qty'] }))],
				undefined,
				{
					jobId: currentJobId,
					recordsFrom: 'binaryFile',
				},
			);
		let currentJobId;
		for (const run of [fromItems, fromFile]) {
			world.simulator.reset();
			world.engine.logger.clear();
			currentJobId = await jobMadeElsewhere({ name: 'Made elsewhere', retailerId: '2' });
			world.simulator.faults.closeJobAfterBatches(currentJobId, 1);
			getJobLeavesOutRetailerAndMeta();
			const result = await run();

			expect(result.error).toBeUndefined();
			expect(jobsAsSeen()).toEqual([
				['Made elsewhere', 'CLOSED', '2', null],
				['Made elsewhere (continued)', 'OPEN', '2', null],
			]);
			// The node could not tell whether the closed job skipped pre-processing, and says so.
			expect(world.engine.logger.text()).toMatch(
				/did not say whether it skips Batch Pre-Processing/,
			);
			await everyRecordOnce(items, '2');
		}
	});

	test("records of retailers 2 and 3 in one load: the new job is for the closed job's retailer, each record landing once under its own; when neither Fluent nor this node knows that retailer, no job is guessed and the error names the retailers and the records not loaded", async () => {
		const items = inventoryItems(40).map((item, index) => ({
			...item,
			retailerId: index < 20 ? '2' : '3',
		}));

		// A job this node created for retailer 2: Fluent's answer may leave its retailer out.
		world.simulator.faults.closeJobAfterBatches('next', 2);
		getJobLeavesOutRetailerAndMeta();
		const known = await createJobThenLoad(items, { retailerId: '' });
		expect(known.error).toBeUndefined();
		expect(jobsAsSeen()).toEqual([
			['Retailer 2 stock', 'CLOSED', '2', { preprocessing: 'skip' }],
			['Retailer 2 stock (continued)', 'OPEN', '2', { preprocessing: 'skip' }],
		]);
		await everyRecordOnce(items);

		// A job made elsewhere, and Fluent's answer without its retailer: the load stops.
		world.simulator.reset();
		const jobId = await jobMadeElsewhere({ name: 'Made elsewhere', retailerId: '2' });
		world.simulator.faults.closeJobAfterBatches(jobId, 2);
		getJobLeavesOutRetailerAndMeta();
		const result = await load(items, undefined, { jobId });

		expect(result.status).toBe('error');
		expect(world.simulator.jobs()).toHaveLength(1);
		const error = result.nodeError('Create Batch');
		expect(error.message).toBe(
			`2 of 4 batches reached job ${jobId}; batch 3 failed: Job ${jobId} is CLOSED, and Fluent did not say which retailer it is for, while this load's records are for retailers 2 and 3`,
		);
		expect(error.description).toContain('Not loaded: items 20–39 (batch 3 failed');
		expect(error.description).toContain('Create Job');
		await world.simulator.settle();
		expect(world.simulator.store.summary()).toMatchObject({
			size: 20,
			totalArrivals: 20,
			duplicates: 0,
		});
		expect(missingOrWrong(world.simulator, items.slice(0, 20))).toEqual([]);
	});
});
