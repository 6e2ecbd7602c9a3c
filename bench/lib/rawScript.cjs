#!/usr/bin/env node
'use strict';

/**
 * The raw baseline of the real-n8n benchmark: the plain script a developer would write to load
 * the same stock positions without n8n. A fresh process per run, on the Node.js n8n runs on:
 *
 *   node bench/lib/rawScript.cjs '{"url":..., "count":..., "batchSize":..., "concurrency":1, "client":"fetch"}'
 *
 * Builds the positions (test/harness/inventory.cjs, the same as the workflow's Code node), logs
 * in and opens a job (untimed: in the workflow, Create Job does both before Create Batch), then,
 * timed, maps each position to its record and posts the batches, `concurrency` at a time (1 =
 * one after another). No checks, retries, pairing or output. Prints one JSON line.
 *
 * client "fetch": Node's built-in fetch (undici; keeps connections alive), what a plain script
 * uses. client "http": node:http with a keep-alive agent.
 */

const http = require('node:http');
const { performance } = require('node:perf_hooks');

const { inventoryItems } = require('../../test/harness/inventory.cjs');
const { DEFAULT_USER, simulatorLoginForm } = require('./benchEnvironment.cjs');
const { RETAILER_ID, inventoryRecord } = require('./items.cjs');

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

async function main() {
	const config = JSON.parse(process.argv[2]);
	const call = (config.client === 'http' ? httpClient : fetchClient)(config.url);
	const positions = inventoryItems(config.count, { locations: 50 });

	const loginStarted = performance.now();
	const { access_token: token } = await call('POST', '/oauth/token', {
		headers: { 'content-type': 'application/x-www-form-urlencoded', 'fluent.account': DEFAULT_USER.accountId },
		body: simulatorLoginForm(),
	});
	const loginMs = performance.now() - loginStarted;
	const json = { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' };
	const job = await call('POST', '/api/v4.1/job', { headers: json, body: JSON.stringify({ name: 'raw baseline', retailerId: RETAILER_ID }) });

	const batchCount = Math.ceil(positions.length / config.batchSize);
	const batchIds = new Array(batchCount);
	let next = 0;
	const sender = async () => {
		while (next < batchCount) {
			const position = next++;
			const start = position * config.batchSize;
			const end = Math.min(positions.length, start + config.batchSize);
			const entities = new Array(end - start);
			for (let index = start; index < end; index++) entities[index - start] = inventoryRecord(positions[index]);
			const body = JSON.stringify({ action: 'UPSERT', entityType: 'INVENTORY', entities });
			const answer = await call('POST', `/api/v4.1/job/${job.id}/batch`, { headers: json, body });
			batchIds[position] = String(answer.id);
		}
	};
	const cpuStart = process.cpuUsage();
	const started = performance.now();
	await Promise.all(Array.from({ length: Math.min(config.concurrency, batchCount) }, sender));
	const ms = performance.now() - started;
	const cpu = process.cpuUsage(cpuStart);
	const missing = batchIds.filter((id) => !id).length;
	process.stdout.write(
		`${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, loginMs, batches: batchCount, missing, nodeVersion: process.version })}\n`,
	);
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exitCode = 1;
});
