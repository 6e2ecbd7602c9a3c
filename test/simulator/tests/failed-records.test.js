'use strict';

/**
 * Rejecting chosen records of a batch in its per-record results (issue 16): by position, by
 * field (skuRef, locationRef, ref), limited to one batch, with Fluent-like responseCode, message
 * and entityRef. Observed over HTTP.
 */

const { createSimulator } = require('../simulator.cjs');
const { rawFluentClient, inventoryRecords } = require('./raw-client.cjs');

const running = [];

afterEach(async () => {
	await Promise.all(running.splice(0).map((sim) => sim.stop()));
});

async function startWithJob() {
	const sim = createSimulator({ clock: () => Date.UTC(2026, 11, 1, 12), pendingMs: 10, runningMs: 20, perRecordMs: 0 });
	const url = await sim.start();
	running.push(sim);
	const client = rawFluentClient(url);
	await client.login();
	const jobId = (await client.createJob()).json.id;
	return { sim, client, jobId };
}

async function resultsOf(client, jobId, batchId) {
	return (await client.getBatch(jobId, batchId)).json.results;
}

describe('failRecords', () => {
	test('by position: records 2 and 6 of 10 fail with the code and message given; the rest are stored', async () => {
		const { sim, client, jobId } = await startWithJob();
		sim.faults.failRecords(null, { positions: [2, 6], responseCode: '404', message: 'Location not found' });
		const batchId = (await client.sendBatch(jobId, inventoryRecords(10))).json.id;
		await sim.settle();
		const results = await resultsOf(client, jobId, batchId);
		expect(results).toHaveLength(10);
		const failed = results.flatMap((result, position) => (result.responseCode === '200' ? [] : [{ position, ...result }]));
		expect(failed).toEqual([
			{ position: 2, entityRef: 'SKU_2:LOC_1', responseCode: '404', message: 'Location not found' },
			{ position: 6, entityRef: 'SKU_6:LOC_1', responseCode: '404', message: 'Location not found' },
		]);
		expect(results[0]).toEqual({ entityId: expect.any(String), entityRef: 'SKU_0:LOC_1', responseCode: '200', message: 'Success' });
		expect(sim.store.size).toBe(8);
		expect(sim.store.get('1', 'LOC_1', 'SKU_2')).toBeUndefined();
		expect(sim.jobs()[0].batches[0]).toMatchObject({ succeeded: 8, failed: 2 });
	});

	test('positions count within each batch; batchId narrows a rule to one batch', async () => {
		const { sim, client, jobId } = await startWithJob();
		const first = (await client.sendBatch(jobId, inventoryRecords(3))).json.id;
		const second = (await client.sendBatch(jobId, inventoryRecords(3, { locationRef: 'LOC_2' }))).json.id;
		sim.faults.failRecords({}, { positions: [0], batchId: second });
		await sim.settle();
		expect((await resultsOf(client, jobId, first)).map((result) => result.responseCode)).toEqual(['200', '200', '200']);
		expect((await resultsOf(client, jobId, second)).map((result) => result.responseCode)).toEqual(['500', '200', '200']);
	});

	test("entityRef is the record's ref when it has one, else <skuRef>:<locationRef>; a rule may report another", async () => {
		const { sim, client, jobId } = await startWithJob();
		sim.faults.failRecords({ ref: 'POS-1' }, { responseCode: '400', message: (entity) => `Bad SKU ${entity.skuRef}` });
		sim.faults.failRecords({ skuRef: 'SKU_2' }, { responseCode: '500', entityRef: 'UNKNOWN-REF' });
		const records = inventoryRecords(3);
		records[1].ref = 'POS-1';
		const batchId = (await client.sendBatch(jobId, records)).json.id;
		await sim.settle();
		expect((await resultsOf(client, jobId, batchId)).slice(1)).toEqual([
			{ entityRef: 'POS-1', responseCode: '400', message: 'Bad SKU SKU_1' },
			{ entityRef: 'UNKNOWN-REF', responseCode: '500', message: 'Record failed' },
		]);
	});

	test('the predicate sees where the record is', async () => {
		const { sim, client, jobId } = await startWithJob();
		const places = [];
		sim.faults.failRecords((entity, place) => {
			places.push(place);
			return false;
		});
		const batchId = (await client.sendBatch(jobId, inventoryRecords(2))).json.id;
		await sim.settle();
		expect(places).toEqual([
			{ position: 0, batchId, jobId },
			{ position: 1, batchId, jobId },
		]);
	});

	test('over the admin API: positions, batchId, entityRef; bad positions are refused', async () => {
		const { sim, client, jobId } = await startWithJob();
		const batchId = (await client.sendBatch(jobId, inventoryRecords(4))).json.id;
		const armed = await client.admin('POST', 'faults', {
			type: 'failRecords',
			positions: [1, 3],
			batchId,
			responseCode: '404',
			message: 'Location LOC_1 not found',
			entityRef: 'LOC_1',
		});
		expect(armed.status).toBe(200);
		await sim.settle();
		expect((await resultsOf(client, jobId, batchId)).filter((result) => result.responseCode === '404')).toEqual([
			{ entityRef: 'LOC_1', responseCode: '404', message: 'Location LOC_1 not found' },
			{ entityRef: 'LOC_1', responseCode: '404', message: 'Location LOC_1 not found' },
		]);
		expect((await client.admin('POST', 'faults', { type: 'failRecords', positions: [-1] })).status).toBe(400);
		expect((await client.admin('POST', 'faults', { type: 'failRecords', positions: 2 })).status).toBe(400);
	});
});
