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
 * client: "fetch" or "http" (rawClients.cjs).
 */

const { performance } = require('node:perf_hooks');

const { inventoryItems } = require('../../test/harness/inventory.cjs');
const { inventoryRecord } = require('./items.cjs');
const { rawClient, openRawJob } = require('./rawClients.cjs');

async function main() {
	const config = JSON.parse(process.argv[2]);
	const call = rawClient(config.client, config.url);
	const positions = inventoryItems(config.count, { locations: 50 });

	const { headers: json, jobId, loginMs } = await openRawJob(call, 'raw baseline');

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
			const answer = await call('POST', `/api/v4.1/job/${jobId}/batch`, { headers: json, body });
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
