'use strict';

/**
 * The stock-file part of `npm run bench` (issue 15): one CSV stock file of N rows, read by
 * Read/Write Files from Disk in n8n's filesystem binary data mode, loaded two ways in the real
 * n8n, beside a raw script that reads the same file and posts the same batches:
 *
 *   path "file":  Read stock file → Create Batch (Records From: Binary File)
 *   path "items": Read stock file → Extract from File (CSV) → Create Batch (Map Automatically)
 *
 * The file path's time is Create Batch's executionTime; the item path's is Extract from File's
 * plus Create Batch's, as both start from the same binary item. Per n8n version: `runs` rounds
 * (file, items and raw back to back, the order alternating), one run of the file path on a
 * one-row file (n8n's own memory, for the RSS goal), and one file-path run with
 * --max-old-space-size (the small-heap goal).
 */

const fs = require('node:fs');
const path = require('node:path');

const { fileWorkflow, NODE_NAMES } = require('./benchWorkflow.cjs');
const { measureNodeRun, measureRawRun, RAW_FILE_SCRIPT } = require('./realRuns.cjs');
const { writeStockCsv } = require('./stockFile.cjs');

const FILE_PATH_NODES = { timed: [NODE_NAMES.batch] };
const ITEM_PATH_NODES = { timed: [NODE_NAMES.extract, NODE_NAMES.batch] };

/**
 * Writes the stock files (N rows and one row) into `workDir/files` and names their workflows.
 * Resolves { rows, batchSize, fileBytes, extraEnv, workflows, settings } where settings are
 * { full: { file, items }, oneRow } of { workflowId, count, batchSize, file }.
 */
function prepareFileBench(workDir, { rows, batchSize }) {
	const filesDir = path.join(workDir, 'files');
	fs.mkdirSync(filesDir, { recursive: true });
	const full = path.join(filesDir, `stock-${rows}.csv`);
	const one = path.join(filesDir, 'stock-1.csv');
	const fileBytes = writeStockCsv(full, rows);
	writeStockCsv(one, 1);
	const setting = (pathName, file, count) => ({ workflowId: `benchFile${pathName}${count}`, path: pathName, count, batchSize, file });
	const settings = {
		full: { file: setting('file', full, rows), items: setting('items', full, rows) },
		oneRow: setting('file', one, 1),
	};
	const all = [settings.full.file, settings.full.items, settings.oneRow];
	return {
		rows,
		batchSize,
		fileBytes,
		settings,
		workflows: all.map((each) => fileWorkflow({ id: each.workflowId, file: each.file, path: each.path, batchSize })),
		// Read/Write Files from Disk may read only below N8N_RESTRICT_FILE_ACCESS_TO (2.x: always set).
		extraEnv: { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem', N8N_RESTRICT_FILE_ACCESS_TO: filesDir },
	};
}

/**
 * The rounds and the two single runs on one n8n version. `show(run)` prints a run as it ends.
 * Resolves { version, rows, batchSize, fileBytes, rounds: [{ file, items, raw }], oneRow, smallHeap }.
 */
async function runFileRounds(bench, { sim, instance, install, runs, scratchDir, rawClient, heapLimitMb, profileDir, log, show }) {
	const { settings, extraEnv } = bench;
	const node = (setting, label, extra = {}) =>
		measureNodeRun(sim, instance, setting, {
			scratchDir,
			profileDir,
			label,
			extraEnv,
			nodes: setting.path === 'file' ? FILE_PATH_NODES : ITEM_PATH_NODES,
			...extra,
		});
	const raw = (label) =>
		measureRawRun(sim, settings.full.file, {
			nodeBin: install.nodeBin,
			concurrency: 1,
			client: rawClient,
			profileDir,
			label,
			script: RAW_FILE_SCRIPT,
			config: { file: settings.full.file.file },
		});
	const result = { version: install.version, rows: bench.rows, batchSize: bench.batchSize, fileBytes: bench.fileBytes, rounds: [] };
	log(`n8n ${install.version}, stock file of ${bench.rows.toLocaleString('en-US')} rows (${(bench.fileBytes / 1e6).toFixed(1)} MB): ${runs} rounds`);
	for (let index = 0; index < runs; index++) {
		const label = `n8n-${install.version}-file-${bench.rows}-${index + 1}`;
		const round = {};
		const order = index % 2 === 0 ? ['file', 'items', 'raw'] : ['raw', 'items', 'file'];
		for (const side of order) {
			round[side] = side === 'raw' ? await raw(`${label}-raw`) : await node(settings.full[side], `${label}-${side}`);
			round[side].path = side;
			show(round[side]);
		}
		result.rounds.push(round);
	}
	result.oneRow = await node(settings.oneRow, `n8n-${install.version}-file-1`);
	result.oneRow.path = 'file';
	show(result.oneRow);
	if (heapLimitMb > 0) {
		log(`n8n ${install.version}, stock file of ${bench.rows.toLocaleString('en-US')} rows with --max-old-space-size=${heapLimitMb}:`);
		result.smallHeap = await node(settings.full.file, `n8n-${install.version}-file-${bench.rows}-heap-${heapLimitMb}`, { heapLimitMb, profileDir: undefined });
		result.smallHeap.path = 'file';
		show(result.smallHeap);
	}
	return result;
}

module.exports = { prepareFileBench, runFileRounds };
