'use strict';

/** What the simulator counts and logs, and reset(). */

const { startSim, call, startWithJob, records } = require('./simulatorKit.cjs');

describe('stats', () => {
	test('counts requests per endpoint and responses per status; records Host headers and a request log', async () => {
		const { sim, url, api, jobId } = await startWithJob();
		const batchId = (await api.sendBatch(jobId, records(1))).body.id;
		await api.getBatch(jobId, batchId);
		await api.getJob(jobId);
		await api.request('GET', '/api/nothing');
		await call(`${url}/__sim/stats`);
		const stats = sim.stats();
		expect(stats.requests).toEqual({
			token: 1,
			jobCreate: 1,
			jobGet: 1,
			batchCreate: 1,
			batchGet: 1,
			graphql: 0,
			other: 1,
		});
		expect(stats.responses).toEqual({ 200: 5, 404: 1 });
		expect(stats.hostHeaders).toEqual([new URL(url).host]);
		expect(stats.requestLog.map(({ endpoint, status }) => `${endpoint} ${status}`)).toEqual([
			'token 200',
			'jobCreate 200',
			'batchCreate 200',
			'batchGet 200',
			'jobGet 200',
			'other 404',
		]);
		expect(stats.requestLog[0]).toEqual({
			method: 'POST',
			path: '/oauth/token',
			endpoint: 'token',
			status: 200,
			ms: expect.any(Number),
		});
	});

	test('the request log is bounded, and can be turned off', async () => {
		const { sim, api } = await startSim({ requestLogLimit: 3 });
		await api.login();
		for (let i = 0; i < 5; i += 1) await api.getJob('1');
		expect(sim.stats().requestLog).toHaveLength(3);
		sim.config.logRequests = false;
		sim.reset();
		await api.login();
		expect(sim.stats().requestLog).toHaveLength(0);
		expect(sim.stats().requests.token).toBe(1);
	});

	test('onRequest receives every log entry', async () => {
		const entries = [];
		const { api } = await startSim({ onRequest: (entry) => entries.push(entry) });
		await api.login();
		expect(entries).toEqual([expect.objectContaining({ endpoint: 'token', status: 200 })]);
	});

	test('reset() forgets jobs, batches, tokens, store, counters and faults', async () => {
		const { sim, api, jobId } = await startWithJob();
		await api.sendBatch(jobId, records(2));
		await sim.settle();
		sim.faults.failNext(1);
		sim.reset();
		const stats = sim.stats();
		expect(stats).toMatchObject({
			jobs: [],
			batches: [],
			tokensIssued: 0,
			tokenRequests: [],
			requestLog: [],
		});
		expect(Object.values(stats.requests).every((count) => count === 0)).toBe(true);
		expect(sim.store.size).toBe(0);
		expect(sim.faults.list().requestFaults).toEqual([]);
		expect((await api.getJob(jobId)).status).toBe(401);
		await api.login();
		const newJob = (await api.createJob()).body.id;
		expect(Number(newJob)).toBeGreaterThan(Number(jobId)); // ids never restart, stale ids stay unknown
		expect((await api.getJob(jobId)).status).toBe(404);
	});
});
