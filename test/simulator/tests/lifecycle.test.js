'use strict';

/** The simulator itself: its options, defaults, start and stop. */

const { createSimulator, DEFAULT_USER, DEFAULTS } = require('../simulator.cjs');
const { DOCUMENTED_USER, startSim, call } = require('./simulatorKit.cjs');

describe('createSimulator', () => {
	test('exports the documented defaults and default user', () => {
		expect(DEFAULTS).toMatchObject({
			tokenLifetimeSeconds: 86386,
			maxBatchSize: 5000,
			resultsPageSize: 1000,
			maxResultsPageSize: 5000,
			invalidEntityMode: 'reject-batch',
			jobLifetime: 'midnight-utc',
			closedJobStatus: 400,
			batchCreateResponse: 'id',
			batchCreateStatusCode: 200,
			logRequests: true,
		});
		expect(DEFAULT_USER).toMatchObject(DOCUMENTED_USER);
	});

	test('rejects unknown or badly typed options', () => {
		expect(() => createSimulator({ runingMs: 5 })).toThrow("unknown simulator option 'runingMs'");
		expect(() => createSimulator({ invalidEntityMode: 'lenient' })).toThrow(/invalidEntityMode/);
		expect(() => createSimulator({ jobLifetime: -1 })).toThrow(/jobLifetime/);
	});

	test('start() listens on loopback and returns the url; starting twice fails', async () => {
		const { sim, url } = await startSim();
		expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(sim.url).toBe(url);
		await expect(sim.start()).rejects.toThrow('already started');
	});

	test('stop() closes idle keep-alive connections and can be called twice', async () => {
		const { sim, url } = await startSim();
		await call(`${url}/__sim/info`); // leaves a keep-alive socket open
		const startedAt = Date.now();
		await sim.stop();
		await sim.stop();
		expect(Date.now() - startedAt).toBeLessThan(1000);
		await expect(fetch(`${url}/__sim/info`)).rejects.toThrow();
	});
});
