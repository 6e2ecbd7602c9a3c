/** Running one imported workflow with `n8n execute --id`, and reading its run. */
const { parseRunOutput, loadErrorLines } = require('../n8n-cli.cjs');
const { PACKAGE, SECRETS } = require('../fixtures.cjs');

function nodeItems(run, nodeName) {
	return run?.data?.resultData?.runData?.[nodeName]?.[0]?.data?.main?.[0] ?? [];
}

function nodeJson(run, nodeName) {
	return nodeItems(run, nodeName).map((item) => item.json);
}

function sum(items, field) {
	return items.reduce((total, item) => total + (Number(item[field]) || 0), 0);
}

/**
 * How the simulator received each output batch: [entityCount, source], or null when it has no
 * such batch. Batches go out several at a time, so they are matched by ID, not by order.
 */
function receivedBatches(stats, batches) {
	const received = new Map(stats.batches.map((batch) => [String(batch.batchId), batch]));
	return batches.map((batch) => {
		const stored = received.get(String(batch.batchId));
		return stored ? [stored.entityCount, stored.source] : null;
	});
}

function leakedSecrets(text) {
	return SECRETS.filter((secret) => text.includes(secret));
}

/** Runs `n8n execute --id` and checks what every example run must show (success when expected). */
async function executeExample(
	{ checks, instance },
	workflowId,
	{ expectSuccess = true, extraEnv } = {},
) {
	const result = await instance.n8n(['execute', `--id=${workflowId}`, '--rawOutput'], {
		timeoutMs: 300_000,
		extraEnv,
	});
	const run = parseRunOutput(result.stdout);
	const output = `${result.stdout}\n${result.stderr}`;
	checks.note(
		`n8n execute --id=${workflowId}: exit ${result.code} after ${result.seconds.toFixed(1)} s`,
	);
	const runData = run?.data?.resultData?.runData ?? {};
	const timings = Object.entries(runData).map(
		([name, tasks]) => `${name} ${((tasks[0]?.executionTime ?? 0) / 1000).toFixed(1)} s`,
	);
	if (timings.length > 0) checks.note(`nodes: ${timings.join(', ')}`);
	if (expectSuccess) {
		const error = run?.data?.resultData?.error;
		checks.check(
			'n8n execute exits 0 with a successful run',
			result.code === 0 && run?.status === 'success' && !error,
			`exit ${result.code}${result.timedOut ? ' (timed out)' : ''}, status ${run?.status}, error ${error?.message ?? '-'}\n${output.slice(-2500)}`,
		);
	}
	checks.check(
		'no package load errors in the output',
		loadErrorLines(output, PACKAGE.name).length === 0,
		loadErrorLines(output, PACKAGE.name).join('\n'),
	);
	checks.check(
		'no secret appears in the output',
		leakedSecrets(output).length === 0,
		leakedSecrets(output).join(', '),
	);
	return { result, run, output };
}

/**
 * Has the simulator reject two of the stock file's rows (one in the first batch, one in the
 * third) with 400 "Location not found"; returns those two positions.
 */
async function failTwoPositions(run) {
	const failing = [run.csv.positions[7], run.csv.positions[10_001]];
	await run.simulator.faults(
		failing.map((position) => ({
			type: 'failRecords',
			match: { skuRef: position.skuRef },
			responseCode: '400',
			message: 'Location not found',
		})),
	);
	return failing;
}

module.exports = { executeExample, failTwoPositions, nodeItems, nodeJson, sum, receivedBatches };
