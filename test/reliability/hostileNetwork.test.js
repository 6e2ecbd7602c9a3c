const { createWorld } = require('../harness/world.cjs');
const { inventoryItems, missingOrWrong } = require('../harness/inventory.cjs');

/**
 * Issue 11, the network side: servers that answer slowly, break off in the middle of a 200,
 * answer 200 with something that is not Fluent's JSON, echo the request's secrets, or revoke
 * tokens behind the shared login's back. Each case runs through n8n's engine against the
 * simulator, and every run is scanned for the credential's secrets.
 */
describe('hostile servers: every request bounded, every odd answer explained', () => {
	let world;
	let jobId;
	const results = [];

	beforeEach(async () => {
		world = await createWorld({ simulator: { pendingMs: 5, runningMs: 20, perRecordMs: 0 } });
		jobId = await world.createJob('Nightly');
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

	async function run(workflow) {
		const result = await world.engine.run(workflow);
		results.push(result);
		return result;
	}

	async function load(items, { options = {}, settings = {}, ...parameters } = {}) {
		const node = world.fluentNode(
			'Create Batch',
			{ operation: 'createBatch', jobId, ...parameters, options: { requestTimeoutSeconds: 2, ...options } },
			{ settings },
		);
		return await run({ ...world.chain(node), input: items });
	}

	async function timed(promise) {
		const started = Date.now();
		const result = await promise;
		return { result, elapsed: Date.now() - started };
	}

	/** Every item is in the store at its quantity; some may have arrived twice, none is lost. */
	async function expectEveryRecordAtLeastOnce(items) {
		await world.simulator.settle();
		expect(missingOrWrong(world.simulator, items).filter((problem) => !/arrived \d+×/.test(problem))).toEqual([]);
		expect(world.simulator.store.size).toBe(items.length);
	}

	describe('defect 2: Request Timeout bounds each whole request, Timeout the whole wait', () => {
		test('a batch POST answered at 1 byte/s fails within Request Timeout plus a second, as a timeout', async () => {
			world.simulator.faults.trickle({ endpoint: 'batchCreate', bytes: 1, intervalMs: 1000, padBytes: 60 });
			const { result, elapsed } = await timed(load(inventoryItems(5), { options: { requestTimeoutSeconds: 2, maxRetries: 0 } }));

			expect(result.status).toBe('error');
			expect(elapsed).toBeLessThan(3000);
			const error = result.nodeError('Create Batch');
			expect(error.message).toContain('Fluent did not answer within 2 s while trying to send batch 1 of 1');
			expect(error.message).not.toMatch(/cancel/i);
		});

		test('a trickled batch POST is retried like any timeout, and the load completes', async () => {
			world.simulator.faults.trickle({ endpoint: 'batchCreate', bytes: 1, intervalMs: 500, padBytes: 60 });
			const items = inventoryItems(5);
			const { result, elapsed } = await timed(load(items, { options: { requestTimeoutSeconds: 1, maxRetries: 2 } }));

			expect(result.status).toBe('success');
			expect(elapsed).toBeLessThan(10_000);
			expect(world.engine.logger.text()).toContain('no answer in time while trying to send batch 1 of 1');
			expect(world.simulator.stats().requests.batchCreate).toBe(2);
			await expectEveryRecordAtLeastOnce(items);
		});

		test('a wait whose status polls trickle ends within its Timeout plus Request Timeout plus a second', async () => {
			world.simulator.faults.trickle({ endpoint: 'batchGet', count: 1000, bytes: 1, intervalMs: 500, padBytes: 60 });
			const { result, elapsed } = await timed(
				load(inventoryItems(5), {
					waitForCompletion: true,
					options: { requestTimeoutSeconds: 2, timeoutSeconds: 3, pollIntervalSeconds: 0.1 },
				}),
			);

			expect(result.status).toBe('error');
			expect(elapsed).toBeLessThan(3000 + 2000 + 1000);
			expect(world.simulator.stats().faultsTriggered.trickle).toBeGreaterThanOrEqual(1);
		});

		test('a login answered at 1 byte/s is given up after the login timeout of 30 s', async () => {
			world.simulator.faults.expireTokens();
			world.simulator.faults.trickle({ endpoint: 'token', bytes: 1, intervalMs: 500, padBytes: 60 });
			const { result, elapsed } = await timed(load(inventoryItems(3), { options: { maxRetries: 0 } }));

			expect(result.status).toBe('error');
			expect(elapsed).toBeLessThan(31_000);
			expect(result.nodeError('Create Batch').message).toContain(`Fluent's login at ${world.url}/oauth/token did not answer in time`);
		}, 90_000);
	});

	describe('defect 3: a 200 answer that breaks off is a lost connection', () => {
		test.each(['reset', 'close'])('a batch POST answer cut off by a %s is sent again; every record arrives', async (how) => {
			world.simulator.faults.resetMidBody({ endpoint: 'batchCreate', how });
			const items = inventoryItems(30);
			const result = await load(items, { batchSize: 10, options: { batchConcurrency: 1 } });

			expect(result.status).toBe('success');
			expect(world.simulator.stats().faultsTriggered.resetMidBody).toBe(1);
			expect(world.simulator.stats().requests.batchCreate).toBe(4);
			await expectEveryRecordAtLeastOnce(items);
		});

		test.each(['reset', 'close'])('a status poll cut off by a %s is asked again; the wait ends COMPLETE', async (how) => {
			world.simulator.faults.resetMidBody({ endpoint: 'batchGet', how, count: 2 });
			const items = inventoryItems(10);
			const result = await load(items, {
				waitForCompletion: true,
				options: { pollIntervalSeconds: 0.1, timeoutSeconds: 20 },
			});

			expect(result.status).toBe('success');
			expect(result.json('Create Batch').map((batch) => [batch.status, batch.recordsSucceeded])).toEqual([['COMPLETE', 10]]);
			expect(world.simulator.stats().faultsTriggered.resetMidBody).toBe(2);
			await expectEveryRecordAtLeastOnce(items);
		});

		test.each(['reset', 'close'])('a login answer cut off by a %s is a lost connection, asked again', async (how) => {
			world.simulator.faults.expireTokens();
			world.simulator.faults.resetMidBody({ endpoint: 'token', how });
			const items = inventoryItems(10);
			const result = await load(items);

			expect(result.status).toBe('success');
			expect(world.engine.logger.text()).not.toContain('HTTP 200');
			await expectEveryRecordAtLeastOnce(items);
		});

		test('a login that keeps breaking off says the connection broke, not that Fluent rejected it', async () => {
			world.simulator.faults.expireTokens();
			world.simulator.faults.resetMidBody({ endpoint: 'token', how: 'close', count: 10 });
			const result = await load(inventoryItems(3), { options: { maxRetries: 1 } });

			expect(result.status).toBe('error');
			const error = result.nodeError('Create Batch');
			expect(error.message).not.toContain('rejected the login');
			expect(error.message).toContain(`Could not reach Fluent's login at ${world.url}/oauth/token`);
			expect(world.simulator.stats().requests.token).toBe(1 + 2);
		});
	});

	describe('defect 5: a login answered 200 without a token', () => {
		test.each([
			['an HTML page', { shape: 'html', processed: false }],
			['JSON without access_token', { shape: 'reshape', omit: ['access_token'] }],
			['invalid JSON', { shape: 'truncated' }],
		])('%s: the credential says so, naming the host, and does not retry', async (_, fault) => {
			world.simulator.faults.expireTokens();
			world.simulator.faults.malformedReply({ endpoint: 'token', ...fault });
			const tokenRequestsBefore = world.simulator.stats().requests.token;
			const result = await load(inventoryItems(3));

			expect(result.status).toBe('error');
			const error = result.nodeError('Create Batch');
			expect(error.message).toContain(`Fluent's login at ${world.url}/oauth/token answered without an access token`);
			expect(error.message).not.toContain('Could not reach');
			expect(world.simulator.stats().requests.token - tokenRequestsBefore).toBe(1);
			expect(world.simulator.stats().requests.batchCreate).toBe(1);
		});
	});

	describe('defect 7: a token Fluent refused is never handed out again', () => {
		test('two credentials of one API user, tokens revoked: the first logs in afresh and succeeds', async () => {
			world.engine.credentialsHelper.save('fluent-2', 'fluentCommerceApi', { ...world.credentialData }, 'Same API user');
			const createJob = (credentialId) =>
				world.fluentNode('Create Job', { operation: 'createJob', jobName: 'Nightly', retailerId: '' }, { credentialId });

			expect((await run(world.chain(createJob('fluent')))).status).toBe('success');
			expect((await run(world.chain(createJob('fluent-2')))).status).toBe('success');
			world.simulator.faults.revokeTokens({ username: world.credentialData.username });
			const loginsBefore = world.simulator.stats().requests.token;
			const again = await run(world.chain(createJob('fluent')));

			expect(again.status).toBe('success');
			expect(world.simulator.stats().requests.token - loginsBefore).toBe(1);
			const other = await run(world.chain(createJob('fluent-2')));
			expect(other.status).toBe('success');
		});
	});

	describe("defect 8: an answer that is not Fluent's JSON is an error naming the endpoint", () => {
		const getJob = () => ({ operation: 'getJob', jobId });

		test.each([
			['Get Job', 'jobGet', 'truncated', 'GET /api/v4.1/job/'],
			['Get Job', 'jobGet', 'array', 'GET /api/v4.1/job/'],
			['Get Job', 'jobGet', 'string', 'GET /api/v4.1/job/'],
			['Get Job', 'jobGet', 'html', 'GET /api/v4.1/job/'],
			['Create Job', 'jobCreate', 'idObject', 'POST /api/v4.1/job'],
			['Create Job', 'jobCreate', 'empty', 'POST /api/v4.1/job'],
		])('%s (%s) answered 200 with a %s body', async (nodeName, endpoint, shape, named) => {
			world.simulator.faults.malformedReply({ endpoint, shape });
			const parameters = nodeName === 'Get Job' ? getJob() : { operation: 'createJob', jobName: 'Odd', retailerId: '' };
			const result = await run(world.chain(world.fluentNode(nodeName, parameters)));

			expect(result.status).toBe('error');
			const error = result.nodeError(nodeName);
			expect(error.message).toContain(named);
			expect(error.message).toContain(`${world.url} does not answer like Fluent's API`);
			expect(world.simulator.stats().requests[endpoint]).toBe(endpoint === 'jobCreate' ? 2 : 1);
		});

		test.each([
			['truncated', 'batchGet'],
			['array', 'batchGet'],
			['reshape', 'batchGet', { omit: ['status'] }],
		])('Get Batch answered 200 with a %s body', async (shape, endpoint, extra = {}) => {
			const batches = await load(inventoryItems(3));
			expect(batches.status).toBe('success');
			const { batchId } = batches.json('Create Batch')[0];
			world.simulator.faults.malformedReply({ endpoint, shape, ...extra });
			const result = await run(world.chain(world.fluentNode('Get Batch', { operation: 'getBatch', jobId, batchId })));

			expect(result.status).toBe('error');
			const error = result.nodeError('Get Batch');
			expect(error.message).toContain(`GET /api/v4.1/job/${jobId}/batch/${batchId}`);
			expect(error.message).toContain(`${world.url} does not answer like Fluent's API`);
			expect(JSON.stringify(result.json('Get Batch'))).not.toContain('"0":');
		});

		test('a batch ID that is an object is refused, not sent on as "[object Object]"', async () => {
			world.simulator.faults.malformedReply({ endpoint: 'batchCreate', shape: 'idObject' });
			const result = await load(inventoryItems(3), { settings: { onError: 'continueRegularOutput' } });

			expect(JSON.stringify(result.run)).not.toContain('[object Object]');
			const [item] = result.json('Create Batch');
			expect(item.error).toContain(`POST /api/v4.1/job/${jobId}/batch`);
			expect(item.error).toContain("does not answer like Fluent's API");
			// A complete answer is not a lost connection: the batch is not sent twice.
			expect(world.simulator.stats().requests.batchCreate).toBe(1);
		});
	});

	describe('defect 10: secrets Fluent or a proxy sends back are redacted; Retry-After', () => {
		test.each(['json', 'text'])('a login error that repeats the request (%s) shows no password or client secret', async (format) => {
			world.simulator.faults.expireTokens();
			world.simulator.faults.echoRequest({ endpoint: 'token', format });
			const result = await load(inventoryItems(3));

			expect(result.status).toBe('error');
			const error = result.nodeError('Create Batch');
			expect(error.message).toContain('POST /oauth/token');
			if (format === 'json') expect(error.message).toContain('body username=sim-user&password=[redacted]&client_id');
			expect(JSON.stringify(result.run)).not.toContain(world.credentialData.password);
			expect(JSON.stringify(result.run)).not.toContain(world.credentialData.clientSecret);
		});

		test.each(['json', 'text'])('a batch POST error that repeats the request (%s) shows no access token', async (format) => {
			world.simulator.faults.echoRequest({ endpoint: 'batchCreate', format });
			const result = await load(inventoryItems(3));

			expect(result.status).toBe('error');
			const error = result.nodeError('Create Batch');
			const token = world.engine.credentialsHelper.stored('fluent').accessToken;
			expect(token.length).toBeGreaterThan(10);
			expect(error.message).toContain(`POST /api/v4.1/job/${jobId}/batch`);
			expect(error.message).toMatch(/authorization"?:"? ?\[redacted\]/);
			expect(JSON.stringify(result.run)).not.toContain(token);
			expect(world.engine.logger.text()).not.toContain(token);
		});

		test('a negative Retry-After is treated like none: the retries back off', async () => {
			world.simulator.faults.failNext(2, { status: 429, retryAfter: -5, endpoint: 'batchCreate' });
			const items = inventoryItems(5);
			const { result, elapsed } = await timed(load(items));

			expect(result.status).toBe('success');
			// Backoff: 0.5–1 s before the first retry, 1–2 s before the second.
			expect(elapsed).toBeGreaterThanOrEqual(1500);
			await expectEveryRecordAtLeastOnce(items);
		});
	});
});
