'use strict';

/** The GraphQL `me` query (what the credential's Test asks). */

const { createSimulator } = require('../simulator.cjs');

describe('GraphQL me query', () => {
	let sim;
	let url;

	beforeEach(async () => {
		sim = createSimulator({ pendingMs: 1, runningMs: 1, perRecordMs: 0 });
		url = await sim.start();
	});

	afterEach(async () => {
		await sim.stop();
	});

	async function login() {
		const form = new URLSearchParams({
			username: 'sim-user',
			password: 'sim-password',
			client_id: 'sim-client',
			client_secret: 'sim-client-secret',
			grant_type: 'password',
			scope: 'api',
		});
		const response = await fetch(`${url}/oauth/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: form,
		});
		return (await response.json()).access_token;
	}

	test('answers the API user for a valid token and 401 without one', async () => {
		const token = await login();
		const query = JSON.stringify({ query: '{ me { id username } }' });
		const ok = await fetch(`${url}/graphql`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: query,
		});
		expect(ok.status).toBe(200);
		expect((await ok.json()).data.me).toEqual(expect.objectContaining({ username: 'sim-user' }));

		const denied = await fetch(`${url}/graphql`, { method: 'POST', body: query });
		expect(denied.status).toBe(401);
		expect(sim.stats().requests.graphql).toBe(2);
	});
});
