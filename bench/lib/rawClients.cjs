'use strict';

/**
 * The raw scripts' HTTP clients: `call(method, route, { headers, body })` resolves the answer's
 * JSON and rejects on an HTTP error. "fetch": Node's built-in fetch (undici; keeps connections
 * alive), what a plain script uses. "http": node:http with a keep-alive agent.
 */

const http = require('node:http');
const { performance } = require('node:perf_hooks');

const { DEFAULT_USER, simulatorLoginForm } = require('./benchEnvironment.cjs');
const { RETAILER_ID } = require('./items.cjs');

function fetchClient(base) {
	return async (method, route, { headers, body }) => {
		const response = await fetch(`${base}${route}`, { method, headers, body });
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status} ${text.slice(0, 200)}`);
		return JSON.parse(text);
	};
}

function httpClient(base) {
	const agent = new http.Agent({ keepAlive: true });
	return (method, route, { headers, body }) =>
		new Promise((resolve, reject) => {
			const request = http.request(`${base}${route}`, { method, headers, agent }, (response) => {
				const chunks = [];
				response.on('data', (chunk) => chunks.push(chunk));
				response.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					if (response.statusCode >= 400) reject(new Error(`${method} ${route}: HTTP ${response.statusCode} ${text.slice(0, 200)}`));
					else resolve(JSON.parse(text));
				});
			});
			request.on('error', reject);
			request.end(body);
		});
}

/**
 * Logs in at the simulator and opens a job, as Create Job does before Create Batch (untimed by
 * the benchmarks). Resolves the JSON headers that carry the token, the job's id and the login's ms.
 */
async function openRawJob(call, name) {
	const loginStarted = performance.now();
	const { access_token: token } = await call('POST', '/oauth/token', {
		headers: { 'content-type': 'application/x-www-form-urlencoded', 'fluent.account': DEFAULT_USER.accountId },
		body: simulatorLoginForm(),
	});
	const loginMs = performance.now() - loginStarted;
	const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' };
	const job = await call('POST', '/api/v4.1/job', { headers, body: JSON.stringify({ name, retailerId: RETAILER_ID }) });
	return { headers, jobId: job.id, loginMs };
}

/** Picks the client by name: "http", else "fetch". */
const rawClient = (name, base) => (name === 'http' ? httpClient : fetchClient)(base);

module.exports = { rawClient, openRawJob };
