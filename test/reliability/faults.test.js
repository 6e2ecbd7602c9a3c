const http = require('node:http');

const { createWorld } = require('../harness/world.cjs');
const { inventoryItems, missingOrWrong } = require('../harness/inventory.cjs');
const { describeItems } = require('../harness/internals.cjs');

/**
 * Each case injects a fault into the simulator, runs a load through n8n's engine, and proves
 * the outcome from what the simulator received: either every record arrived (at least once) at
 * the right quantity, or the error names each batch and item range that was not loaded.
 */
describe('a load survives the faults it can, and says exactly what did not arrive', () => {
	let world;
	let jobId;

	beforeEach(async () => {
		world = await createWorld({ simulator: { pendingMs: 5, runningMs: 20, perRecordMs: 0 } });
		jobId = await world.createJob('Nightly');
	});

	let lastResult;

	afterEach(async () => {
		try {
			if (lastResult) expect(world.leakedSecrets(lastResult)).toEqual([]);
		} finally {
			lastResult = undefined;
			await world?.close();
		}
	});

	async function load(items, { options = {}, settings = {}, ...parameters } = {}) {
		const node = world.fluentNode(
			'Create Batch',
			{ operation: 'createBatch', jobId, ...parameters, options: { requestTimeoutSeconds: 2, ...options } },
			{ settings },
		);
		lastResult = await world.engine.run({ ...world.chain(node), input: items });
		return lastResult;
	}

	/** Fluent revokes every token as soon as it has accepted the first batch. */
	function expireTokensAfterFirstBatch() {
		let expired = false;
		world.simulator.config.onRequest = (entry) => {
			if (!expired && entry.endpoint === 'batchCreate' && entry.status === 200) {
				expired = true;
				world.simulator.faults.expireTokens();
			}
		};
	}

	async function expectAllLoaded(items) {
		await world.simulator.settle();
		expect(missingOrWrong(world.simulator, items)).toEqual([]);
		expect(world.simulator.store.size).toBe(items.length);
	}

	test('token expiry in the middle of a 12,345-record load: one new login, the load goes on', async () => {
		expireTokensAfterFirstBatch();
		const items = inventoryItems(12345);
		const result = await load(items, { options: { batchConcurrency: 1 } });

		expect(result.status).toBe('success');
		expect(result.json('Create Batch').map((json) => json.recordCount)).toEqual([5000, 5000, 2345]);
		const stats = world.simulator.stats();
		expect(stats.requests.token).toBe(2);
		expect(stats.responses[401]).toBe(1);
		await expectAllLoaded(items);
	});

	test('token expiry while four batches are under way: still one new login, not one per batch', async () => {
		world.simulator.config.latencyMs = 40;
		expireTokensAfterFirstBatch();
		const items = inventoryItems(40000);
		const result = await load(items, { options: { batchConcurrency: 4 } });

		expect(result.status).toBe('success');
		const stats = world.simulator.stats();
		expect(stats.responses[401]).toBeGreaterThanOrEqual(2);
		expect(stats.requests.token).toBe(2);
		await expectAllLoaded(items);
	});

	test('a burst of 429 with Retry-After is waited out', async () => {
		world.simulator.faults.failNext(3, { status: 429, retryAfter: 1, endpoint: 'batchCreate' });
		const items = inventoryItems(120);
		const started = Date.now();
		const result = await load(items, { batchSize: 50, options: { batchConcurrency: 1 } });

		expect(result.status).toBe('success');
		expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
		expect(world.simulator.stats().responses[429]).toBe(3);
		expect(world.engine.logger.text()).toContain('HTTP 429 while trying to send batch 1 of 3');
		await expectAllLoaded(items);
	});

	test('a burst of 503 is retried with backoff', async () => {
		world.simulator.faults.failNext(3, { status: 503, endpoint: 'batchCreate' });
		const items = inventoryItems(60);
		const result = await load(items, { batchSize: 25 });

		expect(result.status).toBe('success');
		expect(world.simulator.stats().responses[503]).toBe(3);
		await expectAllLoaded(items);
	});

	test('a connection dropped after Fluent stored the batch: it is sent again, every record arrives', async () => {
		world.simulator.faults.dropConnection({ when: 'after', endpoint: 'batchCreate' });
		const items = inventoryItems(30);
		const result = await load(items, { batchSize: 10 });

		expect(result.status).toBe('success');
		expect(world.simulator.stats().batches).toHaveLength(4);
		await world.simulator.settle();
		expect(missingOrWrong(world.simulator, items).filter((problem) => !problem.includes('arrived 2×'))).toEqual([]);
		expect(world.simulator.store.duplicates()).toHaveLength(10);
	});

	test('a connection dropped before Fluent stored the batch: it is sent again, once', async () => {
		world.simulator.faults.dropConnection({ when: 'before', endpoint: 'batchCreate', count: 2 });
		const items = inventoryItems(30);
		const result = await load(items, { batchSize: 10 });

		expect(result.status).toBe('success');
		expect(world.simulator.stats().batches).toHaveLength(3);
		await expectAllLoaded(items);
	});

	test('a request that hangs past the request timeout is given up and sent again', async () => {
		world.simulator.faults.hang({ endpoint: 'batchCreate' });
		const items = inventoryItems(10);
		const started = Date.now();
		const result = await load(items, { options: { requestTimeoutSeconds: 1 } });

		expect(result.status).toBe('success');
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(world.engine.logger.text()).toContain('no answer in time');
		await expectAllLoaded(items);
	});

	test('a 502 after Fluent stored the batch: it is sent again, every record arrives', async () => {
		world.simulator.faults.failNext(1, { status: 502, endpoint: 'batchCreate', afterProcessing: true });
		const items = inventoryItems(30);
		const result = await load(items, { batchSize: 10, options: { batchConcurrency: 1 } });

		expect(result.status).toBe('success');
		expect(world.simulator.stats().batches).toHaveLength(4);
		await world.simulator.settle();
		expect(missingOrWrong(world.simulator, items).filter((problem) => !problem.includes('arrived 2×'))).toEqual([]);
		expect(world.simulator.store.duplicates()).toHaveLength(10);
		expect(world.simulator.store.size).toBe(30);
	});

	test('status polls that meet 503s and a hung request are retried, and the wait still ends COMPLETE', async () => {
		world.simulator.faults.failNext(2, { status: 503, endpoint: 'batchGet' });
		world.simulator.faults.hang({ endpoint: 'batchGet' });
		const items = inventoryItems(20);
		const result = await load(items, {
			batchSize: 10,
			waitForCompletion: true,
			options: { pollIntervalSeconds: 0.1, timeoutSeconds: 30, requestTimeoutSeconds: 1 },
		});

		expect(result.status).toBe('success');
		expect(result.json('Create Batch').map((batch) => [batch.status, batch.recordsSucceeded])).toEqual([
			['COMPLETE', 10],
			['COMPLETE', 10],
		]);
		expect(world.simulator.stats().responses[503]).toBe(2);
		expect(world.simulator.stats().faultsTriggered.hang).toBe(1);
		expect(world.engine.logger.text()).toContain('no answer in time');
		await expectAllLoaded(items);
	});

	test('a login that meets 503s is retried, and the load goes on', async () => {
		world.simulator.faults.expireTokens();
		world.simulator.faults.failNext(2, { status: 503, endpoint: 'token' });
		const loginsBefore = world.simulator.stats().requests.token;
		const items = inventoryItems(10);
		const result = await load(items);

		expect(result.status).toBe('success');
		// Two logins answered 503, the third succeeded.
		expect(world.simulator.stats().requests.token - loginsBefore).toBe(3);
		expect(world.simulator.stats().responses[503]).toBe(2);
		await expectAllLoaded(items);
	});

	test('a job POST whose answer is lost is sent again; the extra job stays empty', async () => {
		world.simulator.faults.dropConnection({ when: 'after', endpoint: 'jobCreate' });
		lastResult = await world.engine.run(
			world.chain(world.fluentNode('Create Job', { operation: 'createJob', jobName: 'Retried', retailerId: '' })),
		);

		expect(lastResult.status).toBe('success');
		const { jobId: created } = lastResult.json('Create Job')[0];
		const retried = world.simulator.stats().jobs.filter((job) => job.name === 'Retried');
		expect(retried).toHaveLength(2);
		expect(retried.map((job) => String(job.jobId))).toContain(String(created));
	});

	test('a job closed between two batches: the error names the loaded batch and the items not loaded', async () => {
		world.simulator.faults.closeJobAfterBatches(jobId, 1);
		const items = inventoryItems(25);
		const result = await load(items, { batchSize: 10, options: { batchConcurrency: 1 } });

		expect(result.status).toBe('error');
		const error = result.nodeError('Create Batch');
		const [accepted] = world.simulator.stats().batches;
		expect(error.message).toBe(
			`1 of 3 batches reached job ${jobId}; batch 2 failed: Job ${jobId} is CLOSED, so Fluent accepts no more batches into it`,
		);
		expect(error.description).toContain(`Accepted by Fluent: batch ${accepted.batchId} (items 0–9).`);
		expect(error.description).toContain('Not loaded: items 10–24 (batch 2 failed, later batches were not sent).');
		expect(error.description).toContain('Create a new job with Create Job');
		expect(world.simulator.stats().requests.batchCreate).toBe(2);
		await world.simulator.settle();
		expect(missingOrWrong(world.simulator, items.slice(0, 10))).toEqual([]);
		expect(world.simulator.store.size).toBe(10);
	});

	test('with Continue On Fail, the unloaded batches come out as error items paired with their items', async () => {
		world.simulator.faults.closeJobAfterBatches(jobId, 1);
		const result = await load(inventoryItems(25), {
			batchSize: 10,
			options: { batchConcurrency: 1 },
			settings: { onError: 'continueRegularOutput' },
		});

		expect(result.status).toBe('success');
		const output = result.items('Create Batch');
		expect(output.map((item) => [Boolean(item.json.error), item.pairedItem.length])).toEqual([
			[false, 10],
			[true, 10],
			[true, 5],
		]);
		expect(output[1].json.error).toContain('is CLOSED');
		expect(output[2].json.error).toBe('Batch 3 was not sent because batch 2 failed');
		expect(output[2].pairedItem[0]).toEqual({ item: 20 });
	});

	test('503 that does not stop: gives up after the retries and says how often it tried', async () => {
		world.simulator.faults.failNext(50, { status: 503, endpoint: 'batchCreate' });
		const result = await load(inventoryItems(15), {
			batchSize: 10,
			options: { maxRetries: 2, batchConcurrency: 1 },
		});

		expect(result.status).toBe('error');
		const error = result.nodeError('Create Batch');
		expect(error.message).toContain('0 of 2 batches reached job');
		expect(error.message).toContain('batch 1 failed: Fluent failed to send batch 1 of 2 (items 0–9)');
		expect(error.description).toContain('Gave up after 3 attempts');
		expect(error.description).toContain('Not loaded: items 0–14');
		expect(world.simulator.stats().requests.batchCreate).toBe(3);
	});

	test('with four batches at once, a failure names the first batch in input order and every item not loaded', async () => {
		world.simulator.faults.failNext(2, {
			status: 400,
			endpoint: 'batchCreate',
			body: '{"errors":[{"code":"400","message":"Rejected"}]}',
			contentType: 'application/json',
		});
		const items = inventoryItems(60);
		const result = await load(items, { batchSize: 10, options: { batchConcurrency: 4 } });

		expect(result.status).toBe('error');
		// Which two of the four batches under way were refused depends on arrival order; work
		// out from the simulator which were loaded, and check the error says exactly that.
		await world.simulator.settle();
		const loaded = items.map((item) => world.simulator.store.get('1', item.locationRef, item.skuRef) !== undefined);
		const acceptedBatches = [0, 1, 2, 3, 4, 5].filter((batch) => loaded[batch * 10]);
		expect(acceptedBatches).toHaveLength(2);
		const firstFailed = [0, 1, 2, 3].find((batch) => !loaded[batch * 10]) + 1;
		const notLoaded = items.map((_, index) => index).filter((index) => !loaded[index]);

		const error = result.nodeError('Create Batch');
		expect(error.message).toMatch(
			new RegExp(`^2 of 6 batches reached job \\d+; batch ${firstFailed} failed: Fluent rejected the request to send batch ${firstFailed} of 6`),
		);
		expect(error.description).toContain(`Not loaded: ${describeItems(notLoaded)}`);
		expect(world.simulator.store.size).toBe(20);
	});

	test("an HTML error page from a proxy reads as text, not as a parse failure", async () => {
		world.simulator.faults.failNext(5, {
			status: 502,
			endpoint: 'batchCreate',
			contentType: 'text/html',
			body: '<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>',
		});
		const result = await load(inventoryItems(3), { options: { maxRetries: 1 } });
		expect(result.status).toBe('error');
		expect(result.nodeError('Create Batch').message).toContain(
			'(HTTP 502): an HTML page titled "502 Bad Gateway"',
		);
	});

	test.each([
		[400, { errors: [{ code: '400', message: 'entities[0].qty must be an integer' }] }, 'entities[0].qty must be an integer (400)', 'Correct what the message names'],
		[403, { errors: [{ code: '403', message: 'Access denied' }] }, 'Access denied (403)', 'Ask your Fluent administrator'],
	])("HTTP %i is never retried, and shows Fluent's own message and what to do", async (status, body, text, advice) => {
		world.simulator.faults.failNext(1, { status, endpoint: 'batchCreate', body: JSON.stringify(body), contentType: 'application/json' });
		const result = await load(inventoryItems(3));
		expect(result.status).toBe('error');
		expect(result.nodeError('Create Batch').message).toContain(text);
		expect(result.nodeError('Create Batch').description).toContain(advice);
		expect(world.simulator.stats().requests.batchCreate).toBe(1);
	});
});

describe('credentials and hosts that cannot work', () => {
	let world;
	let result;

	afterEach(async () => {
		try {
			if (result) expect(world.leakedSecrets(result)).toEqual([]);
		} finally {
			result = undefined;
			await world?.close();
		}
	});

	async function createBatchWith(credential, options = {}) {
		world = await createWorld({ credential });
		const node = world.fluentNode('Create Batch', {
			operation: 'createBatch',
			jobId: '1',
			retailerId: '1',
			options: { maxRetries: 1, ...options },
		});
		result = await world.engine.run({ ...world.chain(node), input: inventoryItems(3) });
		return result;
	}

	test('bad credentials: the login fails with Fluent\'s message and nothing is loaded', async () => {
		await createBatchWith({ password: 'wrong-password-123' });
		expect(result.status).toBe('error');
		expect(result.nodeError('Create Batch').message).toContain('Bad credentials');
		expect(world.simulator.stats().requests.batchCreate).toBe(0);
		expect(world.secrets()).toContain('wrong-password-123');
	});

	test('a wrong client secret: the login fails with Fluent\'s message, the secret appears nowhere', async () => {
		await createBatchWith({ clientSecret: 'wrong-client-secret-9' });
		expect(result.status).toBe('error');
		expect(result.nodeError('Create Batch').message).toContain(
			'Fluent rejected the login: Bad client credentials (invalid_client). Check the Client ID and Client Secret',
		);
		expect(world.simulator.stats().requests.batchCreate).toBe(0);
		expect(world.secrets()).toContain('wrong-client-secret-9');
	});

	test('an unreachable host fails with the host named and nothing loaded', async () => {
		await createBatchWith({ baseUrl: 'http://127.0.0.1:9' });
		const error = result.nodeError('Create Batch');
		expect(error.message).toContain("Could not reach Fluent's login at http://127.0.0.1:9/oauth/token");
		expect(error.description).toContain('2 attempts');
	});

	test('a base URL that is not Fluent: the login endpoint is not found', async () => {
		const other = http.createServer((request, response) => response.writeHead(404).end('Not Found'));
		await new Promise((resolve) => other.listen(0, '127.0.0.1', resolve));
		try {
			await createBatchWith({ baseUrl: `http://127.0.0.1:${other.address().port}/wrong` });
			expect(result.nodeError('Create Batch').message).toContain("login endpoint");
			expect(result.nodeError('Create Batch').message).toContain('was not found (HTTP 404)');
		} finally {
			other.close();
		}
	});

	test('the token is only sent to the configured host: redirects are not followed', async () => {
		const seenElsewhere = [];
		const elsewhere = http.createServer((request, response) => {
			seenElsewhere.push(request.headers.authorization ?? '(none)');
			response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"1"}');
		});
		await new Promise((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
		const redirecting = http.createServer((request, response) => {
			if (request.url.startsWith('/oauth/token')) {
				response.writeHead(200, { 'content-type': 'application/json' });
				response.end(JSON.stringify({ access_token: 'token-that-must-stay-home', Retailer_id: 1 }));
				return;
			}
			response.writeHead(307, { location: `http://127.0.0.1:${elsewhere.address().port}${request.url}` }).end();
		});
		await new Promise((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
		try {
			await createBatchWith({ baseUrl: `http://127.0.0.1:${redirecting.address().port}` });
			expect(result.status).toBe('error');
			expect(result.nodeError('Create Batch').message).toContain('redirect (HTTP 307)');
			expect(seenElsewhere).toEqual([]);
			expect(JSON.stringify(result.run)).not.toContain('token-that-must-stay-home');
		} finally {
			elsewhere.close();
			redirecting.close();
		}
	});
});
