'use strict';

/**
 * A raw HTTP client for tests of the simulator's hostile answers: unlike fetch it shows when the
 * headers came, each body chunk as it arrived, and how the connection ended.
 */

const http = require('node:http');
const { DEFAULT_USER } = require('../simulator.cjs');

/**
 * Resolves (never rejects) with `{ status, headers, headersAt, chunks: [{at, bytes}], text, json,
 * error, endedAt }`; times are ms since the request was sent; `error` is the socket error code
 * (e.g. 'ECONNRESET') or 'aborted' when the answer broke off, else null.
 */
function rawRequest(baseUrl, { method = 'GET', path, headers = {}, body } = {}) {
	const startedAt = performance.now();
	const elapsed = () => performance.now() - startedAt;
	return new Promise((resolve) => {
		const result = { status: null, headers: null, headersAt: null, chunks: [], error: null };
		let settled = false;
		const finish = (error) => {
			if (settled) return;
			settled = true;
			result.error = error;
			result.endedAt = elapsed();
			result.text = Buffer.concat(result.chunks.map((chunk) => chunk.bytes)).toString('utf8');
			try {
				result.json = JSON.parse(result.text);
			} catch {
				result.json = undefined;
			}
			resolve(result);
		};
		const req = http.request(`${baseUrl}${path}`, { method, headers, agent: false }, (res) => {
			result.status = res.statusCode;
			result.headers = res.headers;
			result.headersAt = elapsed();
			res.on('data', (bytes) => result.chunks.push({ at: elapsed(), bytes }));
			res.on('end', () => finish(null));
			res.on('aborted', () => finish('aborted'));
			res.on('error', (error) => finish(error.code ?? 'aborted'));
		});
		req.on('error', (error) => finish(error.code ?? error.message));
		req.end(body);
	});
}

function tokenForm(user = DEFAULT_USER) {
	return new URLSearchParams({
		username: user.username,
		password: user.password,
		client_id: user.clientId,
		client_secret: user.clientSecret,
		grant_type: 'password',
		scope: 'api',
	}).toString();
}

/** The requests a Fluent client makes, as rawRequest options. */
const fluentRequests = {
	token: (user) => ({
		method: 'POST',
		path: '/oauth/token',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: tokenForm(user),
	}),
	jobCreate: (accessToken) => jsonRequest('POST', '/api/v4.1/job', accessToken, { name: 'Load', retailerId: '1' }),
	jobGet: (accessToken, jobId) => jsonRequest('GET', `/api/v4.1/job/${jobId}`, accessToken),
	batchCreate: (accessToken, jobId, entities) =>
		jsonRequest('POST', `/api/v4.1/job/${jobId}/batch`, accessToken, {
			action: 'UPSERT',
			entityType: 'INVENTORY',
			entities,
		}),
	batchGet: (accessToken, jobId, batchId, query = '') =>
		jsonRequest('GET', `/api/v4.1/job/${jobId}/batch/${batchId}${query}`, accessToken),
};

function jsonRequest(method, path, accessToken, body) {
	return {
		method,
		path,
		headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	};
}

function inventoryRecords(count, overrides = {}) {
	return Array.from({ length: count }, (_, i) => ({
		retailerId: '1',
		locationRef: 'LOC_1',
		skuRef: `SKU_${i}`,
		qty: i,
		...overrides,
	}));
}

/** A client bound to one simulator: login once, then the Fluent calls, each a rawRequest. */
function rawFluentClient(baseUrl) {
	let accessToken = null;
	const send = (options) => rawRequest(baseUrl, options);
	return {
		send,
		get accessToken() {
			return accessToken;
		},
		async login(user) {
			const reply = await send(fluentRequests.token(user));
			accessToken = reply.json.access_token;
			return accessToken;
		},
		token: (user) => send(fluentRequests.token(user)),
		createJob: () => send(fluentRequests.jobCreate(accessToken)),
		getJob: (jobId) => send(fluentRequests.jobGet(accessToken, jobId)),
		sendBatch: (jobId, entities) => send(fluentRequests.batchCreate(accessToken, jobId, entities)),
		getBatch: (jobId, batchId, query) => send(fluentRequests.batchGet(accessToken, jobId, batchId, query)),
		admin: (method, route, body) =>
			send({
				method,
				path: `/__sim/${route}`,
				headers: { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			}),
	};
}

module.exports = { rawRequest, rawFluentClient, inventoryRecords };
