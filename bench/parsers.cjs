#!/usr/bin/env node
'use strict';

/**
 * node bench/parsers.cjs [--rows 1000000] : speed and memory of the project's own CSV and JSON
 * readers (dist/), in this process, without n8n. Writes a stock file of N rows
 * (skuRef,locationRef,qty) as CSV, JSON Lines and a JSON array to a temporary folder, reads
 * each through a file stream in 64 KB chunks, as n8n's filesystem binary mode does, and prints
 * rows/s, MB/s and the heap growth over the heap before reading (peak, sampled after every piece).
 * Run `npm run build` first. A figure to read, not a test.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');

const FILES = path.join(__dirname, '..', 'dist', 'nodes', 'FluentInventoryBatch', 'sources', 'file', 'readers');
const { readCsvFile } = require(path.join(FILES, 'csvFile.js'));
const { readJsonFile } = require(path.join(FILES, 'jsonFile.js'));
const { writeStockRows } = require('./lib/stockFile.cjs');

function writeFiles(folder, count) {
	const files = {
		csv: fs.openSync(path.join(folder, 'stock.csv'), 'w'),
		jsonLines: fs.openSync(path.join(folder, 'stock.jsonl'), 'w'),
		jsonArray: fs.openSync(path.join(folder, 'stock.json'), 'w'),
	};
	try {
		writeStockRows(count, files);
	} finally {
		for (const fd of Object.values(files)) fs.closeSync(fd);
	}
}

async function measure(name, file, read) {
	if (global.gc) global.gc();
	const heapBefore = process.memoryUsage().heapUsed;
	let peak = heapBefore;
	let rows = 0;
	let problems = 0;
	let characters = 0;
	const started = process.hrtime.bigint();
	for await (const piece of read(fs.createReadStream(file, { highWaterMark: 64 * 1024 }))) {
		for (const row of piece.rows) {
			if (row.problem !== undefined) problems++;
			else {
				rows++;
				characters += name === 'csv' ? row.fields[0].length : row.fields.skuRef.length;
			}
		}
		const heap = process.memoryUsage().heapUsed;
		if (heap > peak) peak = heap;
	}
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const megabytes = fs.statSync(file).size / 1e6;
	if (problems > 0 || characters === 0) throw new Error(`${name}: ${problems} problems`);
	console.log(
		`${name.padEnd(11)} ${rows.toLocaleString('en-US').padStart(10)} rows  ${megabytes.toFixed(1).padStart(6)} MB  ` +
			`${seconds.toFixed(2).padStart(6)} s  ${Math.round(rows / seconds).toLocaleString('en-US').padStart(10)} rows/s  ` +
			`${(megabytes / seconds).toFixed(0).padStart(4)} MB/s  peak heap +${((peak - heapBefore) / 1e6).toFixed(1)} MB`,
	);
}

async function main() {
	const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
	const count = Number(values.rows);
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'fluent-parsers-'));
	try {
		writeFiles(folder, count);
		console.log(`node ${process.version}; ${global.gc ? 'gc before each run' : 'run with --expose-gc for a steadier heap figure'}`);
		await measure('csv', path.join(folder, 'stock.csv'), (stream) => readCsvFile(stream));
		await measure('json lines', path.join(folder, 'stock.jsonl'), (stream) => readJsonFile(stream));
		await measure('json array', path.join(folder, 'stock.json'), (stream) => readJsonFile(stream));
	} finally {
		fs.rmSync(folder, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
