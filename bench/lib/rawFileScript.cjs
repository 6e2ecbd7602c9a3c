#!/usr/bin/env node
'use strict';

/**
 * The raw baseline of the stock-file benchmark: the plain script a developer would write to load
 * a CSV stock file without n8n. A fresh process per run, on the Node.js n8n runs on:
 *
 *   node bench/lib/rawFileScript.cjs '{"url":..., "file":..., "batchSize":..., "client":"fetch"}'
 *
 * Logs in and opens a job (untimed: in the workflow, Create Job does both), then, timed, reads the
 * file as a stream, splits it into lines and fields (the file has no quoted fields, so a plain
 * split is correct here), maps each row to the record the node sends (same fields, same order)
 * and posts each batch as soon as it is full, one after another. No checks, no duplicate index,
 * no second pass, no retries, no output. Prints one JSON line.
 */

const fs = require('node:fs');
const { performance } = require('node:perf_hooks');

const { RETAILER_ID } = require('./items.cjs');
const { rawClient, openRawJob } = require('./rawClients.cjs');

/** The record the node sends for a row (items.cjs inventoryRecord's fields, in its order). */
const recordOf = (fields) => ({ retailerId: RETAILER_ID, skuRef: fields[0], locationRef: fields[1], qty: Number(fields[2]) });

async function main() {
	const config = JSON.parse(process.argv[2]);
	const call = rawClient(config.client, config.url);

	const { headers: json, jobId, loginMs } = await openRawJob(call, 'raw file baseline');

	const cpuStart = process.cpuUsage();
	const started = performance.now();
	const batchIds = [];
	let entities = [];
	const post = async () => {
		const body = JSON.stringify({ action: 'UPSERT', entityType: 'INVENTORY', entities });
		entities = [];
		const answer = await call('POST', `/api/v4.1/job/${jobId}/batch`, { headers: json, body });
		batchIds.push(String(answer.id ?? ''));
	};
	let rest = '';
	let header;
	let rows = 0;
	for await (const chunk of fs.createReadStream(config.file, { encoding: 'utf8', highWaterMark: 64 * 1024 })) {
		const lines = (rest + chunk).split('\n');
		rest = lines.pop();
		for (const line of lines) {
			if (line === '') continue;
			const fields = line.split(',');
			if (header === undefined) {
				header = fields;
				continue;
			}
			entities.push(recordOf(fields));
			rows++;
			if (entities.length === config.batchSize) await post();
		}
	}
	if (rest !== '') {
		const fields = rest.split(',');
		entities.push(recordOf(fields));
		rows++;
	}
	if (entities.length > 0) await post();
	const ms = performance.now() - started;
	const cpu = process.cpuUsage(cpuStart);
	const missing = batchIds.filter((id) => !id).length;
	process.stdout.write(
		`${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, loginMs, rows, batches: batchIds.length, missing, nodeVersion: process.version })}\n`,
	);
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exitCode = 1;
});
