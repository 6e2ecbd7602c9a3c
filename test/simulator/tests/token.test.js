'use strict';

/** Logging in (POST /oauth/token) and the bearer token check on /api/... */

const { DEFAULT_USER } = require('../simulator.cjs');
const {
	T0,
	INVALID_TOKEN_BODY,
	UUID,
	startSim,
	call,
	tokenParams,
	requestToken,
} = require('./simulatorKit.cjs');

describe('POST /oauth/token', () => {
	test('accepts a form body and answers like Fluent', async () => {
		const { sim, url } = await startSim();
		const reply = await requestToken(url, tokenParams(), { 'fluent.account': 'SIMACCOUNT' });
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({
			access_token: expect.stringMatching(UUID),
			token_type: 'bearer',
			expires_in: 86386,
			scope: 'api',
			Retailer_id: 1,
			FirstName: 'Sim',
			LastName: 'User',
			Roles: ['ADMIN'],
		});
		const stats = sim.stats();
		expect(stats.tokensIssued).toBe(1);
		expect(stats.tokenRequests).toEqual([
			{
				fluentAccountHeader: 'SIMACCOUNT',
				via: 'form',
				username: 'sim-user',
				clientId: 'sim-client',
				grantType: 'password',
				status: 200,
			},
		]);
	});

	test('accepts the parameters in the query string', async () => {
		const { sim, url } = await startSim();
		const reply = await call(`${url}/oauth/token?${tokenParams()}`, { method: 'POST' });
		expect(reply.status).toBe(200);
		expect(sim.stats().tokenRequests[0]).toMatchObject({ via: 'query', fluentAccountHeader: null });
	});

	test("reports 'form+query' when parameters come both ways", async () => {
		const { sim, url } = await startSim();
		const params = tokenParams();
		const query = new URLSearchParams({ grant_type: params.get('grant_type'), scope: 'api' });
		params.delete('grant_type');
		const reply = await call(`${url}/oauth/token?${query}`, { method: 'POST', body: params });
		expect(reply.status).toBe(200);
		expect(sim.stats().tokenRequests[0].via).toBe('form+query');
	});

	test('wrong username or password: 400 invalid_grant', async () => {
		const { url } = await startSim();
		for (const overrides of [{ password: 'nope' }, { username: 'nobody' }]) {
			const reply = await requestToken(url, tokenParams(DEFAULT_USER, overrides));
			expect(reply.status).toBe(400);
			expect(reply.body).toEqual({ error: 'invalid_grant', error_description: 'Bad credentials' });
		}
	});

	test('wrong client id or secret: 401 invalid_client', async () => {
		const { url } = await startSim();
		for (const overrides of [{ client_secret: 'nope' }, { client_id: 'other-client' }]) {
			const reply = await requestToken(url, tokenParams(DEFAULT_USER, overrides));
			expect(reply.status).toBe(401);
			expect(reply.body).toEqual({
				error: 'invalid_client',
				error_description: 'Bad client credentials',
			});
		}
	});

	test('grant_type and scope are required', async () => {
		const { url } = await startSim();
		const wrongGrant = await requestToken(
			url,
			tokenParams(DEFAULT_USER, { grant_type: 'client_credentials' }),
		);
		expect(wrongGrant.status).toBe(400);
		expect(wrongGrant.body.error).toBe('unsupported_grant_type');
		const params = tokenParams();
		params.delete('grant_type');
		expect((await requestToken(url, params)).body.error).toBe('invalid_request');
		const wrongScope = await requestToken(url, tokenParams(DEFAULT_USER, { scope: 'admin' }));
		expect(wrongScope.status).toBe(400);
		expect(wrongScope.body.error).toBe('invalid_scope');
	});

	test('serves several users: another retailer, and one without Retailer_id', async () => {
		const otherRetailer = {
			...DEFAULT_USER,
			username: 'retailer-two',
			password: 'pw2',
			retailerId: 2,
		};
		const noRetailer = {
			...DEFAULT_USER,
			username: 'no-retailer',
			password: 'pw3',
			retailerId: null,
		};
		const { url } = await startSim({ users: [DEFAULT_USER, otherRetailer, noRetailer] });
		expect((await requestToken(url, tokenParams(DEFAULT_USER))).body.Retailer_id).toBe(1);
		expect((await requestToken(url, tokenParams(otherRetailer))).body.Retailer_id).toBe(2);
		const reply = await requestToken(url, tokenParams(noRetailer));
		expect(reply.status).toBe(200);
		expect(reply.body).not.toHaveProperty('Retailer_id');
	});

	test('tokenLifetimeSeconds sets expires_in', async () => {
		const { url } = await startSim({ tokenLifetimeSeconds: 120 });
		expect((await requestToken(url, tokenParams())).body.expires_in).toBe(120);
	});

	test('refresh tokens, when enabled, are single-use', async () => {
		const { url } = await startSim({ refreshTokens: true });
		const first = await requestToken(url, tokenParams());
		expect(first.body.refresh_token).toMatch(UUID);
		const refreshParams = new URLSearchParams({
			grant_type: 'refresh_token',
			refresh_token: first.body.refresh_token,
			client_id: DEFAULT_USER.clientId,
			client_secret: DEFAULT_USER.clientSecret,
		});
		const refreshed = await requestToken(url, refreshParams);
		expect(refreshed.status).toBe(200);
		expect(refreshed.body.access_token).not.toBe(first.body.access_token);
		const reused = await requestToken(url, refreshParams);
		expect(reused.status).toBe(400);
		expect(reused.body).toEqual({
			error: 'invalid_grant',
			error_description: 'Invalid refresh token',
		});
	});

	test('no refresh token unless enabled', async () => {
		const { url } = await startSim();
		expect((await requestToken(url, tokenParams())).body).not.toHaveProperty('refresh_token');
	});
});

describe('bearer token check on /api/...', () => {
	test('missing, unknown or malformed Authorization: 401 in Fluent errors shape', async () => {
		const { url } = await startSim();
		const headerSets = [
			{},
			{ authorization: 'Bearer not-a-token' },
			{ authorization: 'Basic abc' },
		];
		for (const headers of headerSets) {
			const reply = await call(`${url}/api/v4.1/job/1`, { headers });
			expect(reply.status).toBe(401);
			expect(reply.body).toEqual(INVALID_TOKEN_BODY);
		}
	});

	test("the scheme is case-insensitive ('bearer')", async () => {
		const { url, api } = await startSim();
		const token = await api.login();
		const reply = await call(`${url}/api/v4.1/job`, {
			method: 'POST',
			headers: { authorization: `bearer ${token}` },
			body: JSON.stringify({ name: 'n', retailerId: '1' }),
		});
		expect(reply.status).toBe(200);
	});

	test('a token expires after its lifetime on the simulator clock', async () => {
		const { sim, api } = await startSim({ tokenLifetimeSeconds: 60 });
		await api.login();
		sim.advance(59_999);
		expect((await api.getJob('1')).status).toBe(404);
		sim.advance(1);
		const reply = await api.getJob('1');
		expect(reply.status).toBe(401);
		expect(reply.body).toEqual(INVALID_TOKEN_BODY);
	});

	test('the clock option drives token expiry', async () => {
		let now = T0;
		const { api } = await startSim({ clock: () => now, tokenLifetimeSeconds: 10 });
		await api.login();
		expect((await api.getJob('1')).status).toBe(404);
		now += 10_000;
		expect((await api.getJob('1')).status).toBe(401);
	});
});
