/**
 * Example nightly-full-load-from-file.json: Read/Write Files from Disk hands a 12,000-row
 * ";"-separated ERP export straight to Create Batch (Records From: Binary File, Column Names
 * sku → skuRef, store → locationRef, on_hand → qty), in n8n's filesystem binary data mode; then
 * a copy with the error output and the Failed Records File, with rows Fluent rejects.
 */
const fs = require('node:fs');

const { executeExample, failTwoPositions, nodeItems, nodeJson, sum, receivedBatches } = require('./exampleRun.cjs');

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

/**
 * The copy e2eFileFailedRecords (On Error → Continue (using error output), Failed Records File),
 * in n8n's in-memory binary data mode (so that the report file is in the run's output): Fluent
 * rejects two rows in two batches and one row is invalid; each is one error-output item naming
 * the file and its line, and failedRecords.csv names them too.
 */
async function nightlyFileWithFailedRecords(run) {
	const { checks, simulator, csv, workflows } = run;
	checks.group(
		'Example nightly-full-load-from-file.json with the error output and the Failed Records File: two rows rejected by Fluent and one invalid, named by file and line',
	);
	const invalidAt = 100;
	const positions = csv.positions.map((position, index) =>
		index === invalidAt ? { ...position, qty: 'ten' } : position,
	);
	fs.writeFileSync(workflows.fileFailures.filePath, erpExport(positions));
	await simulator.reset();
	const failing = await failTwoPositions(run);
	const { run: execution } = await executeExample(run, workflows.fileFailures.workflow.id, {
		extraEnv: { N8N_DEFAULT_BINARY_DATA_MODE: 'default' },
	});

	const [main = [], errors = []] =
		execution?.data?.resultData?.runData?.['Create Batch']?.[0]?.data?.main ?? [];
	checks.checkEqual(
		'Create Batch, main output: the three batches (without the invalid row) and the summary item',
		main.map((item) => item.json.recordCount ?? Object.keys(item.json).join()),
		[5000, 5000, 1999, 'summary'],
	);
	// The header is line 1, so row i of the export is line i + 2.
	checks.checkEqual(
		"Create Batch's error output: the rows Fluent rejected (batches 1 and 3) and the invalid row, by file and line, paired with the file's item",
		errors.map(({ json, pairedItem }) => [
			json.error?.kind,
			json.error?.fileName,
			json.error?.line,
			json.error?.batchNumber,
			json.error?.record?.skuRef ?? null,
			pairedItem,
		]),
		[
			['rejectedByFluent', 'stock-export.csv', 9, 1, failing[0].skuRef, [{ item: 0 }]],
			['rejectedByFluent', 'stock-export.csv', 10_003, 3, failing[1].skuRef, [{ item: 0 }]],
			['invalid', 'stock-export.csv', invalidAt + 2, null, null, [{ item: 0 }]],
		],
	);
	checks.checkEqual(
		'… each message names the file and line',
		errors.map(({ json }) => json.message?.split(':')[0]),
		[
			`Fluent rejected stock-export.csv line 9 (SKU ${failing[0].skuRef} at location ${failing[0].locationRef})`,
			`Fluent rejected stock-export.csv line 10003 (SKU ${failing[1].skuRef} at location ${failing[1].locationRef})`,
			`stock-export.csv line ${invalidAt + 2}`,
		],
	);
	const summary = main.at(-1)?.json?.summary ?? {};
	checks.checkEqual(
		'the summary item: 11,999 sent, 11,997 succeeded, 2 failed, 1 invalid, 3 rows in the file',
		[
			summary.recordsSent,
			summary.recordsSucceeded,
			summary.recordsFailed,
			summary.recordsInvalid,
			summary.failedRecordsFileRows,
		],
		[11_999, 11_997, 2, 1, 3],
	);
	const report = main.at(-1)?.binary?.failedRecords;
	const reportText = report?.data ? Buffer.from(report.data, 'base64').toString('utf8') : '';
	checks.checkEqual(
		'failedRecords.csv names the file, line and kind of each',
		reportText
			.split('\r\n')
			.filter(Boolean)
			.map((row) => row.split(',').slice(0, 4)),
		[
			['itemIndex', 'fileName', 'line', 'kind'],
			['0', 'stock-export.csv', '9', 'rejectedByFluent'],
			['0', 'stock-export.csv', '10003', 'rejectedByFluent'],
			['0', 'stock-export.csv', String(invalidAt + 2), 'invalid'],
		],
	);
	checks.checkEqual(
		'simulator store holds the other 11,997',
		(await simulator.storeSummary())?.size,
		11_997,
	);
}

module.exports = { nightlyFileLoad, nightlyFileWithFailedRecords };
