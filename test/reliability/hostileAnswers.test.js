const path = require('node:path');
const { spawn } = require('node:child_process');

const { createWorld } = require('../harness/world.cjs');
const { inventoryItems } = require('../harness/inventory.cjs');

/**
 * Issue 19, answers a host at the Base URL should never give: one far larger than any answer
 * of Fluent's (a proxy, a wrong URL), and a 200 that repeats the request with its secrets (a
 * mock, a debugging proxy). Through n8n's engine against the simulator; the huge answers in a
 * process of its own with a small heap, where reading one whole would kill it.
 */

const HEAP_MB = 192;

/** hugeAnswer.child.cjs in a process with a heap of HEAP_MB; resolves with its JSON line. */
function runWithSmallHeap(scenario) {
	const child = spawn(
		process.execPath,
		[`--max-old-space-size=${HEAP_MB}`, path.join(__dirname, 'hugeAnswer.child.cjs'), JSON.stringify(scenario)],
		{ stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk) => (stdout += chunk));
	child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
	return new Promise((resolve) => {
		child.on('close', (code, signal) => {
			const line = stdout.split('\n').find((text) => text.startsWith('{'));
			resolve({ code, signal, stderr, outcome: line ? JSON.parse(line) : undefined });
		});
	});
}

describe('an answer larger than any of Fluent\'s fails the request, without reading it whole', () => {
	test.each([
		['Create Job', 'createJob', 'jobCreate', true, /more than 1 MB/, 'create a job'],
		['Get Batch', 'getBatch', 'batchGet', false, /150 MB/, 'read batch'],
	])(
		`%s answered 200 with 150 MB of JSON (%s): under a ${HEAP_MB} MB heap the node fails naming the request and the limit, asked once`,
		async (_, operation, endpoint, chunked, sizeSeen, action) => {
			const { code, signal, stderr, outcome } = await runWithSmallHeap({ operation, endpoint, megabytes: 150, chunked });

			expect({ code, signal, stderr: outcome ? '' : stderr }).toEqual({ code: 0, signal: null, stderr: '' });
			expect(outcome.status).toBe('error');
			expect(outcome.message).toContain(action);
			expect(outcome.message).toMatch(sizeSeen);
			expect(outcome.message).toMatch(operation === 'createJob' ? /limit of 1 MB/ : /limit of 32 MB/);
			expect(outcome.description).toContain('did not retry');
			expect(outcome.requests).toBe(1);
			expect(outcome.leaked).toEqual([]);
		},
		90_000,
	);
});

describe('a 200 answer that repeats the request shows no secret anywhere', () => {
	let world;
	let jobId;
	const results = [];

	beforeEach(async () => {
		world = await createWorld();
		jobId = await world.createJob('Echoed');
	});

	afterEach(async () => {
		try {
			expect(results.length).toBeGreaterThan(0);
			for (const result of results) expect(world.leakedSecrets(result)).toEqual([]);
		} finally {
			results.length = 0;
			await world?.close();
		}
	});

	async function run(name, parameters, items) {
		const result = await world.engine.run({ ...world.chain(world.fluentNode(name, parameters)), input: items });
		results.push(result);
		return result;
	}

	const token = () => world.engine.credentialsHelper.stored('fluent').accessToken;

	test.each([
		['Create Job', 'jobCreate', { operation: 'createJob', jobName: 'Echo', retailerId: '' }, 'returned no job ID'],
		['Create Batch', 'batchCreate', { operation: 'createBatch' }, 'returned no batch ID'],
	])('%s answered 200 with the request echoed and no ID: the error shows the answer, the token redacted', async (name, endpoint, parameters, says) => {
		world.simulator.faults.echoRequest({ endpoint, status: 200 });
		const result = await run(name, { jobId, ...parameters }, inventoryItems(3));

		expect(result.status).toBe('error');
		const error = result.nodeError(name);
		expect(error.message).toContain(says);
		expect(error.description).toMatch(/authorization\\?"?:\\?"? ?\[redacted\]/);
		expect(token().length).toBeGreaterThan(10);
		expect(JSON.stringify(result.run)).not.toContain(token());
	});

	test('Get Job answered 200 with the job and the request echoed: the output item has no token', async () => {
		world.simulator.faults.echoRequest({ endpoint: 'jobGet', status: 200, processed: true });
		const result = await run('Get Job', { operation: 'getJob', jobId });

		expect(result.status).toBe('success');
		const [job] = result.json('Get Job');
		expect(job.jobId).toBe(jobId);
		expect(job.echo.headers.authorization).toBe('[redacted]');
		expect(JSON.stringify(result.run)).not.toContain(token());
	});

	test('Get Batch answered 200 with the batch and the request echoed: the output item has no token', async () => {
		const loaded = await run('Create Batch', { operation: 'createBatch', jobId }, inventoryItems(3));
		const { batchId } = loaded.json('Create Batch')[0];
		world.simulator.faults.echoRequest({ endpoint: 'batchGet', status: 200, processed: true });
		const result = await run('Get Batch', { operation: 'getBatch', jobId, batchId });

		expect(result.status).toBe('success');
		const [batch] = result.json('Get Batch');
		expect(batch.batchId).toBe(batchId);
		expect(batch.echo.headers.authorization).toBe('[redacted]');
		expect(JSON.stringify(result.run)).not.toContain(token());
	});
});

describe("the login reads a token answer up to 1 MB", () => {
	test('a token endpoint answering 200 with 2 MB of JSON: the login fails naming the limit, asked once', async () => {
		const world = await createWorld();
		try {
			world.simulator.faults.hugeReply({ endpoint: 'token', megabytes: 2, chunked: true });
			const createJob = world.fluentNode('Create Job', { operation: 'createJob', jobName: 'Huge login', retailerId: '' });
			const result = await world.engine.run(world.chain(createJob));

			expect(result.status).toBe('error');
			expect(result.nodeError('Create Job').message).toContain(
				`Fluent's login at ${world.url}/oauth/token answered with more than the node's limit of 1 MB for a token answer`,
			);
			expect(world.simulator.stats().requests.token).toBe(1);
			expect(world.leakedSecrets(result)).toEqual([]);
		} finally {
			await world.close();
		}
	});
});
