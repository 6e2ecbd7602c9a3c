const { createWorld } = require('../harness/world.cjs');
const { DEFAULT_USER } = require('../simulator/lib/config.cjs');

// Every timer stays real; only Date is faked, so that the node's notion of "today" (the n8n
// host's UTC day) can be set. The simulator is given a clock that reads the same Date.
const ALL_BUT_DATE = [
	'hrtime',
	'nextTick',
	'performance',
	'queueMicrotask',
	'requestAnimationFrame',
	'cancelAnimationFrame',
	'requestIdleCallback',
	'cancelIdleCallback',
	'setImmediate',
	'clearImmediate',
	'setInterval',
	'clearInterval',
	'setTimeout',
	'clearTimeout',
];

const OTHER_ACCOUNT_USER = {
	...DEFAULT_USER,
	accountId: 'OTHERACCOUNT',
	clientId: 'other-client',
	clientSecret: 'other-client-secret',
};

describe("Create Job → Reuse Today's Job: one job per account, retailer and UTC day", () => {
	let world;
	/** The workflow's static data as n8n saved it after the last run (like the database column). */
	let saved;
	const results = [];

	async function setUp(simulator = {}) {
		world = await createWorld({
			simulator: {
				clock: () => Date.now(),
				users: [DEFAULT_USER, OTHER_ACCOUNT_USER],
				...simulator,
			},
		});
		saved = {};
	}

	afterEach(async () => {
		jest.useRealTimers();
		try {
			for (const result of results) expect(world.leakedSecrets(result)).toEqual([]);
			const stored = JSON.stringify(saved);
			expect(world.secrets().filter((secret) => stored.includes(secret))).toEqual([]);
			expect(stored).not.toContain(OTHER_ACCOUNT_USER.clientSecret);
		} finally {
			results.length = 0;
			await world?.close();
		}
	});

	function createJobNode({ options = {}, credentialId, ...parameters } = {}) {
		return world.fluentNode(
			'Create Job',
			{
				operation: 'createJob',
				jobName: 'Stock changes',
				retailerId: '',
				options: { reuseTodaysJob: true, ...options },
				...parameters,
			},
			credentialId ? { credentialId } : {},
		);
	}

	/** One execution as n8n runs an active workflow: static data in, saved static data out. */
	async function run(node, { mode = 'trigger' } = {}) {
		const result = await world.engine.run({ ...world.chain(node), mode, staticData: saved });
		results.push(result);
		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		if (result.savedStaticData) saved = result.savedStaticData;
		const [json, ...more] = result.json('Create Job');
		expect(more).toEqual([]);
		return { json, result };
	}

	test('two executions on the same UTC day create one job: reused false, then true', async () => {
		await setUp();
		const first = await run(createJobNode());
		const second = await run(createJobNode({ jobName: 'Stock changes, later run' }));

		expect(first.json).toEqual({
			jobId: expect.any(String),
			jobName: 'Stock changes',
			retailerId: '1',
			skipPreprocessing: false,
			reused: false,
			remembered: true,
		});
		expect(second.json).toEqual({ ...first.json, reused: true });
		expect(world.simulator.jobs().map((job) => job.jobId)).toEqual([first.json.jobId]);
		expect(world.simulator.stats().requests.jobGet).toBe(1);
		expect(second.result.items('Create Job')[0].pairedItem).toEqual({ item: 0 });
		// What n8n saved: the job, its retailer and day, under one key; no secret (checked after each test).
		expect(Object.keys(saved)).toEqual(['global']);
		expect(Object.values(saved.global.fluentInventoryBatchTodaysJobs)).toEqual([
			{
				jobId: first.json.jobId,
				jobName: 'Stock changes',
				retailerId: '1',
				skipPreprocessing: false,
				day: new Date().toISOString().slice(0, 10),
			},
		]);
	});

	test('a job closed between runs is replaced by a new one, which the next run reuses', async () => {
		await setUp();
		const first = await run(createJobNode());
		world.simulator.faults.closeJob(first.json.jobId);
		const second = await run(createJobNode());
		const third = await run(createJobNode());

		expect(second.json.reused).toBe(false);
		expect(second.json.jobId).not.toBe(first.json.jobId);
		expect(third.json).toMatchObject({ jobId: second.json.jobId, reused: true });
		expect(world.simulator.jobs().map((job) => [job.jobId, job.status])).toEqual([
			[first.json.jobId, 'CLOSED'],
			[second.json.jobId, 'OPEN'],
		]);
	});

	test('a job Fluent no longer knows (404) is replaced by a new one', async () => {
		await setUp();
		const first = await run(createJobNode());
		world.simulator.reset();
		const second = await run(createJobNode());

		expect(second.json.reused).toBe(false);
		expect(second.json.jobId).not.toBe(first.json.jobId);
		expect(world.simulator.stats().responses[404]).toBe(1);
		expect(world.simulator.jobs().map((job) => job.jobId)).toEqual([second.json.jobId]);
	});

	test("yesterday's job is not reused after midnight UTC, even while Fluent still reports it OPEN", async () => {
		jest.useFakeTimers({
			doNotFake: ALL_BUT_DATE,
			now: Date.parse('2026-12-01T23:30:00Z'),
			advanceTimers: true,
		});
		// This account's jobs live 24 hours, so Fluent still reports yesterday's job OPEN.
		await setUp({ jobLifetime: '24h' });
		expect(world.simulator.clock().now.slice(0, 13)).toBe('2026-12-01T23');
		const evening = await run(createJobNode());
		const sameEvening = await run(createJobNode());

		jest.setSystemTime(Date.parse('2026-12-02T00:30:00Z'));
		expect(world.simulator.clock().now.slice(0, 13)).toBe('2026-12-02T00');
		const morning = await run(createJobNode());
		const laterMorning = await run(createJobNode());

		expect([evening.json.reused, sameEvening.json.reused]).toEqual([false, true]);
		expect(morning.json.reused).toBe(false);
		expect(morning.json.jobId).not.toBe(evening.json.jobId);
		expect(laterMorning.json).toMatchObject({ jobId: morning.json.jobId, reused: true });
		const jobs = world.simulator.jobs();
		expect(jobs.map((job) => [job.jobId, job.status])).toEqual([
			[evening.json.jobId, 'OPEN'],
			[morning.json.jobId, 'OPEN'],
		]);
		// Only today's job is kept; yesterday's entry was dropped.
		expect(Object.values(saved.global.fluentInventoryBatchTodaysJobs)).toEqual([
			expect.objectContaining({ jobId: morning.json.jobId, day: '2026-12-02' }),
		]);
	});

	test('a job of another retailer is not reused: each retailer keeps its own job for the day', async () => {
		await setUp();
		const retailer1 = await run(createJobNode({ retailerId: '1' }));
		const retailer2 = await run(createJobNode({ retailerId: '2' }));
		const retailer1Again = await run(createJobNode({ retailerId: '1' }));
		const retailer2Again = await run(createJobNode({ retailerId: '2' }));

		expect([retailer1.json.reused, retailer2.json.reused]).toEqual([false, false]);
		expect(retailer2.json.jobId).not.toBe(retailer1.json.jobId);
		expect(retailer1Again.json).toMatchObject({ jobId: retailer1.json.jobId, reused: true });
		expect(retailer2Again.json).toMatchObject({
			jobId: retailer2.json.jobId,
			retailerId: '2',
			reused: true,
		});
		expect(world.simulator.jobs().map((job) => job.retailerId)).toEqual(['1', '2']);
	});

	test('a job of another Fluent account is not reused', async () => {
		await setUp();
		world.engine.credentialsHelper.save(
			'otherAccount',
			'fluentCommerceApi',
			{
				...world.credentialData,
				accountId: OTHER_ACCOUNT_USER.accountId,
				clientId: OTHER_ACCOUNT_USER.clientId,
				clientSecret: OTHER_ACCOUNT_USER.clientSecret,
			},
			'Other account',
		);
		const first = await run(createJobNode());
		const otherAccount = await run(createJobNode({ credentialId: 'otherAccount' }));
		const firstAgain = await run(createJobNode());

		expect(otherAccount.json.reused).toBe(false);
		expect(otherAccount.json.jobId).not.toBe(first.json.jobId);
		expect(firstAgain.json).toMatchObject({ jobId: first.json.jobId, reused: true });
	});

	test('a job created with another pre-processing setting is not reused', async () => {
		await setUp();
		const full = await run(createJobNode());
		const delta = await run(createJobNode({ options: { skipPreprocessing: true } }));

		expect(delta.json).toMatchObject({ reused: false, skipPreprocessing: true });
		expect(delta.json.jobId).not.toBe(full.json.jobId);
		expect(world.simulator.jobs().map((job) => job.meta ?? null)).toEqual([
			null,
			{ preprocessing: 'skip' },
		]);
	});

	test('with the option off every run creates a job, reports reused: false and stores nothing', async () => {
		await setUp();
		const first = await run(createJobNode({ options: { reuseTodaysJob: false } }));
		const second = await run(createJobNode({ options: { reuseTodaysJob: false } }));

		expect(first.json).toEqual({
			jobId: expect.any(String),
			jobName: 'Stock changes',
			retailerId: '1',
			skipPreprocessing: false,
			reused: false,
		});
		expect(second.json.reused).toBe(false);
		expect(second.json.jobId).not.toBe(first.json.jobId);
		expect(first.result.savedStaticData).toBeUndefined();
		expect(saved).toEqual({});
	});

	test('a manual run from the editor creates a job, says it is not remembered, and ignores the remembered one', async () => {
		await setUp();
		const scheduled = await run(createJobNode());
		const manual = await run(createJobNode(), { mode: 'manual' });
		const manualAgain = await run(createJobNode(), { mode: 'manual' });
		const scheduledAgain = await run(createJobNode());

		for (const { json, result } of [manual, manualAgain]) {
			expect(json).toMatchObject({ reused: false, remembered: false });
			expect(json.note).toMatch(/manual run.*not remembered/i);
			expect(result.savedStaticData).toBeUndefined();
		}
		expect(new Set([scheduled.json.jobId, manual.json.jobId, manualAgain.json.jobId]).size).toBe(3);
		// The manual runs changed nothing the scheduled runs rely on.
		expect(scheduledAgain.json).toMatchObject({ jobId: scheduled.json.jobId, reused: true });
	});

	test('two input items in one run share the job: the second reuses the first', async () => {
		await setUp();
		const result = await world.engine.run({
			...world.chain(createJobNode()),
			input: [{}, {}],
			mode: 'trigger',
			staticData: saved,
		});
		results.push(result);
		const [first, second] = result.json('Create Job');
		expect([first.reused, second.reused]).toEqual([false, true]);
		expect(second.jobId).toBe(first.jobId);
		expect(result.items('Create Job').map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
		]);
	});

	/** The entries n8n would hand back from the database after someone (or something) edited them. */
	function seedRememberedJobs(entries) {
		saved = { ...saved, global: { ...saved.global, fluentInventoryBatchTodaysJobs: entries } };
	}

	const unreadableEntries = (key) => ({
		[key]: null,
		'text entry': 'job 12',
		'list entry': ['12', 'Stock changes'],
		'number entry': 12,
		'no job ID': {
			jobName: 'Stock changes',
			retailerId: '1',
			skipPreprocessing: false,
			day: new Date().toISOString().slice(0, 10),
		},
		'no day': { jobId: '12', jobName: 'Stock changes', retailerId: '1', skipPreprocessing: false },
	});

	test("unreadable remembered jobs (null, text, a list, a number, fields missing) never fail a run: they are dropped and logged, today's job is remembered and reused", async () => {
		await setUp();
		const first = await run(createJobNode());
		const [key] = Object.keys(saved.global.fluentInventoryBatchTodaysJobs);

		for (const entries of [unreadableEntries(key), null, 'job 12', [null, { jobId: '12' }]]) {
			seedRememberedJobs(entries);
			world.engine.logger.clear();
			const created = await run(createJobNode());
			const reused = await run(createJobNode());

			expect(created.json).toMatchObject({ reused: false, remembered: true });
			expect(created.json.jobId).not.toBe(first.json.jobId);
			expect(reused.json).toMatchObject({ jobId: created.json.jobId, reused: true });
			expect(saved.global.fluentInventoryBatchTodaysJobs).toEqual({
				[key]: {
					jobId: created.json.jobId,
					jobName: 'Stock changes',
					retailerId: '1',
					skipPreprocessing: false,
					day: new Date().toISOString().slice(0, 10),
				},
			});
			if (entries !== null) {
				expect(
					world.engine.logger.lines
						.filter((line) => line.level === 'warn')
						.map((line) => line.message),
				).toEqual([
					expect.stringMatching(
						/^Fluent Inventory Batch: Reuse Today's Job dropped \d+ unreadable remembered job entr(y|ies) from the workflow's static data \(/,
					),
				]);
			}
		}
		// One job per seeding, each created once although Fluent had answered.
		expect(world.simulator.jobs()).toHaveLength(5);
	});

	test("unreadable entries beside today's job are dropped while that job is reused", async () => {
		await setUp();
		const first = await run(createJobNode());
		const [key] = Object.keys(saved.global.fluentInventoryBatchTodaysJobs);
		const todays = saved.global.fluentInventoryBatchTodaysJobs[key];
		seedRememberedJobs({ ...unreadableEntries('other key'), [key]: todays });
		world.engine.logger.clear();

		const second = await run(createJobNode());

		expect(second.json).toMatchObject({ jobId: first.json.jobId, reused: true });
		expect(saved.global.fluentInventoryBatchTodaysJobs).toEqual({ [key]: todays });
		expect(world.engine.logger.text()).toContain('dropped 6 unreadable remembered job entries');
		expect(world.engine.logger.text()).toContain(
			'(null, a string, a list, a number, an object without the job fields)',
		);
	});
});
