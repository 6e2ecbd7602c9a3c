/**
 * Issue 11 in the real n8n: Request Timeout bounds each whole request, through the abort signal
 * the node hands to n8n's request helper. A batch POST answered at 1 byte/s (60 bytes of
 * padding, so over a minute in all) must be given up after Request Timeout (2 s).
 */
const { executeExample, nodeJson } = require('./exampleRun.cjs');

async function trickledBatchIsBounded(run) {
	const { checks, simulator, workflows } = run;
	checks.group('A batch POST answered at 1 byte/s: Request Timeout (2 s) bounds the whole request');
	await simulator.reset();
	await simulator.faults({
		type: 'trickle',
		endpoint: 'batchCreate',
		count: 2,
		bytes: 1,
		intervalMs: 1000,
		padBytes: 60,
	});
	const { run: execution } = await executeExample(run, workflows.trickled.workflow.id);
	const errors = nodeJson(execution, 'Create Batch').map((item) => String(item.error ?? ''));
	checks.check(
		'Create Batch: an error item saying Fluent did not answer within 2 s',
		errors.length === 2 &&
			/Fluent did not answer within 2 s while trying to send batch/.test(errors[0]),
		JSON.stringify(errors),
	);
	const task = execution?.data?.resultData?.runData?.['Create Batch']?.[0];
	const seconds = (task?.executionTime ?? Number.NaN) / 1000;
	checks.check(
		'Create Batch gave up within Request Timeout plus a second (3 s)',
		seconds < 3,
		`${seconds.toFixed(1)} s`,
	);
}

module.exports = { trickledBatchIsBounded };
