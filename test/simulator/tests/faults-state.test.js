'use strict';

/** Faults on Fluent's state: expired tokens, stuck batches, closed jobs; clearing them. */

const { createSimulator } = require('../simulator.cjs');
const { INVALID_TOKEN_BODY, startSim, startWithJob, records } = require('./simulatorKit.cjs');

describe('faults', () => {
	test('expireTokens(): every issued token gets 401; a new token works', async () => {
		const { sim, api } = await startSim();
		await api.login();
		expect((await api.createJob()).status).toBe(200);
		sim.faults.expireTokens();
		const reply = await api.createJob();
		expect(reply.status).toBe(401);
		expect(reply.body).toEqual(INVALID_TOKEN_BODY);
		await api.login();
		expect((await api.createJob()).status).toBe(200);
	});

	test('stickBatches(true): batches stay RUNNING, even through settle(); false releases them', async () => {
		const { sim, api, jobId } = await startWithJob();
		const done = (await api.sendBatch(jobId, records(1))).body.id;
		sim.advance(1000);
		sim.faults.stickBatches(true);
		const batchId = (await api.sendBatch(jobId, records(1))).body.id;
		sim.advance(3_600_000);
		await sim.settle();
		expect((await api.getBatch(jobId, batchId)).body.status).toBe('RUNNING');
		expect((await api.getBatch(jobId, done)).body.status).toBe('COMPLETE');
		sim.faults.stickBatches(false);
		const released = (await api.getBatch(jobId, batchId)).body;
		expect(released.status).toBe('COMPLETE');
		expect(released.lastModifiedOn).toBe(new Date(sim.now()).toISOString());
	});

	test('stickBatch(batchId) sticks one batch, also one not created yet', async () => {
		const { sim, api, jobId } = await startWithJob();
		const first = (await api.sendBatch(jobId, records(1))).body.id;
		sim.faults.stickBatch(String(Number(first) + 1));
		const second = (await api.sendBatch(jobId, records(1))).body.id;
		sim.advance(10_000);
		expect((await api.getBatch(jobId, first)).body.status).toBe('COMPLETE');
		expect((await api.getBatch(jobId, second)).body.status).toBe('RUNNING');
		sim.faults.stickBatch(second, false);
		expect((await api.getBatch(jobId, second)).body.status).toBe('COMPLETE');
	});

	test('closeJob(jobId): the job reads CLOSED and refuses batches', async () => {
		const { sim, api, jobId } = await startWithJob();
		sim.faults.closeJob(jobId);
		expect((await api.getJob(jobId)).body.status).toBe('CLOSED');
		expect((await api.sendBatch(jobId, records(1))).status).toBe(400);
		expect(() => sim.faults.closeJob('999999')).toThrow('Job 999999 not found');
	});

	test('closeJobAfterBatches(jobId, n): CLOSED after n more accepted batches', async () => {
		const { sim, api, jobId } = await startWithJob();
		const otherJob = (await api.createJob()).body.id;
		sim.faults.closeJobAfterBatches(jobId, 2);
		expect((await api.sendBatch(jobId, records(1))).status).toBe(200);
		expect((await api.getJob(jobId)).body.status).toBe('OPEN');
		expect((await api.sendBatch(jobId, records(1))).status).toBe(200);
		expect((await api.getJob(jobId)).body.status).toBe('CLOSED');
		expect((await api.sendBatch(jobId, records(1))).body).toEqual({
			errors: [{ code: '400', message: `Job ${jobId} is closed` }],
		});
		expect((await api.sendBatch(otherJob, records(1))).status).toBe(200);
		expect((await api.sendBatch(otherJob, records(1))).status).toBe(200);
	});

	test("closeJobAfterBatches('*', n) applies to every job, also later ones", async () => {
		const { sim, api } = await startSim();
		await api.login();
		sim.faults.closeJobAfterBatches('*', 1);
		const laterJob = (await api.createJob()).body.id;
		expect((await api.sendBatch(laterJob, records(1))).status).toBe(200);
		expect((await api.sendBatch(laterJob, records(1))).status).toBe(400);
	});

	test('clear() disarms every fault; closed jobs stay closed', async () => {
		const { sim, api, jobId } = await startWithJob();
		const batchId = (await api.sendBatch(jobId, records(1))).body.id;
		sim.faults.closeJob(jobId);
		sim.faults.failNext(5, { status: 500 });
		sim.faults.dropConnection({ count: 5 });
		sim.faults.hang({ count: 5 });
		sim.faults.stickBatches(true);
		sim.faults.failRecords(() => true);
		sim.faults.closeJobAfterBatches('*', 1);
		sim.faults.clear();
		expect(sim.faults.list()).toEqual({
			requestFaults: [],
			stickAll: false,
			stuckBatchIds: [],
			recordFaults: 0,
			closeJobAfterBatches: {},
		});
		sim.advance(1000);
		expect((await api.getBatch(jobId, batchId)).body.results[0].responseCode).toBe('200');
		expect((await api.getJob(jobId)).body.status).toBe('CLOSED');
	});

	test('fault arguments are checked', () => {
		const sim = createSimulator();
		expect(() => sim.faults.failNext(0)).toThrow(TypeError);
		expect(() => sim.faults.failNext(1, { status: 42 })).toThrow(TypeError);
		expect(() => sim.faults.failNext(1, { endpoint: 'jobDelete' })).toThrow(
			/endpoint must be one of/,
		);
		expect(() => sim.faults.dropConnection({ when: 'during' })).toThrow(TypeError);
		expect(() => sim.faults.hang({ ms: -1 })).toThrow(TypeError);
		expect(() => sim.faults.closeJobAfterBatches('*', 0)).toThrow(TypeError);
		expect(() => sim.faults.failRecords('SKU_1')).toThrow(TypeError);
	});
});
