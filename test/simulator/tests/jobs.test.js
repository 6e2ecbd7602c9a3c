'use strict';

/** The Job API: create, read, close. */

const { T0, startSim, startWithJob, records } = require('./simulatorKit.cjs');

describe('jobs', () => {
	test('POST /api/v4.1/job creates jobs with increasing string ids; GET shows them', async () => {
		const { api } = await startSim();
		await api.login();
		const first = await api.createJob({
			name: 'Daily load',
			retailerId: '1',
			meta: { preprocessing: 'skip' },
		});
		const second = await api.createJob({ name: 'Second', retailerId: 2 });
		expect(first.status).toBe(200);
		expect(first.body).toEqual({ id: expect.stringMatching(/^\d+$/) });
		expect(Number(second.body.id)).toBeGreaterThan(Number(first.body.id));
		const job = await api.getJob(first.body.id);
		expect(job.status).toBe(200);
		expect(job.body).toEqual({
			jobId: first.body.id,
			name: 'Daily load',
			retailerId: '1',
			status: 'OPEN',
			createdOn: new Date(T0).toISOString(),
			meta: { preprocessing: 'skip' },
			batch: [],
		});
		expect((await api.getJob(second.body.id)).body).toMatchObject({ retailerId: '2', meta: null });
	});

	test('job GET lists its batches with their status', async () => {
		const { sim, api, jobId } = await startWithJob();
		const batch = await api.sendBatch(jobId, records(2));
		expect((await api.getJob(jobId)).body.batch).toEqual([
			{ batchId: batch.body.id, status: 'PENDING', createdOn: new Date(T0).toISOString() },
		]);
		sim.advance(10);
		expect((await api.getJob(jobId)).body.batch[0].status).toBe('RUNNING');
		sim.advance(22);
		expect((await api.getJob(jobId)).body.batch[0].status).toBe('COMPLETE');
	});

	test('stores meta so tests can check preprocessing: skip', async () => {
		const { sim, api } = await startSim();
		await api.login();
		await api.createJob({ name: 'n', retailerId: '1', meta: { preprocessing: 'skip' } });
		expect(sim.stats().jobs[0].meta).toEqual({ preprocessing: 'skip' });
	});

	test("missing or empty name: 400 'name' is required", async () => {
		const { api } = await startSim();
		await api.login();
		for (const body of [{ retailerId: '1' }, { name: '', retailerId: '1' }]) {
			const reply = await api.createJob(body);
			expect(reply.status).toBe(400);
			expect(reply.body).toEqual({ errors: [{ code: '400', message: "'name' is required" }] });
		}
	});

	test("missing retailerId: 400 NotNull 'retailerId' is required", async () => {
		const { api } = await startSim();
		await api.login();
		const reply = await api.createJob({ name: 'n' });
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({
			errors: [{ code: 'NotNull', message: "'retailerId' is required" }],
		});
	});

	test('a body that is not JSON: 400', async () => {
		const { api } = await startSim();
		await api.login();
		const reply = await api.createJob('{"name": oops');
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({
			errors: [{ code: '400', message: 'Malformed JSON request body' }],
		});
	});

	test('unknown job: 404', async () => {
		const { api } = await startSim();
		await api.login();
		const reply = await api.getJob('999999');
		expect(reply.status).toBe(404);
		expect(reply.body).toEqual({ errors: [{ code: '404', message: 'Job 999999 not found' }] });
	});

	test("jobLifetime 'midnight-utc' (default): CLOSED from 00:00 UTC of the next day", async () => {
		const lateEvening = Date.UTC(2025, 0, 15, 23, 59, 0);
		const { sim, api } = await startSim({ clock: () => lateEvening });
		await api.login();
		const { id } = (await api.createJob()).body;
		sim.advance(59_999);
		expect((await api.getJob(id)).body.status).toBe('OPEN');
		sim.advance(1);
		expect((await api.getJob(id)).body.status).toBe('CLOSED');
	});

	test("jobLifetime '24h' and a number of ms", async () => {
		const { sim, api } = await startSim({ jobLifetime: '24h', tokenLifetimeSeconds: 200_000 });
		await api.login();
		const dayJob = (await api.createJob()).body.id;
		sim.config.jobLifetime = 1000;
		const shortJob = (await api.createJob()).body.id;
		sim.advance(999);
		expect((await api.getJob(shortJob)).body.status).toBe('OPEN');
		sim.advance(1);
		expect((await api.getJob(shortJob)).body.status).toBe('CLOSED');
		sim.advance(24 * 3600 * 1000 - 1001);
		expect((await api.getJob(dayJob)).body.status).toBe('OPEN');
		sim.advance(1);
		expect((await api.getJob(dayJob)).body.status).toBe('CLOSED');
	});

	test('a batch POST to a CLOSED job: 400 (status configurable)', async () => {
		const { sim, api, jobId } = await startWithJob({ jobLifetime: 1000 });
		sim.advance(1000);
		const reply = await api.sendBatch(jobId, records(1));
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({ errors: [{ code: '400', message: `Job ${jobId} is closed` }] });
		sim.config.closedJobStatus = 409;
		expect((await api.sendBatch(jobId, records(1))).status).toBe(409);
		expect(sim.stats().batches).toHaveLength(0);
	});
});
