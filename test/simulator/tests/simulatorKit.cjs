'use strict';

/**
 * What the simulator's tests share: a simulator per test on a frozen clock (stopped after each
 * test), and a small HTTP client speaking Fluent's API through Node's global fetch. Requiring
 * this file registers the hooks that stop the simulators.
 */

const { createSimulator, DEFAULT_USER } = require('../simulator.cjs');

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
/** The default user as the README documents it; tests compare DEFAULT_USER and the CLI with it. */
const DOCUMENTED_USER = Object.freeze({
	accountId: 'SIMACCOUNT',
	clientId: 'sim-client',
	clientSecret: 'sim-client-secret',
	username: 'sim-user',
	password: 'sim-password',
	retailerId: 1,
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const running = [];

afterEach(async () => {
	await Promise.all(running.splice(0).map((sim) => sim.stop()));
});

// A last line of defence against leaked servers keeping jest alive.
afterAll(async () => {
	await Promise.all(running.splice(0).map((sim) => sim.stop()));
	await sleep(0);
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

module.exports = {
	T0,
	FAST,
	INVALID_TOKEN_BODY,
	DOCUMENTED_USER,
	UUID,
	startSim,
	call,
	tokenParams,
	requestToken,
	apiClient,
	startWithJob,
	record,
	records,
	waitFor,
	sleep,
};
