/** Example submit-now-check-later.json: Create Batch without waiting, Wait, then Get Batch. */
const { executeExample, nodeItems, nodeJson } = require('./exampleRun.cjs');

async function submitNowCheckLater(run) {
	const { checks, simulator, workflows } = run;
	checks.group(
		'Example submit-now-check-later.json: Create Batch without waiting, Wait, then Get Batch',
	);
	await simulator.reset();
	const { run: execution } = await executeExample(run, workflows.later.workflow.id);
	const [sent] = nodeJson(execution, 'Create Batch');
	checks.check(
		'Create Batch returned at once, before Fluent finished',
		sent && sent.status !== 'COMPLETE' && sent.recordsSucceeded === undefined,
		JSON.stringify(sent),
	);
	checks.checkEqual(
		'… with the batch ID and 1,200 records',
		sent && [typeof sent.batchId, sent.recordCount],
		['string', 1200],
	);
	checks.check('the Wait node ran', nodeItems(execution, 'Wait 5 minutes').length === 1);
	const [read] = nodeJson(execution, 'Get Batch');
	checks.checkEqual(
		'Get Batch: the same batch, COMPLETE, 1,200 succeeded, 0 failed',
		read && [read.batchId, read.status, read.recordsSucceeded, read.recordsFailed],
		[sent?.batchId, 'COMPLETE', 1200, 0],
	);
	const [summary] = nodeJson(execution, 'Summary');
	checks.checkEqual(
		'Summary: 1,200 succeeded, 0 failed',
		summary && [summary.recordsSucceeded, summary.recordsFailed],
		[1200, 0],
	);
	const stats = await simulator.stats();
	checks.checkEqual(
		'simulator: the job asked Fluent to skip batch pre-processing',
		stats.jobs.map((job) => job.meta),
		[{ preprocessing: 'skip' }],
	);
	checks.checkEqual(
		'simulator store: 1,200 positions, each once',
		(await simulator.storeSummary())?.size,
		1200,
	);
}

module.exports = { submitNowCheckLater };
