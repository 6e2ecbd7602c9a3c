'use strict';

/**
 * The simulator as a hostile server (issue 11): trickling bodies, resets mid-answer, malformed
 * and wrong-shape 200 bodies, batches that end in another status, endless or start-ignoring
 * result pages, error bodies that echo the request, revoked tokens. Each is observed over HTTP.
 */

const { createSimulator, DEFAULT_USER } = require('../simulator.cjs');
const { rawFluentClient, inventoryRecords } = require('./raw-client.cjs');

const T0 = Date.UTC(2026, 11, 1, 10, 0, 0);
const running = [];

afterEach(async () => {
	await Promise.all(running.splice(0).map((sim) => sim.stop()));
});

/** A frozen clock: batches finish only through settle()/advance(). */
async function startSim(options = {}) {
	const sim = createSimulator({ clock: () => T0, pendingMs: 10, runningMs: 20, perRecordMs: 0, ...options });
	const url = await sim.start();
	running.push(sim);
	const client = rawFluentClient(url);
	await client.login();
	const jobId = (await client.createJob()).json.id;
	return { sim, url, client, jobId };
}

/** A job with one COMPLETE batch of `count` records. */
async function startWithCompleteBatch(count = 3, options) {
	const context = await startSim(options);
	const batchId = (await context.client.sendBatch(context.jobId, inventoryRecords(count))).json.id;
	await context.sim.settle();
	return { ...context, batchId };
}

const REQUEST_OF = {
	token: ({ client }) => client.token(),
	jobCreate: ({ client }) => client.createJob(),
	jobGet: ({ client, jobId }) => client.getJob(jobId),
	batchCreate: ({ client, jobId }) => client.sendBatch(jobId, inventoryRecords(2)),
	batchGet: ({ client, jobId, batchId }) => client.getBatch(jobId, batchId),
};

describe('trickle: headers at once, then the body a few bytes per interval', () => {
	test.each(Object.keys(REQUEST_OF))('%s', async (endpoint) => {
		const context = await startWithCompleteBatch(1);
		context.sim.faults.trickle({ endpoint, bytes: 8, intervalMs: 20, padBytes: 8 });
		const reply = await REQUEST_OF[endpoint](context);
		expect(reply.status).toBe(200);
		expect(reply.error).toBeNull();
		expect(reply.json).toEqual(expect.any(Object));
		const bodyBytes = Number(reply.headers['content-length']);
		expect(bodyBytes).toBe(Buffer.byteLength(reply.text));
		expect(reply.text.endsWith(' '.repeat(8))).toBe(true);
		// The first bytes come one interval after the headers, the last after one interval per chunk.
		const chunkCount = Math.ceil(bodyBytes / 8);
		expect(reply.chunks[0].at - reply.headersAt).toBeGreaterThanOrEqual(15);
		expect(reply.endedAt - reply.headersAt).toBeGreaterThanOrEqual(chunkCount * 20 - 10);
		expect(reply.chunks.length).toBeGreaterThan(1);
		expect(Math.max(...reply.chunks.map((chunk) => chunk.bytes.length))).toBeLessThan(bodyBytes);
		expect(context.sim.stats().faultsTriggered.trickle).toBe(1);
		// Only one request trickles.
		expect((await REQUEST_OF[endpoint](context)).chunks).toHaveLength(1);
	});

	test('a trickled batch POST was processed at once; reset() cuts off a trickling answer', async () => {
		const { sim, client, jobId } = await startSim();
		sim.faults.trickle({ endpoint: 'batchCreate', bytes: 1, intervalMs: 10_000 });
		const pending = client.sendBatch(jobId, inventoryRecords(2));
		await waitFor(() => sim.stats().batches.length === 1);
		await sim.settle();
		expect(sim.store.size).toBe(2);
		sim.reset();
		const reply = await pending;
		expect(reply.status).toBe(200);
		expect(reply.error).not.toBeNull();
		expect(reply.text).toBe('');
	});

	test('arguments are checked', () => {
		const sim = createSimulator();
		expect(() => sim.faults.trickle({ bytes: 0 })).toThrow(TypeError);
		expect(() => sim.faults.trickle({ intervalMs: -1 })).toThrow(TypeError);
		expect(() => sim.faults.trickle({ padBytes: 1.5 })).toThrow(TypeError);
		expect(() => sim.faults.trickle({ endpoint: 'nope' })).toThrow(TypeError);
	});
});

describe('resetMidBody: a 200 answer that breaks off', () => {
	test('batch POST: processed (the batch is stored), cut after {"id":" by a TCP reset', async () => {
		const { sim, client, jobId } = await startSim();
		sim.faults.resetMidBody({ endpoint: 'batchCreate' });
		const reply = await client.sendBatch(jobId, inventoryRecords(3));
		expect(reply.status).toBe(200);
		expect(reply.text).toBe('{"id":"');
		expect(Number(reply.headers['content-length'])).toBeGreaterThan(reply.text.length);
		expect(reply.error).toBe('ECONNRESET');
		await sim.settle();
		expect(sim.stats().batches).toHaveLength(1);
		expect(sim.store.size).toBe(3);
		expect(sim.stats().requestLog.at(-1)).toMatchObject({ status: 200, outcome: 'reset-mid-body' });
		expect(sim.stats().faultsTriggered.resetMidBody).toBe(1);
		expect((await client.sendBatch(jobId, inventoryRecords(1))).json).toEqual({ id: expect.any(String) });
	});

	test('processed: false stores nothing; how: close ends without a reset', async () => {
		const { sim, client, jobId } = await startSim();
		sim.faults.resetMidBody({ endpoint: 'batchCreate', processed: false, how: 'close' });
		const reply = await client.sendBatch(jobId, inventoryRecords(3));
		expect(reply.status).toBe(200);
		expect(reply.text).toBe('{"id":"');
		expect(reply.error).not.toBeNull();
		expect(reply.error).not.toBe('ECONNRESET');
		await sim.settle();
		expect(sim.stats().batches).toHaveLength(0);
	});

	test.each(Object.keys(REQUEST_OF))('%s: cut at afterBytes or after afterText', async (endpoint) => {
		const context = await startWithCompleteBatch(2);
		context.sim.faults.resetMidBody({ endpoint, afterBytes: 3 });
		const cutByBytes = await REQUEST_OF[endpoint](context);
		expect([cutByBytes.status, cutByBytes.text.length, cutByBytes.error]).toEqual([200, 3, 'ECONNRESET']);
		context.sim.faults.resetMidBody({ endpoint, afterText: '{' });
		const cutByText = await REQUEST_OF[endpoint](context);
		expect([cutByText.text, cutByText.error]).toEqual(['{', 'ECONNRESET']);
	});
});

describe('malformedReply: 200 bodies that are not what Fluent sends', () => {
	test('truncated JSON, HTML, empty, null', async () => {
		const { sim, client, jobId } = await startSim();
		sim.faults.malformedReply({ endpoint: 'jobGet', shape: 'truncated' });
		const truncated = await client.getJob(jobId);
		expect(truncated.status).toBe(200);
		expect(truncated.json).toBeUndefined();
		expect(truncated.text.startsWith(`{"jobId":"${jobId}"`)).toBe(true);
		expect(truncated.error).toBeNull();
		sim.faults.malformedReply({ endpoint: 'jobGet', shape: 'truncated', bytes: 5 });
		expect((await client.getJob(jobId)).text).toBe('{"job');

		sim.faults.malformedReply({ endpoint: 'jobGet', shape: 'html', processed: false });
		const html = await client.getJob(jobId);
		expect([html.status, html.headers['content-type']]).toEqual([200, 'text/html;charset=UTF-8']);
		expect(html.text).toMatch(/^<!DOCTYPE html>/);

		sim.faults.malformedReply({ endpoint: 'jobGet', shape: 'empty' });
		const empty = await client.getJob(jobId);
		expect([empty.status, empty.text, empty.headers['content-type']]).toEqual([200, '', 'application/json;charset=UTF-8']);
		sim.faults.malformedReply({ endpoint: 'jobGet', shape: 'null' });
		expect((await client.getJob(jobId)).text).toBe('null');
	});

	test('wrong shapes built from the real answer: array, string, idObject, reshape', async () => {
		const { sim, client, jobId } = await startSim();
		sim.faults.malformedReply({ endpoint: 'batchCreate', shape: 'idObject' });
		const idObject = await client.sendBatch(jobId, inventoryRecords(1));
		expect(idObject.json).toEqual({ id: { id: expect.any(String) } });
		expect(sim.stats().batches.map((batch) => batch.batchId)).toEqual([idObject.json.id.id]);

		sim.faults.malformedReply({ endpoint: 'batchCreate', shape: 'array' });
		const array = await client.sendBatch(jobId, inventoryRecords(1));
		expect(array.json).toEqual([{ id: expect.any(String) }]);

		sim.faults.malformedReply({ endpoint: 'batchCreate', shape: 'string' });
		const string = await client.sendBatch(jobId, inventoryRecords(1));
		expect(JSON.parse(string.json)).toEqual({ id: expect.any(String) });

		sim.faults.malformedReply({ endpoint: 'jobGet', shape: 'reshape', omit: ['status'], set: { batch: 'none' } });
		const reshaped = await client.getJob(jobId);
		expect(reshaped.json).not.toHaveProperty('status');
		expect(reshaped.json).toMatchObject({ jobId, batch: 'none' });
		expect(sim.stats().batches).toHaveLength(3);
	});

	test('token endpoint: 200 with HTML, without access_token, with invalid JSON; no token is usable', async () => {
		const { sim, client } = await startSim();
		sim.faults.malformedReply({ endpoint: 'token', shape: 'html', processed: false });
		sim.faults.malformedReply({ endpoint: 'token', shape: 'reshape', omit: ['access_token'] });
		sim.faults.malformedReply({ endpoint: 'token', shape: 'truncated' });
		const html = await client.token();
		const withoutToken = await client.token();
		const invalid = await client.token();
		expect([html.status, withoutToken.status, invalid.status]).toEqual([200, 200, 200]);
		expect(html.text).toMatch(/<html>/);
		expect(withoutToken.json).toMatchObject({ token_type: 'bearer', expires_in: expect.any(Number) });
		expect(withoutToken.json).not.toHaveProperty('access_token');
		expect(invalid.json).toBeUndefined();
		expect(invalid.text.startsWith('{"access_token":"')).toBe(true);
		expect(sim.stats().faultsTriggered.malformedReply).toBe(3);
	});

	test('arguments are checked', () => {
		const sim = createSimulator();
		expect(() => sim.faults.malformedReply({ shape: 'weird' })).toThrow(TypeError);
		expect(() => sim.faults.malformedReply({ shape: 'truncated', processed: false })).toThrow(/processed: true/);
		expect(() => sim.faults.malformedReply({ shape: 'reshape', omit: 'id' })).toThrow(TypeError);
		expect(() => sim.faults.malformedReply({ shape: 'html', status: 42 })).toThrow(TypeError);
	});
});

describe('echoRequest: an error body that repeats the request', () => {
	test('token endpoint: the password and client secret come back', async () => {
		const { sim, client } = await startSim();
		sim.faults.echoRequest({ endpoint: 'token' });
		const reply = await client.token();
		expect(reply.status).toBe(400);
		expect(reply.text).toContain(`password=${DEFAULT_USER.password}`);
		expect(reply.text).toContain(DEFAULT_USER.clientSecret);
		expect(reply.json.errors[0]).toMatchObject({ code: '400' });
		expect(reply.json.errors[0].message).toContain(DEFAULT_USER.password);
		expect(reply.json.request).toMatchObject({ method: 'POST', target: '/oauth/token' });
	});

	test('API call, text format: the Authorization header comes back', async () => {
		const { sim, client, jobId } = await startSim();
		sim.faults.echoRequest({ endpoint: 'batchCreate', status: 502, format: 'text' });
		const reply = await client.sendBatch(jobId, inventoryRecords(1));
		expect([reply.status, reply.headers['content-type']]).toEqual([502, 'text/plain;charset=UTF-8']);
		expect(reply.text).toContain(`authorization: Bearer ${client.accessToken}`);
		expect(reply.text).toContain('"skuRef":"SKU_0"');
		expect(sim.stats().batches).toHaveLength(0);
	});
});

describe('endBatchesAs: a batch that ends in another status', () => {
	test.each(['FAILED', 'ERROR', 'CANCELLED'])('%s: nothing stored, no results', async (status) => {
		const { sim, client, jobId } = await startSim();
		sim.faults.endBatchesAs(status);
		const batchId = (await client.sendBatch(jobId, inventoryRecords(2))).json.id;
		expect((await client.getBatch(jobId, batchId)).json.status).toBe('PENDING');
		await sim.settle();
		const batch = await client.getBatch(jobId, batchId);
		expect(batch.json).toMatchObject({ status, total: 0, results: [] });
		expect((await client.getJob(jobId)).json.batch).toEqual([expect.objectContaining({ batchId, status })]);
		expect(sim.store.size).toBe(0);
	});

	test.each(['complete', 'COMPLETED'])('%s: records stored and reported', async (status) => {
		const { sim, client, jobId } = await startSim();
		sim.faults.endBatchesAs(status);
		const batchId = (await client.sendBatch(jobId, inventoryRecords(2))).json.id;
		await sim.settle();
		expect((await client.getBatch(jobId, batchId)).json).toMatchObject({ status, total: 2 });
		expect(sim.store.size).toBe(2);
	});

	test('one batch only, with storeRecords chosen; over the admin API', async () => {
		const { sim, client, jobId } = await startSim();
		const first = (await client.sendBatch(jobId, inventoryRecords(1))).json.id;
		const second = (await client.sendBatch(jobId, inventoryRecords(1, { locationRef: 'L2' }))).json.id;
		const armed = await client.admin('POST', 'faults', { type: 'endBatchesAs', status: 'FAILED', batchId: second, storeRecords: true });
		expect(armed.json.faults.endBatchesAs).toEqual({ [second]: { status: 'FAILED', storeRecords: true } });
		await sim.settle();
		expect((await client.getBatch(jobId, first)).json.status).toBe('COMPLETE');
		expect((await client.getBatch(jobId, second)).json).toMatchObject({ status: 'FAILED', total: 1 });
		expect(sim.store.size).toBe(2);
		expect(() => sim.faults.endBatchesAs('')).toThrow(TypeError);
	});
});

describe('result pages that never end, and a server that ignores start', () => {
	test('endlessResults grows: every page full, total always ahead', async () => {
		const { sim, client, jobId, batchId } = await startWithCompleteBatch(3);
		sim.faults.endlessResults({ batchId });
		for (const start of [0, 10, 1000]) {
			const page = (await client.getBatch(jobId, batchId, `?start=${start}&count=10`)).json;
			expect(page.results).toHaveLength(10);
			expect(page.count).toBe(10);
			expect(page.total).toBe(start + 20);
			expect(page.results[0].entityRef).toBe(start === 0 ? 'SKU_0:LOC_1' : `PHANTOM-${start}`);
		}
		const first = (await client.getBatch(jobId, batchId, '?count=5')).json.results;
		expect(first.slice(3)).toEqual([
			{ entityRef: 'PHANTOM-3', responseCode: '500', message: 'Record failed (3)' },
			{ entityRef: 'PHANTOM-4', responseCode: '500', message: 'Record failed (4)' },
		]);
	});

	test('endlessResults fixed: full pages past the real total; pending batches are not padded', async () => {
		const { sim, client, jobId, batchId } = await startWithCompleteBatch(3);
		await client.admin('POST', 'faults', { type: 'endlessResults', total: 'fixed', responseCode: '404' });
		const page = (await client.getBatch(jobId, batchId, '?start=50&count=4')).json;
		expect(page).toMatchObject({ total: 3, count: 4 });
		expect(page.results.every((result) => result.responseCode === '404')).toBe(true);
		const pendingId = (await client.sendBatch(jobId, inventoryRecords(1))).json.id;
		expect((await client.getBatch(jobId, pendingId)).json).toMatchObject({ total: 0, results: [] });
	});

	test('ignoreStart: always the first page, with the start that was asked for', async () => {
		const { sim, client, jobId, batchId } = await startWithCompleteBatch(5);
		sim.faults.ignoreStart();
		expect((await client.admin('POST', 'faults', { type: 'ignoreStart', batchId })).json.faults.ignoreStart).toEqual(['*', batchId]);
		const second = (await client.getBatch(jobId, batchId, '?start=2&count=2')).json;
		expect(second).toMatchObject({ start: 2, count: 2, total: 5 });
		expect(second.results.map((result) => result.entityRef)).toEqual(['SKU_0:LOC_1', 'SKU_1:LOC_1']);
		sim.faults.endlessResults();
		sim.faults.endBatchesAs('FAILED');
		sim.faults.clear();
		expect(sim.faults.list()).not.toHaveProperty('ignoreStart');
		expect(sim.faults.list()).not.toHaveProperty('endlessResults');
		expect(sim.faults.list()).not.toHaveProperty('endBatchesAs');
		expect((await client.getBatch(jobId, batchId, '?start=2&count=2')).json.results[0].entityRef).toBe('SKU_2:LOC_1');
	});
});

describe('revokeTokens: every token of one API user', () => {
	test('two logins of the same user are both refused afterwards; another user keeps working', async () => {
		const other = { ...DEFAULT_USER, username: 'other', password: 'other-pw' };
		const { sim, url, client, jobId } = await startSim({ users: [DEFAULT_USER, other] });
		const second = rawFluentClient(url);
		await second.login();
		const third = rawFluentClient(url);
		await third.login(other);
		sim.faults.revokeTokens({ username: DEFAULT_USER.username });
		expect((await client.getJob(jobId)).status).toBe(401);
		expect((await second.getJob(jobId)).status).toBe(401);
		expect((await third.getJob(jobId)).status).toBe(200);
		await client.login();
		expect((await client.getJob(jobId)).status).toBe(200);
	});

	test('over the admin API; without a username every token goes', async () => {
		const { client, jobId } = await startSim();
		expect((await client.admin('POST', 'faults', { type: 'revokeTokens', username: 'somebody-else' })).status).toBe(200);
		expect((await client.getJob(jobId)).status).toBe(200);
		await client.admin('POST', 'faults', { type: 'revokeTokens' });
		expect((await client.getJob(jobId)).status).toBe(401);
	});
});

describe('admin API arms every hostile request fault', () => {
	test('trickle, resetMidBody, malformedReply, echoRequest', async () => {
		const { client, jobId } = await startSim();
		const armed = await client.admin('POST', 'faults', [
			{ type: 'trickle', endpoint: 'jobGet', bytes: 50, intervalMs: 5 },
			{ type: 'resetMidBody', endpoint: 'jobGet' },
			{ type: 'malformedReply', endpoint: 'jobGet', shape: 'truncated' },
			{ type: 'echoRequest', endpoint: 'jobGet' },
		]);
		expect(armed.json.faults.requestFaults.map((fault) => fault.kind)).toEqual([
			'trickle',
			'resetMidBody',
			'malformedReply',
			'echoRequest',
		]);
		expect((await client.getJob(jobId)).json).toMatchObject({ jobId });
		expect((await client.getJob(jobId)).error).toBe('ECONNRESET');
		expect((await client.getJob(jobId)).json).toBeUndefined();
		expect((await client.getJob(jobId)).text).toContain(client.accessToken);
		expect((await client.admin('POST', 'faults', { type: 'malformedReply', shape: 'bad' })).status).toBe(400);
	});
});

async function waitFor(condition, timeoutMs = 2000) {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}
