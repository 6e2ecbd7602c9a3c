'use strict';

/** Faults on the answer to a request: errors, dropped connections, hangs, latency. */

const {
	startSim,
	tokenParams,
	requestToken,
	startWithJob,
	records,
	waitFor,
} = require('./simulatorKit.cjs');

describe('faults', () => {
	test('failNext(n, {status}) answers n requests of any endpoint with status, doing nothing', async () => {
		const { sim, api } = await startSim();
		await api.login();
		sim.faults.failNext(2, { status: 503 });
		const first = await api.createJob();
		expect(first.status).toBe(503);
		expect(first.body).toEqual({ errors: [{ code: '503', message: 'Service Unavailable' }] });
		expect((await api.getJob('1')).status).toBe(503);
		expect((await api.createJob()).status).toBe(200);
		const stats = sim.stats();
		expect(stats.jobs).toHaveLength(1);
		expect(stats.faultsTriggered.failNext).toBe(2);
		expect(stats.responses).toMatchObject({ 503: 2 });
	});

	test('failNext with endpoint and retryAfter: 429 with a Retry-After header, other endpoints untouched', async () => {
		const { sim, api, jobId } = await startWithJob();
		sim.faults.failNext(1, { status: 429, retryAfter: 3, endpoint: 'batchCreate' });
		expect((await api.getJob(jobId)).status).toBe(200);
		const limited = await api.sendBatch(jobId, records(1));
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('3');
		expect(limited.body.errors[0].code).toBe('429');
		expect((await api.sendBatch(jobId, records(1))).status).toBe(200);
		expect(sim.stats().batches).toHaveLength(1);
	});

	test('failNext with afterProcessing: the batch is stored, only the answer is the failure', async () => {
		const { sim, api, jobId } = await startWithJob();
		sim.faults.failNext(1, { status: 502, endpoint: 'batchCreate', afterProcessing: true });
		expect((await api.sendBatch(jobId, records(2))).status).toBe(502);
		expect(sim.stats().batches).toHaveLength(1);
		await sim.settle();
		expect(sim.store.size).toBe(2);
		expect(sim.stats().faultsTriggered.failNext).toBe(1);
	});

	test.each([500, 502, 504])('failNext with status %i', async (status) => {
		const { sim, api, jobId } = await startWithJob();
		sim.faults.failNext(1, { status, endpoint: 'batchGet' });
		const batchId = (await api.sendBatch(jobId, records(1))).body.id;
		expect((await api.getBatch(jobId, batchId)).status).toBe(status);
	});

	test('failNext with a non-JSON body, e.g. an HTML proxy page', async () => {
		const { sim, api } = await startSim();
		await api.login();
		const html = '<html><body><h1>502 Bad Gateway</h1></body></html>';
		sim.faults.failNext(1, { status: 502, body: html, contentType: 'text/html' });
		const reply = await api.getJob('1');
		expect(reply.status).toBe(502);
		expect(reply.headers.get('content-type')).toBe('text/html');
		expect(reply.text).toBe(html);
	});

	test('failNext on the token endpoint', async () => {
		const { sim, url } = await startSim();
		sim.faults.failNext(1, { status: 500, endpoint: 'token' });
		expect((await requestToken(url, tokenParams())).status).toBe(500);
		expect((await requestToken(url, tokenParams())).status).toBe(200);
		expect(sim.stats().tokensIssued).toBe(1);
	});

	test("dropConnection({when:'before'}): no response and nothing stored", async () => {
		const { sim, api, jobId } = await startWithJob();
		sim.faults.dropConnection({ when: 'before', endpoint: 'batchCreate' });
		await expect(api.sendBatch(jobId, records(2))).rejects.toThrow();
		await sim.settle();
		expect(sim.stats().batches).toHaveLength(0);
		expect(sim.store.size).toBe(0);
		expect(sim.stats().faultsTriggered.dropBefore).toBe(1);
		expect((await api.sendBatch(jobId, records(2))).status).toBe(200);
	});

	test("dropConnection({when:'after'}): no response, but the batch was stored and completes", async () => {
		const { sim, api, jobId } = await startWithJob();
		sim.faults.dropConnection({ when: 'after', endpoint: 'batchCreate' });
		await expect(api.sendBatch(jobId, records(2))).rejects.toThrow();
		expect(sim.stats().batches).toHaveLength(1);
		await sim.settle();
		expect(sim.store.size).toBe(2);
		expect(sim.stats().requestLog.at(-1)).toMatchObject({
			endpoint: 'batchCreate',
			status: null,
			outcome: 'dropped-after',
		});
	});

	test('dropConnection count and any endpoint', async () => {
		const { sim, api } = await startSim();
		await api.login();
		sim.faults.dropConnection({ count: 2 });
		await expect(api.getJob('1')).rejects.toThrow();
		await expect(api.createJob()).rejects.toThrow();
		expect((await api.createJob()).status).toBe(200);
	});

	test('hang() without ms: never answers and does nothing; the client gives up', async () => {
		const { sim, api, jobId } = await startWithJob();
		sim.faults.hang({ endpoint: 'batchCreate' });
		await expect(
			api.sendBatch(jobId, records(1), {}, { signal: AbortSignal.timeout(100) }),
		).rejects.toThrow();
		await waitFor(() => sim.stats().requestLog.some((entry) => entry.outcome === 'hung'));
		expect(sim.stats().batches).toHaveLength(0);
		expect(sim.stats().faultsTriggered.hang).toBe(1);
	});

	test('stop() ends a hanging request', async () => {
		const { sim, api, jobId } = await startWithJob();
		sim.faults.hang({ endpoint: 'jobGet' });
		const hanging = api.getJob(jobId);
		await waitFor(() => sim.stats().faultsTriggered.hang === 1);
		await sim.stop();
		await expect(hanging).rejects.toThrow();
	});

	test('reset() cuts off hanging requests', async () => {
		const { sim, api, jobId } = await startWithJob();
		sim.faults.hang({ endpoint: 'jobGet' });
		const hanging = api.getJob(jobId);
		await waitFor(() => sim.stats().faultsTriggered.hang === 1);
		sim.reset();
		await expect(hanging).rejects.toThrow();
	});

	test('hang({ms}): answers normally after ms', async () => {
		const { sim, api, jobId } = await startWithJob();
		sim.faults.hang({ endpoint: 'batchCreate', ms: 60 });
		const startedAt = Date.now();
		const reply = await api.sendBatch(jobId, records(1));
		expect(reply.status).toBe(200);
		expect(Date.now() - startedAt).toBeGreaterThanOrEqual(55);
		expect(sim.stats().batches).toHaveLength(1);
	});

	test('hang({ms}): the late answer shows the state at answer time, results included', async () => {
		const { sim, api, jobId } = await startWithJob({
			clock: Date.now,
			pendingMs: 10,
			runningMs: 10,
			perRecordMs: 0,
		});
		const batchId = (await api.sendBatch(jobId, records(2))).body.id;
		sim.faults.hang({ endpoint: 'batchGet', ms: 150 });
		const reply = await api.getBatch(jobId, batchId);
		expect(reply.body.status).toBe('COMPLETE');
		expect(reply.body.results).toHaveLength(2);
	});

	test('request faults are consumed in the order they were installed', async () => {
		const { sim, api } = await startSim();
		await api.login();
		sim.faults.failNext(1, { status: 503 });
		sim.faults.failNext(1, { status: 429 });
		expect((await api.getJob('1')).status).toBe(503);
		expect((await api.getJob('1')).status).toBe(429);
		expect((await api.getJob('1')).status).toBe(404);
	});

	test('latencyMs delays every response', async () => {
		const { sim, api } = await startSim({ latencyMs: 1000 });
		const startedAt = Date.now();
		await api.login();
		const slow = Date.now() - startedAt;
		expect(slow).toBeGreaterThanOrEqual(995);
		sim.config.latencyMs = 0;
		const fastStart = Date.now();
		await api.getJob('1');
		// Compared with the slow call rather than a fixed bound, so a busy machine does not fail it.
		expect(Date.now() - fastStart).toBeLessThan(slow - 500);
	});
});
