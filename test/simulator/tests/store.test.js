'use strict';

/** The inventory store: what Fluent would hold after the batches. */

const { startWithJob, record, records } = require('./simulatorKit.cjs');

describe('store', () => {
	test('keeps the latest values per (retailerId, locationRef, skuRef) and counts arrivals', async () => {
		const { sim, api, jobId } = await startWithJob();
		const firstBatch = (
			await api.sendBatch(jobId, [record(1, { qty: 5, reservedQty: 1 }), record(2)])
		).body.id;
		await sim.settle();
		const secondBatch = (await api.sendBatch(jobId, [record(1, { qty: 7, correctedQty: 2 })])).body
			.id;
		await sim.settle();
		expect(sim.store.get('1', 'LOC_1', 'SKU_1')).toEqual({
			retailerId: '1',
			locationRef: 'LOC_1',
			skuRef: 'SKU_1',
			qty: 7,
			correctedQty: 2,
			entityId: expect.any(String),
			arrivals: 2,
			lastJobId: jobId,
			lastBatchId: secondBatch,
		});
		expect(sim.store.get(1, 'LOC_1', 'SKU_2')).toMatchObject({
			qty: 2,
			arrivals: 1,
			lastBatchId: firstBatch,
		});
		expect(sim.store.get('2', 'LOC_1', 'SKU_1')).toBeUndefined();
		expect(sim.store.size).toBe(2);
		expect(sim.store.totalArrivals).toBe(3);
		expect(sim.store.duplicates().map((stored) => stored.skuRef)).toEqual(['SKU_1']);
		expect(sim.store.summary()).toEqual({ size: 2, totalArrivals: 3, duplicates: 1, qtySum: 9 });
		expect([...sim.store.records()]).toHaveLength(2);
	});

	test('the same record keeps its entityId in every batch result', async () => {
		const { sim, api, jobId } = await startWithJob();
		const first = (await api.sendBatch(jobId, [record(1)])).body.id;
		const second = (await api.sendBatch(jobId, [record(1, { qty: 9 })])).body.id;
		await sim.settle();
		const idIn = async (batchId) => (await api.getBatch(jobId, batchId)).body.results[0].entityId;
		expect(await idIn(first)).toBe(await idIn(second));
	});

	test('batches apply in completion order, so the latest to complete wins', async () => {
		const { sim, api, jobId } = await startWithJob({ perRecordMs: 10 });
		await api.sendBatch(jobId, [record(1, { qty: 100 }), ...records(9).slice(1)]); // 9 records: completes later
		await api.sendBatch(jobId, [record(1, { qty: 1 })]);
		sim.advance(10_000);
		expect(sim.store.get('1', 'LOC_1', 'SKU_1').qty).toBe(100);
	});

	test('reads apply due batches without any request (lazy application)', async () => {
		const { sim, api, jobId } = await startWithJob();
		await api.sendBatch(jobId, records(2));
		expect(sim.store.size).toBe(0);
		sim.advance(31);
		expect(sim.store.size).toBe(0);
		sim.advance(1);
		expect(sim.store.size).toBe(2);
	});

	test('settle() completes every batch that is not stuck, at once', async () => {
		const { sim, api, jobId } = await startWithJob({ pendingMs: 60_000 });
		const normal = (await api.sendBatch(jobId, records(2))).body.id;
		const stuck = (await api.sendBatch(jobId, [record(3)])).body.id;
		sim.faults.stickBatch(stuck);
		expect(await sim.settle()).toEqual({ applied: 1, stuck: 1 });
		expect((await api.getBatch(jobId, normal)).body.status).toBe('COMPLETE');
		expect((await api.getBatch(jobId, stuck)).body.status).toBe('PENDING');
		expect(sim.store.size).toBe(2);
	});
});
