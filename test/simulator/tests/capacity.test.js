'use strict';

/** A large load through the simulator. */

const { startWithJob, record } = require('./simulatorKit.cjs');

describe('capacity', () => {
	test('20 batches of 5000 records load and apply quickly', async () => {
		const { sim, api, jobId } = await startWithJob({ logRequests: false });
		const startedAt = Date.now();
		for (let batch = 0; batch < 20; batch += 1) {
			const entities = Array.from({ length: 5000 }, (_, i) => record(batch * 5000 + i));
			expect((await api.sendBatch(jobId, entities)).status).toBe(200);
		}
		await sim.settle();
		expect(sim.store.summary()).toMatchObject({
			size: 100_000,
			totalArrivals: 100_000,
			duplicates: 0,
		});
		expect(Date.now() - startedAt).toBeLessThan(15_000);
	});
});
