const { createWorld } = require('../harness/world.cjs');
const { testCredential } = require('../harness/credentialTest.cjs');
const { DEFAULT_USER } = require('../simulator/simulator.cjs');

describe('Fluent Commerce API credential', () => {
	let world;

	afterEach(async () => {
		await world?.close();
	});

	const createJob = (retailerId = '7') => ({
		operation: 'createJob',
		jobName: 'Nightly stock',
		retailerId,
	});

	test('two executions in a row log in once and reuse the stored token', async () => {
		world = await createWorld();
		const node = world.fluentNode('Create Job', createJob());
		const first = await world.engine.run(world.chain(node));
		const second = await world.engine.run(world.chain(node));

		expect(first.status).toBe('success');
		expect(second.status).toBe('success');
		expect(world.simulator.stats().requests.token).toBe(1);
		expect(world.engine.credentialsHelper.loginCount()).toBe(1);
		expect(world.engine.credentialsHelper.stored('fluent').accessToken).not.toBe('');
	});

	test('the login sends a form body with scope=api and the fluent.account header', async () => {
		world = await createWorld();
		await world.engine.run(world.chain(world.fluentNode('Create Job', createJob())));
		const [login] = world.simulator.stats().tokenRequests;
		expect(login).toEqual(expect.objectContaining({ via: 'form', fluentAccountHeader: 'SIMACCOUNT' }));
	});

	test('after Fluent expires the token, the next request logs in again once and succeeds', async () => {
		world = await createWorld();
		const node = world.fluentNode('Create Job', createJob());
		expect((await world.engine.run(world.chain(node))).status).toBe('success');
		const firstToken = world.engine.credentialsHelper.stored('fluent').accessToken;

		world.simulator.faults.expireTokens();
		const afterExpiry = await world.engine.run(world.chain(node));

		expect(afterExpiry.status).toBe('success');
		expect(world.simulator.stats().requests.token).toBe(2);
		expect(world.simulator.stats().requests.jobCreate).toBe(3); // the second run: 401, login, resend
		expect(world.simulator.stats().jobs).toHaveLength(2);
		expect(world.simulator.stats().responses[401]).toBe(1);
		const secondToken = world.engine.credentialsHelper.stored('fluent').accessToken;
		expect(secondToken).not.toBe(firstToken);
		expect(world.engine.credentialsHelper.events.filter((event) => event.expired)).toHaveLength(1);
	});

	test("a wrong password fails with Fluent's own message and no secret in it", async () => {
		world = await createWorld({ credential: { password: 'not-the-password' } });
		const result = await world.engine.run(world.chain(world.fluentNode('Create Job', createJob())));

		expect(result.status).toBe('error');
		const error = result.nodeError('Create Job');
		expect(error.message).toContain('Bad credentials');
		expect(error.message).toContain('Check the Username and Password');
		expect(world.secrets()).toContain('not-the-password');
		expect(world.leakedSecrets(result)).toEqual([]);
		expect(world.simulator.stats().requests.jobCreate).toBe(0);
	});

	test('the credential test logs in and reports success', async () => {
		world = await createWorld();
		const verdict = await testCredential(world.engine, 'fluent');
		expect(verdict).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(world.simulator.stats().requests.token).toBe(1);
	});

	test("the credential test shows Fluent's error_description for a wrong password", async () => {
		world = await createWorld({ credential: { password: 'not-the-password' } });
		const verdict = await testCredential(world.engine, 'fluent');
		expect(verdict.status).toBe('Error');
		expect(verdict.message).toContain('Bad credentials');
		expect(verdict.message).not.toContain('not-the-password');
	});

	test('the credential test names a wrong client secret', async () => {
		world = await createWorld({ credential: { clientSecret: 'wrong-client-secret' } });
		const verdict = await testCredential(world.engine, 'fluent');
		expect(verdict.status).toBe('Error');
		expect(verdict.message).toContain('Check the Client ID and Client Secret');
		expect(verdict.message).not.toContain('wrong-client-secret');
	});

	test('a plain-http base URL that is not loopback is refused before anything is sent', async () => {
		world = await createWorld({ credential: { baseUrl: 'http://fluent.example.com' } });
		const verdict = await testCredential(world.engine, 'fluent');
		expect(verdict.status).toBe('Error');
		expect(verdict.message).toContain('does not use https');

		const result = await world.engine.run(world.chain(world.fluentNode('Create Job', createJob())));
		expect(result.status).toBe('error');
		expect(result.nodeError('Create Job').message).toContain('does not use https');
		expect(world.simulator.stats().requests.token).toBe(0);
	});
});

describe('retailer fallback: node parameter, then credential, then the login', () => {
	let world;

	afterEach(async () => {
		await world?.close();
	});

	async function createdJobRetailer(parameterRetailer) {
		const node = world.fluentNode('Create Job', {
			operation: 'createJob',
			jobName: 'Fallback',
			retailerId: parameterRetailer,
		});
		const result = await world.engine.run(world.chain(node));
		expect(result.status).toBe('success');
		const [job] = result.json('Create Job');
		const stored = world.simulator.stats().jobs.find((entry) => String(entry.jobId ?? entry.id) === job.jobId);
		expect(String(stored.retailerId)).toBe(job.retailerId);
		return job.retailerId;
	}

	test("the node's Retailer ID wins", async () => {
		world = await createWorld({ credential: { retailerId: '20' } });
		expect(await createdJobRetailer('10')).toBe('10');
	});

	test("the credential's Retailer ID is used when the node has none", async () => {
		world = await createWorld({ credential: { retailerId: '20' } });
		expect(await createdJobRetailer('')).toBe('20');
	});

	test("the login's Retailer_id is used when neither has one, on the first run and later", async () => {
		world = await createWorld();
		expect(await createdJobRetailer('')).toBe('1');
		expect(await createdJobRetailer('  ')).toBe('1');
		expect(world.simulator.stats().requests.token).toBe(1);
	});

	test('no retailer anywhere fails with a clear message and creates no job', async () => {
		world = await createWorld({
			simulator: {
				users: [{ ...DEFAULT_USER, username: 'no-retailer', retailerId: null }],
			},
			credential: { username: 'no-retailer' },
		});
		const node = world.fluentNode('Create Job', { operation: 'createJob', jobName: 'x', retailerId: '' });
		const result = await world.engine.run(world.chain(node));
		expect(result.status).toBe('error');
		expect(result.nodeError('Create Job').message).toBe('No retailer ID is set');
		expect(result.nodeError('Create Job').description).toContain('Enter a Retailer ID');
		expect(world.simulator.stats().requests.jobCreate).toBe(0);
	});
});
