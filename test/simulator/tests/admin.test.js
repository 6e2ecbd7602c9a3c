'use strict';

/** The admin HTTP API (/__sim/) that tests in other processes use. */

const { T0, startSim, call, startWithJob, record, records } = require('./simulatorKit.cjs');

describe('admin HTTP API (/__sim/)', () => {
	const admin = (url, pathname, body) =>
		call(
			`${url}/__sim/${pathname}`,
			body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) },
		);

	test('GET info and stats; admin calls are never counted', async () => {
		const { url, api } = await startSim();
		await api.login();
		expect((await admin(url, 'info')).body).toMatchObject({
			url,
			clientId: 'sim-client',
			username: 'sim-user',
		});
		const stats = (await admin(url, 'stats')).body;
		expect(stats.requests.token).toBe(1);
		expect(stats.requests.other).toBe(0);
		expect(stats.responses).toEqual({ 200: 1 });
	});

	test('GET process reports pid and memory', async () => {
		const { url } = await startSim();
		const reply = await admin(url, 'process');
		expect(reply.body).toMatchObject({
			pid: process.pid,
			memory: { rss: expect.any(Number), heapUsed: expect.any(Number) },
		});
	});

	test('GET store (one record), store/summary and store/duplicates', async () => {
		const { sim, url, api, jobId } = await startWithJob();
		await api.sendBatch(jobId, [record(1), record(1, { qty: 4 }), record(2)]);
		await sim.settle();
		const found = await admin(url, 'store?retailerId=1&locationRef=LOC_1&skuRef=SKU_1');
		expect(found.status).toBe(200);
		expect(found.body).toMatchObject({ skuRef: 'SKU_1', qty: 4, arrivals: 2 });
		expect((await admin(url, 'store?retailerId=1&locationRef=LOC_1&skuRef=NOPE')).status).toBe(404);
		expect((await admin(url, 'store?retailerId=1')).status).toBe(400);
		expect((await admin(url, 'store/summary')).body).toEqual({
			size: 2,
			totalArrivals: 3,
			duplicates: 1,
			qtySum: 6,
		});
		expect((await admin(url, 'store/duplicates')).body.duplicates).toEqual([
			expect.objectContaining({ skuRef: 'SKU_1', arrivals: 2 }),
		]);
	});

	test('POST reset', async () => {
		const { sim, url, api } = await startSim();
		await api.login();
		expect((await admin(url, 'reset', {})).body).toEqual({ reset: true });
		expect(sim.stats().requests.token).toBe(0);
	});

	test('POST config merges JSON into the config; unknown keys and functions are refused', async () => {
		const { sim, url } = await startSim();
		const reply = await admin(url, 'config', { runningMs: 7, invalidEntityMode: 'per-record' });
		expect(reply.status).toBe(200);
		expect(reply.body.config).toMatchObject({
			runningMs: 7,
			invalidEntityMode: 'per-record',
			pendingMs: 10,
		});
		expect(sim.config.runningMs).toBe(7);
		expect((await admin(url, 'config', { bogus: 1 })).status).toBe(400);
		expect((await admin(url, 'config', { clock: 1 })).body.error).toMatch(/in-process/);
		expect((await admin(url, 'config', { maxBatchSize: 'many' })).status).toBe(400);
		expect((await admin(url, 'config')).body.config.runningMs).toBe(7);
	});

	test('POST faults: failNext, dropConnection, hang', async () => {
		const { sim, url, api, jobId } = await startWithJob();
		const armed = await admin(url, 'faults', {
			type: 'failNext',
			n: 1,
			status: 429,
			retryAfter: 1,
			endpoint: 'jobGet',
		});
		expect(armed.body.faults.requestFaults).toEqual([
			{ kind: 'failNext', remaining: 1, endpoint: 'jobGet', status: 429, retryAfter: 1 },
		]);
		expect((await api.getJob(jobId)).status).toBe(429);
		await admin(url, 'faults', [
			{ type: 'dropConnection', when: 'after', endpoint: 'batchCreate' },
			{ type: 'hang', endpoint: 'jobGet', ms: 20 },
		]);
		await expect(api.sendBatch(jobId, records(1))).rejects.toThrow();
		expect(sim.stats().batches).toHaveLength(1);
		expect((await api.getJob(jobId)).status).toBe(200);
		expect(sim.stats().faultsTriggered).toEqual({
			failNext: 1,
			dropBefore: 0,
			dropAfter: 1,
			hang: 1,
		});
	});

	test('POST faults: expireTokens, closeJob, closeJobAfterBatches', async () => {
		const { url, api, jobId } = await startWithJob();
		const otherJob = (await api.createJob()).body.id;
		await admin(url, 'faults', { type: 'closeJob', jobId });
		expect((await api.getJob(jobId)).body.status).toBe('CLOSED');
		expect((await admin(url, 'faults', { type: 'closeJob', jobId: '999999' })).status).toBe(404);
		await admin(url, 'faults', { type: 'closeJobAfterBatches', jobId: otherJob, n: 1 });
		await api.sendBatch(otherJob, records(1));
		expect((await api.getJob(otherJob)).body.status).toBe('CLOSED');
		await admin(url, 'faults', { type: 'expireTokens' });
		expect((await api.getJob(otherJob)).status).toBe(401);
	});

	test('POST faults: stickBatches, stickBatch, failRecords, clear; POST settle and advance', async () => {
		const { url, api, jobId } = await startWithJob();
		await admin(url, 'faults', { type: 'stickBatches', stuck: true });
		const stuckBatch = (await api.sendBatch(jobId, records(1))).body.id;
		expect((await admin(url, 'settle', {})).body).toEqual({ applied: 0, stuck: 1 });
		await admin(url, 'faults', { type: 'clear' });
		expect((await admin(url, 'settle', {})).body).toEqual({ applied: 1, stuck: 0 });
		expect((await api.getBatch(jobId, stuckBatch)).body.status).toBe('COMPLETE');

		await admin(url, 'faults', [
			{
				type: 'failRecords',
				match: { skuRef: 'SKU_2' },
				responseCode: '404',
				message: 'SKU not found',
			},
			{ type: 'stickBatch', batchId: String(Number(stuckBatch) + 2) },
		]);
		const failing = (await api.sendBatch(jobId, records(2))).body.id;
		const stuck = (await api.sendBatch(jobId, records(1))).body.id;
		const advanced = await admin(url, 'advance', { ms: 1000 });
		expect(advanced.body.now).toBe(new Date(T0 + 1000).toISOString());
		expect((await api.getBatch(jobId, failing)).body.results[1]).toMatchObject({
			responseCode: '404',
			message: 'SKU not found',
		});
		expect((await api.getBatch(jobId, stuck)).body.status).toBe('RUNNING');
		await admin(url, 'faults', { type: 'stickBatch', batchId: stuck, stuck: false });
		expect((await api.getBatch(jobId, stuck)).body.status).toBe('COMPLETE');
		expect((await admin(url, 'faults')).body.faults.recordFaults).toBe(1);
	});

	test('bad fault requests: 400; unknown admin endpoints: 404', async () => {
		const { url } = await startSim();
		expect((await admin(url, 'faults', { type: 'meteorStrike' })).status).toBe(400);
		expect((await admin(url, 'faults', { type: 'failNext', status: 'x' })).status).toBe(400);
		expect((await call(`${url}/__sim/faults`, { method: 'POST', body: 'nope' })).status).toBe(400);
		expect((await admin(url, 'nothing')).status).toBe(404);
	});
});
