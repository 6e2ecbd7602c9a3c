/** Example load-from-http-api.json: 7,500 positions from a JSON API, mapped with Define Below. */
const { executeExample, nodeJson } = require('./exampleRun.cjs');

async function httpApiLoad(run) {
	const { checks, simulator, feed, levels, workflows } = run;
	checks.group(
		'Example load-from-http-api.json: 7,500 positions from a JSON API, mapped with Define Below',
	);
	await simulator.reset();
	const { run: execution } = await executeExample(run, workflows.http.workflow.id);
	checks.checkEqual('the ERP API was called once', feed.hits['/api/stock-levels'], 1);
	const batches = nodeJson(execution, 'Create Batch');
	checks.checkEqual(
		'Create Batch: batches of 5,000 and 2,500, COMPLETE',
		batches.map((batch) => [batch.recordCount, batch.status]),
		[
			[5000, 'COMPLETE'],
			[2500, 'COMPLETE'],
		],
	);
	const [summary] = nodeJson(execution, 'Summary');
	checks.checkEqual(
		'Summary: 7,500 sent, 7,500 succeeded, 0 failed',
		summary && [summary.recordsSent, summary.recordsSucceeded, summary.recordsFailed],
		[7500, 7500, 0],
	);
	checks.checkEqual('simulator store: 7,500 positions, each once', await simulator.storeSummary(), {
		size: 7500,
		totalArrivals: 7500,
		duplicates: 0,
		qtySum: levels.reduce((total, level) => total + level.onHand, 0),
	});
	const sample = levels[4321];
	const stored = await simulator.storeRecord('1', sample.warehouse, sample.sku);
	checks.checkEqual(
		`simulator store: ${sample.sku}@${sample.warehouse} mapped from sku/warehouse/onHand/reserved`,
		stored && [stored.qty, stored.reservedQty],
		[sample.onHand, sample.reserved],
	);
	checks.checkEqual(
		'simulator: batches carry source "ERP"',
		(await simulator.stats()).batches.map((batch) => batch.source),
		['ERP', 'ERP'],
	);
}

module.exports = { httpApiLoad };
