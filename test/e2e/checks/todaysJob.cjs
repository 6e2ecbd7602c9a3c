/**
 * Reuse Today's Job in the real n8n: two `n8n execute` runs (execution mode `cli`) of the
 * submit-now-check-later example, which has the option on, make one job in the simulator. This
 * proves n8n saves the workflow's static data after a `cli` run and loads it for the next.
 */
const fs = require('node:fs');
const path = require('node:path');

const { SECRETS } = require('../fixtures.cjs');
const { executeExample, nodeJson } = require('./exampleRun.cjs');

const utcDay = () => new Date().toISOString().slice(0, 10);

async function reuseTodaysJobAcrossRuns(run) {
	const { checks, simulator, workflows, instance, workDir } = run;
	const workflowId = workflows.later.workflow.id;
	checks.group(
		"Reuse Today's Job: two n8n execute runs of submit-now-check-later.json make one job",
	);
	// The earlier check's job is gone after the reset: the first run meets a 404 and creates one.
	await simulator.reset();
	const dayBefore = utcDay();
	const first = await executeExample(run, workflowId);
	const second = await executeExample(run, workflowId);
	const [firstJob] = nodeJson(first.run, 'Create Job');
	const [secondJob] = nodeJson(second.run, 'Create Job');
	if (utcDay() !== dayBefore) {
		checks.note('the runs crossed midnight UTC, so a second job is right; one-job checks skipped');
		return;
	}
	checks.checkEqual(
		'Create Job: reused false, then true, with the same job ID',
		[firstJob?.reused, secondJob?.reused, secondJob?.jobId === firstJob?.jobId],
		[false, true, true],
	);
	const stats = await simulator.stats();
	checks.checkEqual(
		'simulator: one job, holding the batch of each run',
		stats.jobs.map((job) => [job.jobId, job.batchIds.length]),
		[[firstJob?.jobId, 2]],
	);
	checks.checkEqual(
		"… and each run's Create Batch went into it",
		[...nodeJson(first.run, 'Create Batch'), ...nodeJson(second.run, 'Create Batch')].map(
			(batch) => batch.jobId,
		),
		[firstJob?.jobId, firstJob?.jobId],
	);

	const exported = path.join(workDir, 'exported-check-later.json');
	const exportRun = await instance.n8n([
		'export:workflow',
		`--id=${workflowId}`,
		`--output=${exported}`,
	]);
	const saved = fs.existsSync(exported) ? JSON.parse(fs.readFileSync(exported, 'utf8')) : undefined;
	const workflow = Array.isArray(saved) ? saved[0] : saved;
	const staticText = JSON.stringify(workflow?.staticData ?? null);
	checks.check(
		"n8n saved the job in the workflow's static data (n8n export:workflow)",
		staticText.includes('fluentInventoryBatchTodaysJobs') &&
			staticText.includes(`"jobId":"${firstJob?.jobId}"`),
		`exit ${exportRun.code}; staticData ${staticText.slice(0, 500)}`,
	);
	checks.check(
		'… with no secret in it',
		SECRETS.every((secret) => !staticText.includes(secret)),
		staticText.slice(0, 500),
	);
}

module.exports = { reuseTodaysJobAcrossRuns };
