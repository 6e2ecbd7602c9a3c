/**
 * HTTP errors as the real n8n hands them to the node, on every tested n8n version: n8n 1.x throws
 * errors of another shape than 2.x (see test/unit/n8nErrorShapes.test.js), and the node once
 * read every 1.x error as a lost connection. Runs the imported examples with faults armed in
 * the simulator:
 *  - HTTP 429 with Retry-After on a batch POST: the node waits as long as Fluent asked;
 *  - HTTP 400 because the job is CLOSED: never retried; as shipped (When the Job Closes:
 *    Continue in a New Job) the load carries on in a new job, and with Fail the error says the
 *    job is closed, not that Fluent could not be reached.
 */
const { executeExample, nodeJson } = require('./exampleRun.cjs');

const RETRY_AFTER_SECONDS = 3;

function errorLines(output) {
	return output
		.split('\n')
		.filter((line) => /error|Fluent|closed/i.test(line))
		.slice(0, 12)
		.join('\n');
}

/** Every batch POST Fluent refused with 400 was sent once: none of them was asked again. */
function checkNoBatchRetried(checks, stats, output) {
	const batchPosts = stats.requests.batchCreate ?? 0;
	const refused = stats.responses['400'] ?? 0;
	checks.check(
		'simulator: each batch POST refused with 400 was sent once (no retry)',
		refused >= 1 && refused === batchPosts - stats.batches.length,
		`${batchPosts} batch POSTs, ${stats.batches.length} accepted, ${refused} answered 400`,
	);
	const retryLine = output.split('\n').find((line) => /HTTP 400 while trying to/.test(line));
	checks.check('no "HTTP 400 … retry" line in the log', retryLine === undefined, retryLine);
}

async function retryAfterHonoured(run) {
	const { checks, simulator, workflows } = run;
	checks.group(
		`HTTP 429 with Retry-After: ${RETRY_AFTER_SECONDS} on a batch POST (load-from-http-api.json): the node waits as Fluent asked`,
	);
	await simulator.reset();
	await simulator.faults({
		type: 'failNext',
		n: 1,
		status: 429,
		retryAfter: RETRY_AFTER_SECONDS,
		endpoint: 'batchCreate',
	});
	const { run: execution, output } = await executeExample(run, workflows.http.workflow.id);
	const retryLine = output.split('\n').find((line) => /HTTP 429 while trying to/.test(line));
	checks.check(
		`the node logged its retry in ${RETRY_AFTER_SECONDS * 1000} ms (Retry-After), not its own backoff`,
		retryLine !== undefined && retryLine.includes(`in ${RETRY_AFTER_SECONDS * 1000} ms`),
		retryLine ?? 'no "HTTP 429 while trying to …" line in the output',
	);
	const createBatchMs = execution?.data?.resultData?.runData?.['Create Batch']?.[0]?.executionTime;
	checks.check(
		`Create Batch took at least the ${RETRY_AFTER_SECONDS} s Fluent asked for`,
		createBatchMs >= RETRY_AFTER_SECONDS * 1000,
		`Create Batch ran ${createBatchMs} ms`,
	);
	const stats = await simulator.stats();
	checks.checkEqual(
		'simulator: one 429, and two batches accepted',
		[stats.responses['429'], stats.batches.length],
		[1, 2],
	);
	const summary = await simulator.storeSummary();
	checks.checkEqual(
		'simulator store: 7,500 positions, each once',
		[summary?.size, summary?.duplicates],
		[7500, 0],
	);
	checks.checkEqual(
		'Create Batch: both batches COMPLETE',
		nodeJson(execution, 'Create Batch').map((batch) => batch.status),
		['COMPLETE', 'COMPLETE'],
	);
}

async function closedJobContinues(run) {
	const { checks, simulator, workflows } = run;
	checks.group(
		'HTTP 400 because the job is CLOSED after its first batch (nightly-full-load-from-csv.json as shipped, Continue in a New Job): not retried, the load carries on in a new job',
	);
	await simulator.reset();
	await simulator.faults({ type: 'closeJobAfterBatches', jobId: 'next', n: 1 });
	const { run: execution, output } = await executeExample(run, workflows.nightly.workflow.id);
	const stats = await simulator.stats();
	checkNoBatchRetried(checks, stats, output);
	checks.checkEqual(
		'simulator: the closed job and its "(continued)" job',
		stats.jobs.map((job) => [job.status, /\(continued\)$/.test(job.name)]),
		[
			['CLOSED', false],
			['OPEN', true],
		],
	);
	checks.checkEqual(
		'Create Batch: three batches, all COMPLETE',
		nodeJson(execution, 'Create Batch').map((batch) => batch.status),
		['COMPLETE', 'COMPLETE', 'COMPLETE'],
	);
	const summary = await simulator.storeSummary();
	checks.checkEqual(
		'simulator store: 12,000 positions, each once',
		[summary?.size, summary?.duplicates],
		[12_000, 0],
	);
}

async function closedJobFails(run) {
	const { checks, simulator, workflows } = run;
	checks.group(
		'HTTP 400 because the job is CLOSED (load-from-http-api.json, When the Job Closes: Fail): not retried, explained',
	);
	await simulator.reset();
	await simulator.faults({ type: 'closeJobAfterBatches', jobId: '*', n: 1 });
	const started = Date.now();
	const { result, output } = await executeExample(run, workflows.closedJobFail.workflow.id, {
		expectSuccess: false,
	});
	checks.check('n8n execute exits 1', result.code === 1, `exit ${result.code}`);
	checks.check(
		'the error says the job is CLOSED and what to do',
		/Job \d+ is CLOSED, so Fluent accepts no more batches into it/.test(output) &&
			/Create a new job with Create Job/.test(output),
		errorLines(output),
	);
	checks.check(
		'… and not that Fluent could not be reached',
		!/Could not reach Fluent/.test(output),
		errorLines(output),
	);
	checkNoBatchRetried(checks, await simulator.stats(), output);
	checks.note(`the run failed after ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * A 401 on a request of the node: n8n logs in again once and the request is sent again. n8n 1.x
 * only does so when the helper throws, so the node asks a 401 again in that way (answer.ts);
 * the answers come as streams, the 401's is dropped unread.
 */
async function expiredTokenLogsInAgain(run) {
	const { checks, simulator, workflows } = run;
	checks.group('Expired token (HTTP 401) on load-from-http-api.json: one new login, the load completes');
	await simulator.reset();
	await executeExample(run, workflows.http.workflow.id);
	await simulator.faults({ type: 'expireTokens' });
	const before = await simulator.stats();
	await executeExample(run, workflows.http.workflow.id);
	const after = await simulator.stats();
	checks.checkEqual(
		'simulator: at least one 401, then exactly one new login',
		[(after.responses['401'] ?? 0) - (before.responses['401'] ?? 0) >= 1, after.requests.token - before.requests.token],
		[true, 1],
	);
}

module.exports = { retryAfterHonoured, closedJobContinues, closedJobFails, expiredTokenLogsInAgain };
