'use strict';

/** Reading a batch: its status over time, its paged results, failed records. */

const { T0, startWithJob, record, records } = require('./simulatorKit.cjs');

describe('batch GET', () => {
	test('status moves PENDING -> RUNNING -> COMPLETE over simulator time; results only when COMPLETE', async () => {
		const { sim, api, jobId } = await startWithJob({
			pendingMs: 100,
			runningMs: 200,
			perRecordMs: 10,
		});
		const batchId = (await api.sendBatch(jobId, records(5), { source: 'POS' })).body.id;
		const expectStatus = async (status, resultCount, lastModifiedOffset) => {
			const reply = await api.getBatch(jobId, batchId);
			expect(reply.status).toBe(200);
			expect(reply.body).toMatchObject({
				status,
				total: resultCount,
				count: resultCount,
				start: 0,
			});
			expect(reply.body.results).toHaveLength(resultCount);
			expect(reply.body.lastModifiedOn).toBe(new Date(T0 + lastModifiedOffset).toISOString());
			return reply.body;
		};
		const pending = await expectStatus('PENDING', 0, 0);
		expect(pending).toEqual({
			id: batchId,
			batchId,
			jobId,
			entityType: 'INVENTORY',
			action: 'UPSERT',
			status: 'PENDING',
			source: 'POS',
			event: 'InventoryChanged',
			catalogueRef: 'DEFAULT:1',
			createdOn: new Date(T0).toISOString(),
			lastModifiedOn: new Date(T0).toISOString(),
			start: 0,
			count: 0,
			total: 0,
			results: [],
		});
		sim.advance(99);
		await expectStatus('PENDING', 0, 0);
		sim.advance(1);
		await expectStatus('RUNNING', 0, 100);
		sim.advance(249); // running time is 200 + 10 * 5 records
		await expectStatus('RUNNING', 0, 100);
		sim.advance(1);
		const complete = await expectStatus('COMPLETE', 5, 350);
		expect(complete.results[0]).toEqual({
			entityId: expect.stringMatching(/^\d+$/),
			entityRef: 'SKU_1:LOC_1',
			responseCode: '200',
			message: 'Success',
		});
	});

	test('entityRef uses the entity ref when one is sent', async () => {
		const { sim, api, jobId } = await startWithJob();
		const batchId = (await api.sendBatch(jobId, [record(1, { ref: 'SKU_1:LOC_1:LAST_ON_HAND' })]))
			.body.id;
		await sim.settle();
		expect((await api.getBatch(jobId, batchId)).body.results[0].entityRef).toBe(
			'SKU_1:LOC_1:LAST_ON_HAND',
		);
	});

	test('config changes apply to batches created afterwards', async () => {
		const { sim, api, jobId } = await startWithJob({ runningMs: 1000 });
		const slow = (await api.sendBatch(jobId, records(1))).body.id;
		sim.config.runningMs = 5;
		const fast = (await api.sendBatch(jobId, records(1))).body.id;
		sim.advance(20);
		expect((await api.getBatch(jobId, fast)).body.status).toBe('COMPLETE');
		expect((await api.getBatch(jobId, slow)).body.status).toBe('RUNNING');
	});

	test('results are paged with start/count; total is the number of results', async () => {
		const { sim, api, jobId } = await startWithJob({ resultsPageSize: 3, maxResultsPageSize: 5 });
		const batchId = (await api.sendBatch(jobId, records(7))).body.id;
		await sim.settle();
		const page = async (query) => (await api.getBatch(jobId, batchId, query)).body;
		const first = await page('');
		expect(first).toMatchObject({ start: 0, count: 3, total: 7 });
		expect(first.results.map((result) => result.entityRef)).toEqual([
			'SKU_1:LOC_1',
			'SKU_2:LOC_1',
			'SKU_3:LOC_1',
		]);
		const last = await page('?start=6');
		expect(last).toMatchObject({ start: 6, count: 1, total: 7 });
		expect(last.results[0].entityRef).toBe('SKU_7:LOC_1');
		expect(await page('?start=1&count=100')).toMatchObject({ start: 1, count: 5, total: 7 });
		expect(await page('?start=50')).toMatchObject({ start: 50, count: 0, total: 7, results: [] });
		const bad = await api.getBatch(jobId, batchId, '?start=-1');
		expect(bad.status).toBe(400);
		expect(bad.body.errors[0].message).toBe("'start' must be a non-negative integer");
	});

	test('unknown job, unknown batch, or a batch of another job: 404', async () => {
		const { api, jobId } = await startWithJob();
		const otherJob = (await api.createJob()).body.id;
		const batchId = (await api.sendBatch(jobId, records(1))).body.id;
		const unknownJob = await api.getBatch('777777', batchId);
		expect(unknownJob.status).toBe(404);
		expect(unknownJob.body).toEqual({ errors: [{ code: '404', message: 'Job 777777 not found' }] });
		const unknownBatch = await api.getBatch(jobId, '888888');
		expect(unknownBatch.body).toEqual({
			errors: [{ code: '404', message: 'Batch 888888 not found' }],
		});
		const wrongJob = await api.getBatch(otherJob, batchId);
		expect(wrongJob.status).toBe(404);
		expect(wrongJob.body).toEqual({
			errors: [{ code: '404', message: `Batch ${batchId} not found` }],
		});
	});
});

describe('record failures', () => {
	test('the recordFailure option fails records; failed records are not stored', async () => {
		const recordFailure = (entity) =>
			entity.locationRef === 'LOC_X'
				? { responseCode: '404', message: 'Location LOC_X not found' }
				: null;
		const { sim, api, jobId } = await startWithJob({ recordFailure });
		const batchId = (await api.sendBatch(jobId, [record(1), record(2, { locationRef: 'LOC_X' })]))
			.body.id;
		await sim.settle();
		const { body } = await api.getBatch(jobId, batchId);
		expect(body.status).toBe('COMPLETE');
		expect(body.results[1]).toEqual({
			entityRef: 'SKU_2:LOC_X',
			responseCode: '404',
			message: 'Location LOC_X not found',
		});
		expect(sim.store.get('1', 'LOC_X', 'SKU_2')).toBeUndefined();
		expect(sim.store.size).toBe(1);
	});

	test('faults.failRecords(predicate, {responseCode, message}) with a fixed or computed message', async () => {
		const { sim, api, jobId } = await startWithJob();
		sim.faults.failRecords((entity) => entity.skuRef === 'SKU_2', {
			responseCode: '404',
			message: 'SKU not found',
		});
		sim.faults.failRecords((entity) => entity.qty > 2, {
			responseCode: 500,
			message: (entity) => `could not store ${entity.skuRef}`,
		});
		const batchId = (await api.sendBatch(jobId, records(3))).body.id;
		await sim.settle();
		const codes = (await api.getBatch(jobId, batchId)).body.results.map(
			({ responseCode, message }) => [responseCode, message],
		);
		expect(codes).toEqual([
			['200', 'Success'],
			['404', 'SKU not found'],
			['500', 'could not store SKU_3'],
		]);
		expect([...sim.store.records()].map((stored) => stored.skuRef)).toEqual(['SKU_1']);
	});
});
