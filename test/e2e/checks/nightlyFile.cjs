/**
 * Example nightly-full-load-from-file.json: Read/Write Files from Disk hands a 12,000-row
 * ";"-separated ERP export straight to Create Batch (Records From: Binary File, Column Names
 * sku → skuRef, store → locationRef, on_hand → qty), in n8n's filesystem binary data mode.
 */
const fs = require('node:fs');

const { executeExample, nodeItems, nodeJson, sum, receivedBatches } = require('./exampleRun.cjs');

/** The e2e's stock positions as an ERP exports them: its own column names, ";" between values. */
function erpExport(positions) {
	const rows = ['sku;store;on_hand;description'];
	for (const position of positions) {
		rows.push(`${position.skuRef};${position.locationRef};${position.qty};"Article; ${position.skuRef}"`);
	}
	return `${rows.join('\r\n')}\r\n`;
}

async function nightlyFileLoad(run) {
	const { checks, simulator, csv, workflows } = run;
	checks.group(
		'Example nightly-full-load-from-file.json: a 12,000-row ";" stock file read from disk straight into Create Batch (filesystem binary mode)',
	);
	fs.writeFileSync(workflows.file.filePath, erpExport(csv.positions));
	await simulator.reset();
	const { run: execution } = await executeExample(run, workflows.file.workflow.id, {
		extraEnv: { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' },
	});

	const [read] = nodeItems(execution, 'Read stock file');
	checks.check(
		'Read stock file: the file is in the filesystem binary data store (the item holds only its id)',
		/^filesystem/.test(read?.binary?.data?.id ?? ''),
		JSON.stringify(read?.binary?.data),
	);
	const batches = nodeJson(execution, 'Create Batch');
	checks.checkEqual(
		'Create Batch: batches of 5,000, 5,000 and 2,000, naming their lines of stock-export.csv',
		batches.map((batch) => [batch.recordCount, batch.fileName, batch.firstLine, batch.lastLine]),
		[
			[5000, 'stock-export.csv', 2, 5001],
			[5000, 'stock-export.csv', 5002, 10001],
			[2000, 'stock-export.csv', 10002, 12001],
		],
	);
	checks.checkEqual(
		'… all COMPLETE, every record succeeded',
		[batches.map((batch) => batch.status), sum(batches, 'recordsSucceeded'), sum(batches, 'recordsFailed')],
		[['COMPLETE', 'COMPLETE', 'COMPLETE'], 12000, 0],
	);
	const [summary] = nodeJson(execution, 'Summary');
	checks.checkEqual(
		'Summary: 3 batches, 12,000 sent and succeeded, last line 12,001',
		summary && [summary.batches, summary.allComplete, summary.recordsSent, summary.recordsSucceeded, summary.lastLine],
		[3, true, 12000, 12000, 12001],
	);
	const stats = await simulator.stats();
	checks.checkEqual(
		'simulator: three batches of the right sizes, source "nightly-file"',
		receivedBatches(stats, batches),
		[
			[5000, 'nightly-file'],
			[5000, 'nightly-file'],
			[2000, 'nightly-file'],
		],
	);
	const qtySum = csv.positions.reduce((total, position) => total + position.qty, 0);
	checks.checkEqual(
		'simulator store: 12,000 positions, each arrived exactly once, quantities add up',
		await simulator.storeSummary(),
		{ size: 12000, totalArrivals: 12000, duplicates: 0, qtySum },
	);
	const sample = csv.positions[4321];
	checks.checkEqual(
		`simulator store: ${sample.skuRef}@${sample.locationRef} has qty ${sample.qty} (from column on_hand)`,
		(await simulator.storeRecord('1', sample.locationRef, sample.skuRef))?.qty,
		sample.qty,
	);
}

module.exports = { nightlyFileLoad };
