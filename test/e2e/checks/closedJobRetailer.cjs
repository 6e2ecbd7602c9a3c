/**
 * When the Job Closes → Continue in a New Job, in the real n8n: a load for retailer 2 (Create
 * Job and Create Batch with Retailer ID 2, Skip Batch Pre-Processing; the login's retailer is 1)
 * whose job closes after its first batch carries on in a job for retailer 2 that skips
 * pre-processing, whether Fluent's Get Job answer names the closed job's retailer and meta or
 * leaves them out (Fluent's documentation is silent on them). Every record lands once.
 */
const { executeExample, nodeJson } = require('./exampleRun.cjs');

async function closedJobKeepsRetailer(run) {
	const { checks, simulator, workflows, levels } = run;
	for (const fluentLeavesThemOut of [false, true]) {
		checks.group(
			`Job CLOSED after its first batch, a load for retailer 2 skipping pre-processing (load-from-http-api.json with Retailer ID 2; the login's retailer is 1), Fluent's Get Job answer ${fluentLeavesThemOut ? 'without' : 'with'} retailerId and meta: the new job is for retailer 2 and skips pre-processing`,
		);
		await simulator.reset();
		await simulator.faults({ type: 'closeJobAfterBatches', jobId: 'next', n: 1 });
		if (fluentLeavesThemOut) {
			await simulator.faults({
				type: 'malformedReply',
				endpoint: 'jobGet',
				shape: 'reshape',
				omit: ['retailerId', 'meta'],
				count: 20,
			});
		}
		const { run: execution } = await executeExample(run, workflows.closedJobRetailer.workflow.id);
		const stats = await simulator.stats();
		checks.checkEqual(
			'simulator: the closed job and its "(continued)" job, both for retailer 2 with meta preprocessing skip',
			stats.jobs.map((job) => [
				job.status,
				/\(continued\)$/.test(job.name),
				job.retailerId,
				job.meta,
			]),
			[
				['CLOSED', false, '2', { preprocessing: 'skip' }],
				['OPEN', true, '2', { preprocessing: 'skip' }],
			],
		);
		const [closed, continued] = stats.jobs.map((job) => job.jobId);
		// Both batches go out at once, so either may be the one the closed job took.
		checks.checkEqual(
			'Create Batch: one batch in the closed job, one in the new one, both COMPLETE',
			nodeJson(execution, 'Create Batch')
				.map((batch) => [batch.jobId, batch.status])
				.sort(([a], [b]) => (a === closed ? -1 : b === closed ? 1 : 0)),
			[
				[closed, 'COMPLETE'],
				[continued, 'COMPLETE'],
			],
		);
		const summary = await simulator.storeSummary();
		checks.checkEqual(
			`simulator store: ${levels.length.toLocaleString('en')} positions, each once`,
			[summary?.size, summary?.totalArrivals, summary?.duplicates],
			[levels.length, levels.length, 0],
		);
		// Each batch's records, whichever job it went to, are stored under retailer 2 only.
		for (const level of [levels[0], levels[levels.length - 1]]) {
			const [underRetailer2, underRetailer1] = await Promise.all([
				simulator.storeRecord('2', level.warehouse, level.sku),
				simulator.storeRecord('1', level.warehouse, level.sku),
			]);
			checks.checkEqual(
				`${level.sku} at ${level.warehouse} is stored under retailer 2, not 1`,
				[underRetailer2?.qty, underRetailer1],
				[level.onHand, undefined],
			);
		}
	}
}

module.exports = { closedJobKeepsRetailer };
