const { createWorld } = require('../harness/world.cjs');

describe('Create Job and Get Job through n8n', () => {
	let world;

	beforeEach(async () => {
		world = await createWorld();
	});

	afterEach(async () => {
		await world.close();
	});

	test('a Create Job → Get Job workflow succeeds', async () => {
		const createJob = world.fluentNode('Create Job', {
			operation: 'createJob',
			jobName: 'Nightly stock',
			retailerId: '7',
		});
		const getJob = world.fluentNode('Get Job', { operation: 'getJob', jobId: '={{ $json.jobId }}' });
		const result = await world.engine.run(world.chain(createJob, getJob));

		expect(result.status).toBe('success');
		const [job] = result.json('Create Job');
		expect(job).toEqual(
			expect.objectContaining({ jobId: expect.any(String), jobName: 'Nightly stock', retailerId: '7' }),
		);
		const [read] = result.json('Get Job');
		expect(read).toEqual(expect.objectContaining({ jobId: job.jobId, status: 'OPEN', name: 'Nightly stock' }));
		expect(result.items('Get Job')[0].pairedItem).toEqual({ item: 0 });
		expect(world.simulator.stats().requests).toEqual(
			expect.objectContaining({ token: 1, jobCreate: 1, jobGet: 1 }),
		);
	});
});
