'use strict';

/**
 * The simulator's clock and daily jobs (issue 13): setting "now", jobs that close at midnight UTC
 * of that clock, a job that closes after its Nth batch, and the store's record of which job each
 * record arrived in. Observed over HTTP.
 */

const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');
const { createSimulator } = require('../simulator.cjs');
const { rawFluentClient, inventoryRecords } = require('./raw-client.cjs');

const running = [];

afterEach(async () => {
	await Promise.all(running.splice(0).map((sim) => sim.stop()));
});

async function startSim(options = {}) {
	const sim = createSimulator({ pendingMs: 10, runningMs: 20, perRecordMs: 0, ...options });
	const url = await sim.start();
	running.push(sim);
	const client = rawFluentClient(url);
	await client.login();
	return { sim, url, client };
}

describe('clock', () => {
	test('setNow frozen: jobs carry that creation date, close at the next midnight UTC, Date header follows', async () => {
		const { sim, client } = await startSim();
		expect(sim.setNow('2026-12-01T23:59:00.000Z', { frozen: true })).toBe(Date.parse('2026-12-01T23:59:00Z'));
		const created = await client.createJob();
		expect(new Date(created.headers.date).toISOString()).toBe('2026-12-01T23:59:00.000Z');
		const jobId = created.json.id;
		expect((await client.getJob(jobId)).json).toMatchObject({
			jobId,
			name: 'Load',
			retailerId: '1',
			status: 'OPEN',
			createdOn: '2026-12-01T23:59:00.000Z',
			batch: [],
		});
		// Frozen: real time passing changes nothing.
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(sim.clock()).toEqual({ now: '2026-12-01T23:59:00.000Z', frozen: true });
		sim.advance(59_999);
		expect((await client.getJob(jobId)).json.status).toBe('OPEN');
		sim.advance(1);
		expect((await client.getJob(jobId)).json.status).toBe('CLOSED');
		const refused = await client.sendBatch(jobId, inventoryRecords(1));
		expect([refused.status, refused.json]).toEqual([400, { errors: [{ code: '400', message: `Job ${jobId} is closed` }] }]);
		const nextDay = (await client.createJob()).json.id;
		expect((await client.getJob(nextDay)).json).toMatchObject({ status: 'OPEN', createdOn: '2026-12-02T00:00:00.000Z' });
	});

	test('setNow running: time moves on from there; batches complete with it', async () => {
		const { sim, client } = await startSim();
		const at = Date.parse('2027-03-04T05:06:07Z');
		sim.setNow(at);
		// Tokens follow the clock too: the one from before the jump has expired.
		expect((await client.createJob()).status).toBe(401);
		await client.login();
		const jobId = (await client.createJob()).json.id;
		const createdOn = Date.parse((await client.getJob(jobId)).json.createdOn);
		expect(createdOn).toBeGreaterThanOrEqual(at);
		expect(createdOn).toBeLessThan(at + 5000);
		const batchId = (await client.sendBatch(jobId, inventoryRecords(2))).json.id;
		await new Promise((resolve) => setTimeout(resolve, 60));
		expect((await client.getBatch(jobId, batchId)).json.status).toBe('COMPLETE');
		expect(sim.clock().frozen).toBe(false);
		expect(() => sim.setNow('not a date')).toThrow(TypeError);
	});

	test('admin: GET/POST /__sim/clock sets, freezes and advances the time', async () => {
		const { client } = await startSim();
		const set = await client.admin('POST', 'clock', { now: '2026-12-31T23:00:00Z', frozen: true });
		expect(set.json).toEqual({ now: '2026-12-31T23:00:00.000Z', frozen: true });
		await client.login();
		const jobId = (await client.createJob()).json.id;
		expect((await client.admin('POST', 'clock', { advanceMs: 3_600_000 })).json.now).toBe('2027-01-01T00:00:00.000Z');
		expect((await client.getJob(jobId)).json.status).toBe('CLOSED');
		expect((await client.admin('GET', 'clock')).json).toEqual({ now: '2027-01-01T00:00:00.000Z', frozen: true });
		expect((await client.admin('POST', 'clock', { now: 'yesterday' })).status).toBe(400);
		expect((await client.admin('POST', 'clock', { now: Date.parse('2027-01-05T00:00:00Z') })).json.frozen).toBe(false);
	});

	test('cli --now and --freeze-clock', async () => {
		const child = spawn(process.execPath, [path.join(__dirname, '..', 'cli.cjs'), '--quiet', '--now', '2026-06-30T23:59:59Z', '--freeze-clock']);
		try {
			const line = await new Promise((resolve) => readline.createInterface({ input: child.stdout }).once('line', resolve));
			const client = rawFluentClient(JSON.parse(line).url);
			expect((await client.admin('GET', 'clock')).json).toEqual({ now: '2026-06-30T23:59:59.000Z', frozen: true });
		} finally {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		}
	});
});

describe('closeJobAfterBatches: a job that closes mid-load', () => {
	test("'next': the next job created closes after its 3rd batch; the 4th is refused as a closed job; later jobs stay open", async () => {
		const { sim, client } = await startSim();
		sim.faults.closeJobAfterBatches('next', 3);
		expect(sim.faults.list().closeJobAfterBatches).toEqual({ next: 3 });
		const first = (await client.createJob()).json.id;
		for (let batch = 0; batch < 3; batch += 1) {
			expect((await client.sendBatch(first, inventoryRecords(2, { locationRef: `L${batch}` }))).status).toBe(200);
		}
		const fourth = await client.sendBatch(first, inventoryRecords(2, { locationRef: 'L3' }));
		expect([fourth.status, fourth.json]).toEqual([400, { errors: [{ code: '400', message: `Job ${first} is closed` }] }]);
		expect((await client.getJob(first)).json.status).toBe('CLOSED');
		const second = (await client.createJob()).json.id;
		for (let batch = 3; batch < 8; batch += 1) {
			expect((await client.sendBatch(second, inventoryRecords(2, { locationRef: `L${batch}` }))).status).toBe(200);
		}
		expect((await client.getJob(second)).json.status).toBe('OPEN');
	});

	test('over the admin API', async () => {
		const { client } = await startSim();
		await client.admin('POST', 'faults', { type: 'closeJobAfterBatches', jobId: 'next', n: 1 });
		const jobId = (await client.createJob()).json.id;
		expect((await client.sendBatch(jobId, inventoryRecords(1))).status).toBe(200);
		expect((await client.sendBatch(jobId, inventoryRecords(1))).status).toBe(400);
	});
});

describe('the store tells where each record arrived; the jobs are listed with their batches', () => {
	test('arrivalsOf, arrivalsByJob, jobs() and their admin routes', async () => {
		const { sim, client } = await startSim({ clock: () => Date.UTC(2026, 11, 1, 12) });
		const jobA = (await client.createJob()).json.id;
		const jobB = (await client.createJob()).json.id;
		sim.faults.failRecords({ skuRef: 'SKU_2' }, { responseCode: '404', message: 'Location not found' });
		const batchA = (await client.sendBatch(jobA, inventoryRecords(3))).json.id;
		const batchB = (await client.sendBatch(jobB, inventoryRecords(2))).json.id;
		const pendingBatch = (await client.sendBatch(jobB, inventoryRecords(1, { locationRef: 'LATE' }))).json.id;
		sim.faults.stickBatch(pendingBatch);
		await sim.settle();
		expect(sim.store.arrivalsOf('1', 'LOC_1', 'SKU_0')).toEqual([
			{ jobId: jobA, batchId: batchA },
			{ jobId: jobB, batchId: batchB },
		]);
		expect(sim.store.arrivalsOf(1, 'LOC_1', 'SKU_2')).toEqual([]);
		expect(sim.store.arrivalsByJob()).toEqual({ [jobA]: 2, [jobB]: 2 });
		expect(sim.store.get('1', 'LOC_1', 'SKU_0')).toMatchObject({ arrivals: 2, lastJobId: jobB });

		const jobs = sim.jobs();
		expect(jobs.map((job) => job.jobId)).toEqual(expect.arrayContaining([jobA, jobB]));
		expect(jobs.find((job) => job.jobId === jobB)).toMatchObject({
			status: 'OPEN',
			retailerId: '1',
			batches: [
				{ batchId: batchB, status: 'COMPLETE', entityCount: 2, succeeded: 2, failed: 0, createdOn: expect.any(String) },
				{ batchId: pendingBatch, status: 'PENDING', entityCount: 1, succeeded: null, failed: null, createdOn: expect.any(String) },
			],
		});
		expect(jobs.find((job) => job.jobId === jobA).batches[0]).toMatchObject({ succeeded: 2, failed: 1 });

		const query = '?retailerId=1&locationRef=LOC_1&skuRef=SKU_1';
		expect((await client.admin('GET', `store/arrivals${query}`)).json.arrivals).toHaveLength(2);
		expect((await client.admin('GET', 'store/arrivals?retailerId=1')).status).toBe(400);
		expect((await client.admin('GET', 'store/by-job')).json).toEqual({ arrivalsByJob: { [jobA]: 2, [jobB]: 2 } });
		expect((await client.admin('GET', 'jobs')).json.jobs).toEqual(JSON.parse(JSON.stringify(sim.jobs())));
	});
});
