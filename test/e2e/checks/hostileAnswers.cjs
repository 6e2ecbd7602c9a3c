/**
 * Issue 19 in the real n8n (each tested version; their HTTP helpers differ): answers a host at
 * the Base URL should never give.
 *  - 150 MB of JSON answered to Create Job (chunked) and to Get Batch (with its Content-Length):
 *    the node reads no more than its limit for the request, fails naming the request, the
 *    limit and the size, does not ask again, and n8n carries on;
 *  - a 200 that repeats the request (a mock, a debugging proxy): Create Job's "returned no job
 *    ID" error and Get Batch's output item show the Authorization header as [redacted], and
 *    no access token appears anywhere in n8n's output.
 */
const { executeExample, nodeJson } = require('./exampleRun.cjs');

/** A bearer token the simulator issued (a UUID), anywhere but as "[redacted]". */
const BEARER_TOKEN = /Bearer (?!\[redacted\])[0-9a-f-]{16,}/i;

function lines(output, pattern) {
	return output
		.split('\n')
		.filter((line) => pattern.test(line))
		.slice(0, 8)
		.join('\n');
}

function checkNoToken(checks, output) {
	checks.check('no access token appears in the output', !BEARER_TOKEN.test(output), lines(output, BEARER_TOKEN));
}

async function hugeAnswerFailsTheRequest(run) {
	const { checks, simulator, workflows } = run;
	checks.group('Create Job answered 200 with 150 MB of JSON (chunked): the node stops at 1 MB');
	await simulator.reset();
	await simulator.faults({ type: 'hugeReply', endpoint: 'jobCreate', megabytes: 150, chunked: true });
	const job = await executeExample(run, workflows.hostileJob.workflow.id);
	const [jobItem] = nodeJson(job.run, 'Create Job');
	checks.check(
		"Create Job's error names the request, the limit and the size",
		/^The answer to POST \/api\/v4\.1\/job while trying to create a job was larger than the node's limit of 1 MB for this request: more than 1 MB arrived/.test(
			jobItem?.error ?? '',
		) && /did not retry/.test(jobItem?.description ?? ''),
		JSON.stringify(jobItem),
	);
	checks.checkEqual('simulator: Create Job was asked once', (await simulator.stats()).requests.jobCreate, 1);

	checks.group('Get Batch answered 200 with 150 MB of JSON (Content-Length): the node stops at once');
	await simulator.reset();
	await simulator.faults({ type: 'hugeReply', endpoint: 'batchGet', megabytes: 150 });
	const batch = await executeExample(run, workflows.later.workflow.id, { expectSuccess: false });
	checks.check(
		'n8n execute ends with the failed run (exit 1), not killed',
		batch.result.code === 1 && !/heap out of memory/i.test(batch.output),
		`exit ${batch.result.code}${batch.result.timedOut ? ' (timed out)' : ''}`,
	);
	checks.check(
		"the error names the request, the 32 MB limit and the Content-Length's 150 MB",
		/while trying to read batch \S+ of job \S+ was larger than the node's limit of 32 MB for this request: its Content-Length says 150 MB/.test(
			batch.output,
		),
		lines(batch.output, /error|Fluent|answer/i),
	);
	checks.checkEqual('simulator: Get Batch was asked once', (await simulator.stats()).requests.batchGet, 1);
}

async function echoedSecretsRedacted(run) {
	const { checks, simulator, workflows } = run;
	checks.group('Create Job answered 200 with the request echoed and no ID: the token is redacted');
	await simulator.reset();
	await simulator.faults({ type: 'echoRequest', endpoint: 'jobCreate', status: 200 });
	const job = await executeExample(run, workflows.hostileJob.workflow.id);
	const [jobItem] = nodeJson(job.run, 'Create Job');
	checks.check(
		"Create Job's error shows Fluent's answer with the Authorization header [redacted]",
		/returned no job ID/.test(jobItem?.error ?? '') &&
			/authorization\\?"?:\\?"? ?\[redacted\]/i.test(jobItem?.description ?? ''),
		JSON.stringify(jobItem),
	);
	checkNoToken(checks, job.output);

	checks.group('Get Batch answered 200 with the batch and the request echoed: the token is redacted');
	await simulator.reset();
	await simulator.faults({ type: 'echoRequest', endpoint: 'batchGet', status: 200, processed: true, count: 1000 });
	const batch = await executeExample(run, workflows.later.workflow.id);
	const [batchItem] = nodeJson(batch.run, 'Get Batch');
	checks.checkEqual(
		"Get Batch's output item: COMPLETE, the echoed Authorization header [redacted]",
		[batchItem?.status, batchItem?.echo?.headers?.authorization],
		['COMPLETE', '[redacted]'],
	);
	checkNoToken(checks, batch.output);
}

module.exports = { hugeAnswerFailsTheRequest, echoedSecretsRedacted };
