'use strict';

/** Tests of the Fluent API simulator itself, through real HTTP with Node's global fetch. */

const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');
const { createSimulator, DEFAULT_USER, DEFAULTS } = require('./simulator.cjs');

// A frozen clock: simulator time only moves through sim.advance(), so nothing here is timing-flaky.
const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);
const FAST = { clock: () => T0, pendingMs: 10, runningMs: 20, perRecordMs: 1 };
const INVALID_TOKEN_BODY = {
	errors: [
		{
			code: '401',
			message: 'Invalid user, Authorization header value does not belong to a valid user',
		},
	],
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const running = [];

afterEach(async () => {
	await Promise.all(running.splice(0).map((sim) => sim.stop()));
});

async function startSim(options = {}) {
	const sim = createSimulator({ ...FAST, ...options });
	const url = await sim.start();
	running.push(sim);
	return { sim, url, api: apiClient(url) };
}

function parseBody(text) {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

async function call(url, { method = 'GET', headers = {}, body, signal } = {}) {
	const response = await fetch(url, { method, headers, body, signal });
	const text = await response.text();
	return { status: response.status, headers: response.headers, text, body: parseBody(text) };
}

function tokenParams(user = DEFAULT_USER, overrides = {}) {
	return new URLSearchParams({
		username: user.username,
		password: user.password,
		client_id: user.clientId,
		client_secret: user.clientSecret,
		grant_type: 'password',
		scope: 'api',
		...overrides,
	});
}

function requestToken(url, params, headers = {}) {
	return call(`${url}/oauth/token`, { method: 'POST', headers, body: params });
}

function apiClient(url) {
	let accessToken = null;
	const request = (method, pathname, body, { headers = {}, signal } = {}) =>
		call(`${url}${pathname}`, {
			method,
			signal,
			headers: {
				authorization: `Bearer ${accessToken}`,
				'content-type': 'application/json',
				...headers,
			},
			body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
		});
	return {
		request,
		async login(user = DEFAULT_USER) {
			const reply = await requestToken(url, tokenParams(user));
			accessToken = reply.body.access_token;
			return accessToken;
		},
		createJob: (body = { name: 'Inventory load', retailerId: '1' }, options) =>
			request('POST', '/api/v4.1/job', body, options),
		getJob: (jobId) => request('GET', `/api/v4.1/job/${jobId}`),
		sendBatch: (jobId, entities, fields = {}, options) =>
			request(
				'POST',
				`/api/v4.1/job/${jobId}/batch`,
				{ action: 'UPSERT', entityType: 'INVENTORY', ...fields, entities },
				options,
			),
		getBatch: (jobId, batchId, query = '') =>
			request('GET', `/api/v4.1/job/${jobId}/batch/${batchId}${query}`),
	};
}

/** A logged-in client with one open job. */
async function startWithJob(options = {}) {
	const context = await startSim(options);
	await context.api.login();
	const job = await context.api.createJob();
	return { ...context, jobId: job.body.id };
}

function record(i, overrides = {}) {
	return {
		retailerId: '1',
		locationRef: 'LOC_1',
		skuRef: `SKU_${i}`,
		qty: i,
		correctedQty: 0,
		...overrides,
	};
}

const records = (count, overrides) =>
	Array.from({ length: count }, (_, i) => record(i + 1, overrides));

async function waitFor(condition, timeoutMs = 2000) {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('condition not reached in time');
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createSimulator', () => {
	test('exports the documented defaults and default user', () => {
		expect(DEFAULTS).toMatchObject({
			tokenLifetimeSeconds: 86386,
			maxBatchSize: 5000,
			resultsPageSize: 1000,
			maxResultsPageSize: 5000,
			invalidEntityMode: 'reject-batch',
			jobLifetime: 'midnight-utc',
			closedJobStatus: 400,
			batchCreateResponse: 'id',
			batchCreateStatusCode: 200,
			logRequests: true,
		});
		expect(DEFAULT_USER).toMatchObject({
			accountId: 'SIMACCOUNT',
			clientId: 'sim-client',
			clientSecret: 'sim-client-secret',
			username: 'sim-user',
			password: 'sim-password',
			retailerId: 1,
		});
	});

	test('rejects unknown or badly typed options', () => {
		expect(() => createSimulator({ runingMs: 5 })).toThrow("unknown simulator option 'runingMs'");
		expect(() => createSimulator({ invalidEntityMode: 'lenient' })).toThrow(/invalidEntityMode/);
		expect(() => createSimulator({ jobLifetime: -1 })).toThrow(/jobLifetime/);
	});

	test('start() listens on loopback and returns the url; starting twice fails', async () => {
		const { sim, url } = await startSim();
		expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(sim.url).toBe(url);
		await expect(sim.start()).rejects.toThrow('already started');
	});

	test('stop() closes idle keep-alive connections and can be called twice', async () => {
		const { sim, url } = await startSim();
		await call(`${url}/__sim/info`); // leaves a keep-alive socket open
		const startedAt = Date.now();
		await sim.stop();
		await sim.stop();
		expect(Date.now() - startedAt).toBeLessThan(1000);
		await expect(fetch(`${url}/__sim/info`)).rejects.toThrow();
	});
});

describe('POST /oauth/token', () => {
	test('accepts a form body and answers like Fluent', async () => {
		const { sim, url } = await startSim();
		const reply = await requestToken(url, tokenParams(), { 'fluent.account': 'SIMACCOUNT' });
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({
			access_token: expect.stringMatching(UUID),
			token_type: 'bearer',
			expires_in: 86386,
			scope: 'api',
			Retailer_id: 1,
			FirstName: 'Sim',
			LastName: 'User',
			Roles: ['ADMIN'],
		});
		const stats = sim.stats();
		expect(stats.tokensIssued).toBe(1);
		expect(stats.tokenRequests).toEqual([
			{
				fluentAccountHeader: 'SIMACCOUNT',
				via: 'form',
				username: 'sim-user',
				clientId: 'sim-client',
				grantType: 'password',
				status: 200,
			},
		]);
	});

	test('accepts the parameters in the query string', async () => {
		const { sim, url } = await startSim();
		const reply = await call(`${url}/oauth/token?${tokenParams()}`, { method: 'POST' });
		expect(reply.status).toBe(200);
		expect(sim.stats().tokenRequests[0]).toMatchObject({ via: 'query', fluentAccountHeader: null });
	});

	test("reports 'form+query' when parameters come both ways", async () => {
		const { sim, url } = await startSim();
		const params = tokenParams();
		const query = new URLSearchParams({ grant_type: params.get('grant_type'), scope: 'api' });
		params.delete('grant_type');
		const reply = await call(`${url}/oauth/token?${query}`, { method: 'POST', body: params });
		expect(reply.status).toBe(200);
		expect(sim.stats().tokenRequests[0].via).toBe('form+query');
	});

	test('wrong username or password: 400 invalid_grant', async () => {
		const { url } = await startSim();
		for (const overrides of [{ password: 'nope' }, { username: 'nobody' }]) {
			const reply = await requestToken(url, tokenParams(DEFAULT_USER, overrides));
			expect(reply.status).toBe(400);
			expect(reply.body).toEqual({ error: 'invalid_grant', error_description: 'Bad credentials' });
		}
	});

	test('wrong client id or secret: 401 invalid_client', async () => {
		const { url } = await startSim();
		for (const overrides of [{ client_secret: 'nope' }, { client_id: 'other-client' }]) {
			const reply = await requestToken(url, tokenParams(DEFAULT_USER, overrides));
			expect(reply.status).toBe(401);
			expect(reply.body).toEqual({
				error: 'invalid_client',
				error_description: 'Bad client credentials',
			});
		}
	});

	test('grant_type and scope are required', async () => {
		const { url } = await startSim();
		const wrongGrant = await requestToken(
			url,
			tokenParams(DEFAULT_USER, { grant_type: 'client_credentials' }),
		);
		expect(wrongGrant.status).toBe(400);
		expect(wrongGrant.body.error).toBe('unsupported_grant_type');
		const params = tokenParams();
		params.delete('grant_type');
		expect((await requestToken(url, params)).body.error).toBe('invalid_request');
		const wrongScope = await requestToken(url, tokenParams(DEFAULT_USER, { scope: 'admin' }));
		expect(wrongScope.status).toBe(400);
		expect(wrongScope.body.error).toBe('invalid_scope');
	});

	test('serves several users: another retailer, and one without Retailer_id', async () => {
		const otherRetailer = {
			...DEFAULT_USER,
			username: 'retailer-two',
			password: 'pw2',
			retailerId: 2,
		};
		const noRetailer = {
			...DEFAULT_USER,
			username: 'no-retailer',
			password: 'pw3',
			retailerId: null,
		};
		const { url } = await startSim({ users: [DEFAULT_USER, otherRetailer, noRetailer] });
		expect((await requestToken(url, tokenParams(DEFAULT_USER))).body.Retailer_id).toBe(1);
		expect((await requestToken(url, tokenParams(otherRetailer))).body.Retailer_id).toBe(2);
		const reply = await requestToken(url, tokenParams(noRetailer));
		expect(reply.status).toBe(200);
		expect(reply.body).not.toHaveProperty('Retailer_id');
	});

	test('tokenLifetimeSeconds sets expires_in', async () => {
		const { url } = await startSim({ tokenLifetimeSeconds: 120 });
		expect((await requestToken(url, tokenParams())).body.expires_in).toBe(120);
	});

	test('refresh tokens, when enabled, are single-use', async () => {
		const { url } = await startSim({ refreshTokens: true });
		const first = await requestToken(url, tokenParams());
		expect(first.body.refresh_token).toMatch(UUID);
		const refreshParams = new URLSearchParams({
			grant_type: 'refresh_token',
			refresh_token: first.body.refresh_token,
			client_id: DEFAULT_USER.clientId,
			client_secret: DEFAULT_USER.clientSecret,
		});
		const refreshed = await requestToken(url, refreshParams);
		expect(refreshed.status).toBe(200);
		expect(refreshed.body.access_token).not.toBe(first.body.access_token);
		const reused = await requestToken(url, refreshParams);
		expect(reused.status).toBe(400);
		expect(reused.body).toEqual({
			error: 'invalid_grant',
			error_description: 'Invalid refresh token',
		});
	});

	test('no refresh token unless enabled', async () => {
		const { url } = await startSim();
		expect((await requestToken(url, tokenParams())).body).not.toHaveProperty('refresh_token');
	});
});

describe('bearer token check on /api/...', () => {
	test('missing, unknown or malformed Authorization: 401 in Fluent errors shape', async () => {
		const { url } = await startSim();
		const headerSets = [
			{},
			{ authorization: 'Bearer not-a-token' },
			{ authorization: 'Basic abc' },
		];
		for (const headers of headerSets) {
			const reply = await call(`${url}/api/v4.1/job/1`, { headers });
			expect(reply.status).toBe(401);
			expect(reply.body).toEqual(INVALID_TOKEN_BODY);
		}
	});

	test("the scheme is case-insensitive ('bearer')", async () => {
		const { url, api } = await startSim();
		const token = await api.login();
		const reply = await call(`${url}/api/v4.1/job`, {
			method: 'POST',
			headers: { authorization: `bearer ${token}` },
			body: JSON.stringify({ name: 'n', retailerId: '1' }),
		});
		expect(reply.status).toBe(200);
	});

	test('a token expires after its lifetime on the simulator clock', async () => {
		const { sim, api } = await startSim({ tokenLifetimeSeconds: 60 });
		await api.login();
		sim.advance(59_999);
		expect((await api.getJob('1')).status).toBe(404);
		sim.advance(1);
		const reply = await api.getJob('1');
		expect(reply.status).toBe(401);
		expect(reply.body).toEqual(INVALID_TOKEN_BODY);
	});

	test('the clock option drives token expiry', async () => {
		let now = T0;
		const { api } = await startSim({ clock: () => now, tokenLifetimeSeconds: 10 });
		await api.login();
		expect((await api.getJob('1')).status).toBe(404);
		now += 10_000;
		expect((await api.getJob('1')).status).toBe(401);
	});
});

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

describe('batch create', () => {
	test('accepts a batch: 200 {"id":"<string>"} and stores its fields', async () => {
		const { sim, api, jobId } = await startWithJob();
		const fields = { source: 'ERP', event: 'InventoryChanged', catalogueRef: 'DEFAULT:1' };
		const reply = await api.sendBatch(jobId, records(3), fields);
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({ id: expect.stringMatching(/^\d+$/) });
		expect(sim.stats().batches).toEqual([
			{
				jobId,
				batchId: reply.body.id,
				entityCount: 3,
				status: 'PENDING',
				source: 'ERP',
				event: 'InventoryChanged',
				catalogueRef: 'DEFAULT:1',
				createdOn: new Date(T0).toISOString(),
			},
		]);
	});

	test("batchCreateResponse 'id-and-status' and batchCreateStatusCode 201", async () => {
		const { api, jobId } = await startWithJob({
			batchCreateResponse: 'id-and-status',
			batchCreateStatusCode: 201,
		});
		const reply = await api.sendBatch(jobId, records(1));
		expect(reply.status).toBe(201);
		expect(reply.body).toEqual({ id: expect.any(String), status: 'PENDING' });
	});

	test('unknown job: 404', async () => {
		const { api } = await startSim();
		await api.login();
		const reply = await api.sendBatch('424242', records(1));
		expect(reply.status).toBe(404);
		expect(reply.body).toEqual({ errors: [{ code: '404', message: 'Job 424242 not found' }] });
	});

	test.each([
		['action CREATE', { action: 'CREATE' }, "'action' must be one of [UPSERT]"],
		['no action', { action: undefined }, "'action' is required"],
		['entityType PRODUCT', { entityType: 'PRODUCT' }, "'entityType' must be one of [INVENTORY]"],
		['numeric source', { source: 42 }, "'source' must be a string"],
	])('bad batch-level field (%s): 400', async (_label, fields, message) => {
		const { api, jobId } = await startWithJob();
		const reply = await api.sendBatch(jobId, records(1), fields);
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({ errors: [{ code: '400', message }] });
	});

	test('no entities or an empty array: 400', async () => {
		const { api, jobId } = await startWithJob();
		const missing = await api.request('POST', `/api/v4.1/job/${jobId}/batch`, {
			action: 'UPSERT',
			entityType: 'INVENTORY',
		});
		expect(missing.status).toBe(400);
		expect(missing.body.errors[0].message).toBe("'entities' is required");
		const empty = await api.sendBatch(jobId, []);
		expect(empty.status).toBe(400);
		expect(empty.body.errors[0].message).toBe("'entities' must not be empty");
	});

	test('more than 5000 entities: 400; the limit is configurable', async () => {
		const { sim, api, jobId } = await startWithJob();
		expect((await api.sendBatch(jobId, records(5000))).status).toBe(200);
		const tooMany = await api.sendBatch(jobId, records(5001));
		expect(tooMany.status).toBe(400);
		expect(tooMany.body).toEqual({
			errors: [{ code: '400', message: 'Batch exceeds the maximum of 5000 entities' }],
		});
		sim.config.maxBatchSize = 2;
		expect((await api.sendBatch(jobId, records(3))).body.errors[0].message).toBe(
			'Batch exceeds the maximum of 2 entities',
		);
	});

	test('a body that is not JSON: 400', async () => {
		const { api, jobId } = await startWithJob();
		const reply = await api.request('POST', `/api/v4.1/job/${jobId}/batch`, 'action=UPSERT');
		expect(reply.status).toBe(400);
		expect(reply.body.errors[0].message).toBe('Malformed JSON request body');
	});

	test.each([
		['no skuRef', { skuRef: undefined }, 'entities[1].skuRef is required'],
		['empty locationRef', { locationRef: '' }, 'entities[1].locationRef is required'],
		['no retailerId', { retailerId: undefined }, 'entities[1].retailerId is required'],
		['no qty', { qty: undefined }, 'entities[1].qty is required'],
		['qty 1.5', { qty: 1.5 }, 'entities[1].qty must be an integer'],
		['qty "5"', { qty: '5' }, 'entities[1].qty must be an integer'],
		['qty -1', { qty: -1 }, 'entities[1].qty must not be negative'],
		['correctedQty "x"', { correctedQty: 'x' }, 'entities[1].correctedQty must be an integer'],
	])(
		"invalid entity (%s) in 'reject-batch' mode: whole batch 400",
		async (_label, overrides, message) => {
			const { sim, api, jobId } = await startWithJob();
			const reply = await api.sendBatch(jobId, [record(1), record(2, overrides), record(3)]);
			expect(reply.status).toBe(400);
			expect(reply.body).toEqual({ errors: [{ code: '400', message }] });
			expect(sim.stats().batches).toHaveLength(0);
		},
	);

	test('reject-batch lists each invalid entity, up to 20', async () => {
		const { api, jobId } = await startWithJob();
		const reply = await api.sendBatch(jobId, records(30, { qty: -1 }));
		expect(reply.body.errors).toHaveLength(21);
		expect(reply.body.errors[0].message).toBe('entities[0].qty must not be negative');
		expect(reply.body.errors[20].message).toBe('10 more invalid entities not listed');
	});

	test("'per-record' mode: accepted, the invalid record gets a 400 result and is not stored", async () => {
		const { sim, api, jobId } = await startWithJob({ invalidEntityMode: 'per-record' });
		const reply = await api.sendBatch(jobId, [
			record(1),
			record(2, { qty: 'many' }),
			'not an object',
		]);
		expect(reply.status).toBe(200);
		sim.advance(1000);
		const batch = await api.getBatch(jobId, reply.body.id);
		expect(batch.body.results).toEqual([
			{
				entityId: expect.any(String),
				entityRef: 'SKU_1:LOC_1',
				responseCode: '200',
				message: 'Success',
			},
			{ entityRef: 'SKU_2:LOC_1', responseCode: '400', message: 'qty must be an integer' },
			{ entityRef: '', responseCode: '400', message: 'must be an object' },
		]);
		expect(sim.store.size).toBe(1);
		expect(sim.store.get('1', 'LOC_1', 'SKU_2')).toBeUndefined();
	});
});

describe('batch GET', () => {
	test('status moves PENDING -> RUNNING -> COMPLETE over simulator time; results only when COMPLETE', async () => {
		const { sim, api, jobId } = await startWithJob({
			pendingMs: 100,
			runningMs: 200,
			perRecordMs: 10,
		});
		const batchId = (await api.sendBatch(jobId, records(5), { source: 'POS' })).body.id;
		const expectStatus = async (status, resultCount, lastModifiedOffset) => {
			const reply = await api.getBatch(jobId, batchId);
			expect(reply.status).toBe(200);
			expect(reply.body).toMatchObject({
				status,
				total: resultCount,
				count: resultCount,
				start: 0,
			});
			expect(reply.body.results).toHaveLength(resultCount);
			expect(reply.body.lastModifiedOn).toBe(new Date(T0 + lastModifiedOffset).toISOString());
			return reply.body;
		};
		const pending = await expectStatus('PENDING', 0, 0);
		expect(pending).toEqual({
			id: batchId,
			batchId,
			jobId,
			entityType: 'INVENTORY',
			action: 'UPSERT',
			status: 'PENDING',
			source: 'POS',
			event: 'InventoryChanged',
			catalogueRef: 'DEFAULT:1',
			createdOn: new Date(T0).toISOString(),
			lastModifiedOn: new Date(T0).toISOString(),
			start: 0,
			count: 0,
			total: 0,
			results: [],
		});
		sim.advance(99);
		await expectStatus('PENDING', 0, 0);
		sim.advance(1);
		await expectStatus('RUNNING', 0, 100);
		sim.advance(249); // running time is 200 + 10 * 5 records
		await expectStatus('RUNNING', 0, 100);
		sim.advance(1);
		const complete = await expectStatus('COMPLETE', 5, 350);
		expect(complete.results[0]).toEqual({
			entityId: expect.stringMatching(/^\d+$/),
			entityRef: 'SKU_1:LOC_1',
			responseCode: '200',
			message: 'Success',
		});
	});

	test('entityRef uses the entity ref when one is sent', async () => {
		const { sim, api, jobId } = await startWithJob();
		const batchId = (await api.sendBatch(jobId, [record(1, { ref: 'SKU_1:LOC_1:LAST_ON_HAND' })]))
			.body.id;
		await sim.settle();
		expect((await api.getBatch(jobId, batchId)).body.results[0].entityRef).toBe(
			'SKU_1:LOC_1:LAST_ON_HAND',
		);
	});

	test('config changes apply to batches created afterwards', async () => {
		const { sim, api, jobId } = await startWithJob({ runningMs: 1000 });
		const slow = (await api.sendBatch(jobId, records(1))).body.id;
		sim.config.runningMs = 5;
		const fast = (await api.sendBatch(jobId, records(1))).body.id;
		sim.advance(20);
		expect((await api.getBatch(jobId, fast)).body.status).toBe('COMPLETE');
		expect((await api.getBatch(jobId, slow)).body.status).toBe('RUNNING');
	});

	test('results are paged with start/count; total is the number of results', async () => {
		const { sim, api, jobId } = await startWithJob({ resultsPageSize: 3, maxResultsPageSize: 5 });
		const batchId = (await api.sendBatch(jobId, records(7))).body.id;
		await sim.settle();
		const page = async (query) => (await api.getBatch(jobId, batchId, query)).body;
		const first = await page('');
		expect(first).toMatchObject({ start: 0, count: 3, total: 7 });
		expect(first.results.map((result) => result.entityRef)).toEqual([
			'SKU_1:LOC_1',
			'SKU_2:LOC_1',
			'SKU_3:LOC_1',
		]);
		const last = await page('?start=6');
		expect(last).toMatchObject({ start: 6, count: 1, total: 7 });
		expect(last.results[0].entityRef).toBe('SKU_7:LOC_1');
		expect(await page('?start=1&count=100')).toMatchObject({ start: 1, count: 5, total: 7 });
		expect(await page('?start=50')).toMatchObject({ start: 50, count: 0, total: 7, results: [] });
		const bad = await api.getBatch(jobId, batchId, '?start=-1');
		expect(bad.status).toBe(400);
		expect(bad.body.errors[0].message).toBe("'start' must be a non-negative integer");
	});

	test('unknown job, unknown batch, or a batch of another job: 404', async () => {
		const { api, jobId } = await startWithJob();
		const otherJob = (await api.createJob()).body.id;
		const batchId = (await api.sendBatch(jobId, records(1))).body.id;
		const unknownJob = await api.getBatch('777777', batchId);
		expect(unknownJob.status).toBe(404);
		expect(unknownJob.body).toEqual({ errors: [{ code: '404', message: 'Job 777777 not found' }] });
		const unknownBatch = await api.getBatch(jobId, '888888');
		expect(unknownBatch.body).toEqual({
			errors: [{ code: '404', message: 'Batch 888888 not found' }],
		});
		const wrongJob = await api.getBatch(otherJob, batchId);
		expect(wrongJob.status).toBe(404);
		expect(wrongJob.body).toEqual({
			errors: [{ code: '404', message: `Batch ${batchId} not found` }],
		});
	});
});

describe('record failures', () => {
	test('the recordFailure option fails records; failed records are not stored', async () => {
		const recordFailure = (entity) =>
			entity.locationRef === 'LOC_X'
				? { responseCode: '404', message: 'Location LOC_X not found' }
				: null;
		const { sim, api, jobId } = await startWithJob({ recordFailure });
		const batchId = (await api.sendBatch(jobId, [record(1), record(2, { locationRef: 'LOC_X' })]))
			.body.id;
		await sim.settle();
		const { body } = await api.getBatch(jobId, batchId);
		expect(body.status).toBe('COMPLETE');
		expect(body.results[1]).toEqual({
			entityRef: 'SKU_2:LOC_X',
			responseCode: '404',
			message: 'Location LOC_X not found',
		});
		expect(sim.store.get('1', 'LOC_X', 'SKU_2')).toBeUndefined();
		expect(sim.store.size).toBe(1);
	});

	test('faults.failRecords(predicate, {responseCode, message}) with a fixed or computed message', async () => {
		const { sim, api, jobId } = await startWithJob();
		sim.faults.failRecords((entity) => entity.skuRef === 'SKU_2', {
			responseCode: '404',
			message: 'SKU not found',
		});
		sim.faults.failRecords((entity) => entity.qty > 2, {
			responseCode: 500,
			message: (entity) => `could not store ${entity.skuRef}`,
		});
		const batchId = (await api.sendBatch(jobId, records(3))).body.id;
		await sim.settle();
		const codes = (await api.getBatch(jobId, batchId)).body.results.map(
			({ responseCode, message }) => [responseCode, message],
		);
		expect(codes).toEqual([
			['200', 'Success'],
			['404', 'SKU not found'],
			['500', 'could not store SKU_3'],
		]);
		expect([...sim.store.records()].map((stored) => stored.skuRef)).toEqual(['SKU_1']);
	});
});

describe('store', () => {
	test('keeps the latest values per (retailerId, locationRef, skuRef) and counts arrivals', async () => {
		const { sim, api, jobId } = await startWithJob();
		const firstBatch = (
			await api.sendBatch(jobId, [record(1, { qty: 5, reservedQty: 1 }), record(2)])
		).body.id;
		await sim.settle();
		const secondBatch = (await api.sendBatch(jobId, [record(1, { qty: 7, correctedQty: 2 })])).body
			.id;
		await sim.settle();
		expect(sim.store.get('1', 'LOC_1', 'SKU_1')).toEqual({
			retailerId: '1',
			locationRef: 'LOC_1',
			skuRef: 'SKU_1',
			qty: 7,
			correctedQty: 2,
			entityId: expect.any(String),
			arrivals: 2,
			lastJobId: jobId,
			lastBatchId: secondBatch,
		});
		expect(sim.store.get(1, 'LOC_1', 'SKU_2')).toMatchObject({
			qty: 2,
			arrivals: 1,
			lastBatchId: firstBatch,
		});
		expect(sim.store.get('2', 'LOC_1', 'SKU_1')).toBeUndefined();
		expect(sim.store.size).toBe(2);
		expect(sim.store.totalArrivals).toBe(3);
		expect(sim.store.duplicates().map((stored) => stored.skuRef)).toEqual(['SKU_1']);
		expect(sim.store.summary()).toEqual({ size: 2, totalArrivals: 3, duplicates: 1, qtySum: 9 });
		expect([...sim.store.records()]).toHaveLength(2);
	});

	test('the same record keeps its entityId in every batch result', async () => {
		const { sim, api, jobId } = await startWithJob();
		const first = (await api.sendBatch(jobId, [record(1)])).body.id;
		const second = (await api.sendBatch(jobId, [record(1, { qty: 9 })])).body.id;
		await sim.settle();
		const idIn = async (batchId) => (await api.getBatch(jobId, batchId)).body.results[0].entityId;
		expect(await idIn(first)).toBe(await idIn(second));
	});

	test('batches apply in completion order, so the latest to complete wins', async () => {
		const { sim, api, jobId } = await startWithJob({ perRecordMs: 10 });
		await api.sendBatch(jobId, [record(1, { qty: 100 }), ...records(9).slice(1)]); // 9 records: completes later
		await api.sendBatch(jobId, [record(1, { qty: 1 })]);
		sim.advance(10_000);
		expect(sim.store.get('1', 'LOC_1', 'SKU_1').qty).toBe(100);
	});

	test('reads apply due batches without any request (lazy application)', async () => {
		const { sim, api, jobId } = await startWithJob();
		await api.sendBatch(jobId, records(2));
		expect(sim.store.size).toBe(0);
		sim.advance(31);
		expect(sim.store.size).toBe(0);
		sim.advance(1);
		expect(sim.store.size).toBe(2);
	});

	test('settle() completes every batch that is not stuck, at once', async () => {
		const { sim, api, jobId } = await startWithJob({ pendingMs: 60_000 });
		const normal = (await api.sendBatch(jobId, records(2))).body.id;
		const stuck = (await api.sendBatch(jobId, [record(3)])).body.id;
		sim.faults.stickBatch(stuck);
		expect(await sim.settle()).toEqual({ applied: 1, stuck: 1 });
		expect((await api.getBatch(jobId, normal)).body.status).toBe('COMPLETE');
		expect((await api.getBatch(jobId, stuck)).body.status).toBe('PENDING');
		expect(sim.store.size).toBe(2);
	});
});

describe('other requests', () => {
	test('unknown paths and methods: 404 in Fluent errors shape', async () => {
		const { url, api } = await startSim();
		await api.login();
		const unknownApi = await api.request('GET', '/api/v4.1/job/1/results');
		expect(unknownApi.status).toBe(404);
		expect(unknownApi.body.errors[0].code).toBe('404');
		expect((await api.request('DELETE', '/api/v4.1/job/1')).status).toBe(404);
		expect((await call(`${url}/not-a-fluent-route`, { method: "POST" })).status).toBe(404);
		expect((await call(`${url}/oauth/token`)).status).toBe(404);
	});

	test('odd request targets get 404 instead of crashing the server', async () => {
		const { url } = await startSim();
		const { port } = new URL(url);
		const rawStatusLine = (target) =>
			new Promise((resolve, reject) => {
				const socket = net.connect(Number(port), '127.0.0.1', () =>
					socket.write(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
				);
				let received = '';
				socket.on('data', (chunk) => (received += chunk));
				socket.on('close', () => resolve(received.split('\r\n')[0]));
				socket.on('error', reject);
			});
		expect(await rawStatusLine('//api/v4.1/job')).toBe('HTTP/1.1 404 Not Found');
		expect(await rawStatusLine('http://[::1/x')).toBe('HTTP/1.1 404 Not Found');
		expect((await call(`${url}/__sim/info`)).status).toBe(200);
	});

	test('a body larger than maxBodyBytes: 413', async () => {
		const { api, jobId } = await startWithJob({ maxBodyBytes: 1000 });
		const reply = await api.sendBatch(jobId, records(100));
		expect(reply.status).toBe(413);
		expect(reply.body.errors[0].code).toBe('413');
	});
});

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
		const { sim, api, jobId } = await startWithJob({ clock: Date.now, pendingMs: 10, runningMs: 10, perRecordMs: 0 });
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

describe('cli.cjs', () => {
	const cliPath = path.join(__dirname, 'cli.cjs');

	function startCli(args) {
		const child = spawn(process.execPath, [cliPath, ...args], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const exited = new Promise((resolve) =>
			child.on('exit', (code, signal) => resolve({ code, signal })),
		);
		const stderr = [];
		child.stderr.on('data', (chunk) => stderr.push(chunk));
		const firstLine = new Promise((resolve, reject) => {
			let buffered = '';
			child.stdout.on('data', (chunk) => {
				buffered += chunk;
				if (buffered.includes('\n')) resolve(buffered.split('\n')[0]);
			});
			child.on('exit', () => reject(new Error(`cli exited: ${Buffer.concat(stderr)}`)));
		});
		return { child, exited, firstLine, stderr };
	}

	test.each(['SIGTERM', 'SIGINT'])(
		'prints one JSON line when listening, serves, stops on %s',
		async (signal) => {
			const cli = startCli([
				'--port',
				'0',
				'--pending-ms',
				'1',
				'--running-ms',
				'1',
				'--per-record-ms',
				'0',
				'--token-lifetime',
				'90',
			]);
			const info = JSON.parse(await cli.firstLine);
			expect(info).toMatchObject({
				url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
				accountId: 'SIMACCOUNT',
				clientId: 'sim-client',
				clientSecret: 'sim-client-secret',
				username: 'sim-user',
				password: 'sim-password',
				retailerId: 1,
			});
			const token = await requestToken(info.url, tokenParams());
			expect(token.body.expires_in).toBe(90);
			const config = (await call(`${info.url}/__sim/config`)).body.config;
			expect(config).toMatchObject({ pendingMs: 1, runningMs: 1, perRecordMs: 0 });
			await waitFor(() => Buffer.concat(cli.stderr).toString().includes('POST /oauth/token 200'));
			cli.child.kill(signal);
			expect(await cli.exited).toEqual({ code: 0, signal: null });
		},
	);

	test('--quiet logs nothing; a bad option exits with status 2', async () => {
		const quiet = startCli(['--port', '0', '--quiet', '--latency-ms', '1']);
		const info = JSON.parse(await quiet.firstLine);
		await requestToken(info.url, tokenParams());
		quiet.child.kill('SIGTERM');
		await quiet.exited;
		expect(Buffer.concat(quiet.stderr).toString()).toBe('');
		const bad = startCli(['--pending-ms', 'soon']);
		bad.firstLine.catch(() => {});
		expect((await bad.exited).code).toBe(2);
	});
});

// A last line of defence against leaked servers keeping jest alive.
afterAll(async () => {
	await Promise.all(running.splice(0).map((sim) => sim.stop()));
	await sleep(0);
});

describe('GraphQL me query', () => {
	let sim;
	let url;

	beforeEach(async () => {
		sim = createSimulator({ pendingMs: 1, runningMs: 1, perRecordMs: 0 });
		url = await sim.start();
	});

	afterEach(async () => {
		await sim.stop();
	});

	async function login() {
		const form = new URLSearchParams({
			username: 'sim-user',
			password: 'sim-password',
			client_id: 'sim-client',
			client_secret: 'sim-client-secret',
			grant_type: 'password',
			scope: 'api',
		});
		const response = await fetch(`${url}/oauth/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: form,
		});
		return (await response.json()).access_token;
	}

	test('answers the API user for a valid token and 401 without one', async () => {
		const token = await login();
		const query = JSON.stringify({ query: '{ me { id username } }' });
		const ok = await fetch(`${url}/graphql`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: query,
		});
		expect(ok.status).toBe(200);
		expect((await ok.json()).data.me).toEqual(expect.objectContaining({ username: 'sim-user' }));

		const denied = await fetch(`${url}/graphql`, { method: 'POST', body: query });
		expect(denied.status).toBe(401);
		expect(sim.stats().requests.graphql).toBe(2);
	});
});
