/**
 * Example nightly-full-load-from-csv.json: 12,000 CSV rows through Create Job → Create Batch
 * with waiting; once as it is, once with Fluent failing two records.
 */
const { executeExample, failTwoPositions, nodeJson, sum, receivedBatches } = require('./exampleRun.cjs');

async function nightlyCsvLoad(run) {
	const { checks, simulator, csv, workflows } = run;
	checks.group(
		'Example nightly-full-load-from-csv.json: 12,000 CSV rows, Create Job → Create Batch with waiting',
	);
	await simulator.reset();
	const { run: execution } = await executeExample(run, workflows.nightly.workflow.id);
	run.nightlyRuns = { clean: execution };
	const batches = nodeJson(execution, 'Create Batch');
	checks.checkEqual(
		'Create Batch: three batches of 5,000, 5,000 and 2,000',
		batches.map((batch) => batch.recordCount),
		[5000, 5000, 2000],
	);
	checks.checkEqual(
		'… all COMPLETE',
		batches.map((batch) => batch.status),
		['COMPLETE', 'COMPLETE', 'COMPLETE'],
	);
	checks.checkEqual(
		'… every record succeeded',
		[sum(batches, 'recordsSucceeded'), sum(batches, 'recordsFailed')],
		[12000, 0],
	);
	const [summary] = nodeJson(execution, 'Summary');
	checks.checkEqual(
		'Summary: 3 batches, 12,000 sent, 12,000 succeeded, 0 failed',
		summary && [
			summary.batches,
			summary.allComplete,
			summary.recordsSent,
			summary.recordsSucceeded,
			summary.recordsFailed,
		],
		[3, true, 12000, 12000, 0],
	);
	const stats = await simulator.stats();
	checks.checkEqual(
		'simulator: one job, named "Nightly full inventory load <date>"',
		stats.jobs.map((job) => /^Nightly full inventory load \d{4}-\d\d-\d\d$/.test(job.name)),
		[true],
	);
	checks.checkEqual(
		'simulator: three batches of the right sizes, source "nightly-csv"',
		receivedBatches(stats, batches),
		[
			[5000, 'nightly-csv'],
			[5000, 'nightly-csv'],
			[2000, 'nightly-csv'],
		],
	);
	checks.check(
		'simulator: login carried the fluent.account header',
		stats.tokenRequests.length >= 1 &&
			stats.tokenRequests.every(
				(request) => request.fluentAccountHeader === simulator.info.accountId,
			),
		JSON.stringify(stats.tokenRequests),
	);
	const store = await simulator.storeSummary();
	const qtySum = csv.positions.reduce((total, position) => total + position.qty, 0);
	checks.checkEqual(
		'simulator store: 12,000 positions, each arrived once, quantities add up',
		store,
		{ size: 12000, totalArrivals: 12000, duplicates: 0, qtySum },
	);
	const sample = csv.positions[7777];
	const stored = await simulator.storeRecord('1', sample.locationRef, sample.skuRef);
	checks.checkEqual(
		`simulator store: ${sample.skuRef}@${sample.locationRef} has qty ${sample.qty} (a number, from CSV text)`,
		stored?.qty,
		sample.qty,
	);
}

async function nightlyCsvWithFailedRecords(run) {
	const { checks, simulator, workflows } = run;
	checks.group(
		'Example nightly-full-load-from-csv.json again, with Fluent failing two records (COMPLETE with errors)',
	);
	await simulator.reset();
	const failing = await failTwoPositions(run);
	const { run: execution } = await executeExample(run, workflows.nightly.workflow.id);
	run.nightlyRuns = { ...run.nightlyRuns, withFailures: execution, failing };
	const [summary] = nodeJson(execution, 'Summary');
	checks.checkEqual(
		'Summary: 11,998 succeeded, 2 failed, all batches still COMPLETE',
		summary && [summary.recordsSucceeded, summary.recordsFailed, summary.allComplete],
		[11998, 2, true],
	);
	checks.checkEqual(
		"Summary lists the failed records with Fluent's code and message",
		summary?.failedRecords,
		failing.map((position) => ({
			entityRef: `${position.skuRef}:${position.locationRef}`,
			responseCode: '400',
			message: 'Location not found',
		})),
	);
	checks.checkEqual(
		'simulator store holds the other 11,998',
		(await simulator.storeSummary())?.size,
		11998,
	);
}

module.exports = { nightlyCsvLoad, nightlyCsvWithFailedRecords };
