'use strict';

/** Creating batches: what is accepted, what is refused. */

const { T0, startSim, startWithJob, record, records } = require('./simulatorKit.cjs');

describe('batch create', () => {
	test('accepts a batch: 200 {"id":"<string>"} and stores its fields', async () => {
		const { sim, api, jobId } = await startWithJob();
		const fields = { source: 'ERP', event: 'InventoryChanged', catalogueRef: 'DEFAULT:1' };
		const reply = await api.sendBatch(jobId, records(3), fields);
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({ id: expect.stringMatching(/^\d+$/) });
		expect(sim.stats().batches).toEqual([
			{
				jobId,
				batchId: reply.body.id,
				entityCount: 3,
				status: 'PENDING',
				source: 'ERP',
				event: 'InventoryChanged',
				catalogueRef: 'DEFAULT:1',
				createdOn: new Date(T0).toISOString(),
			},
		]);
	});

	test("batchCreateResponse 'id-and-status' and batchCreateStatusCode 201", async () => {
		const { api, jobId } = await startWithJob({
			batchCreateResponse: 'id-and-status',
			batchCreateStatusCode: 201,
		});
		const reply = await api.sendBatch(jobId, records(1));
		expect(reply.status).toBe(201);
		expect(reply.body).toEqual({ id: expect.any(String), status: 'PENDING' });
	});

	test('unknown job: 404', async () => {
		const { api } = await startSim();
		await api.login();
		const reply = await api.sendBatch('424242', records(1));
		expect(reply.status).toBe(404);
		expect(reply.body).toEqual({ errors: [{ code: '404', message: 'Job 424242 not found' }] });
	});

	test.each([
		['action CREATE', { action: 'CREATE' }, "'action' must be one of [UPSERT]"],
		['no action', { action: undefined }, "'action' is required"],
		['entityType PRODUCT', { entityType: 'PRODUCT' }, "'entityType' must be one of [INVENTORY]"],
		['numeric source', { source: 42 }, "'source' must be a string"],
	])('bad batch-level field (%s): 400', async (_label, fields, message) => {
		const { api, jobId } = await startWithJob();
		const reply = await api.sendBatch(jobId, records(1), fields);
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({ errors: [{ code: '400', message }] });
	});

	test('no entities or an empty array: 400', async () => {
		const { api, jobId } = await startWithJob();
		const missing = await api.request('POST', `/api/v4.1/job/${jobId}/batch`, {
			action: 'UPSERT',
			entityType: 'INVENTORY',
		});
		expect(missing.status).toBe(400);
		expect(missing.body.errors[0].message).toBe("'entities' is required");
		const empty = await api.sendBatch(jobId, []);
		expect(empty.status).toBe(400);
		expect(empty.body.errors[0].message).toBe("'entities' must not be empty");
	});

	test('more than 5000 entities: 400; the limit is configurable', async () => {
		const { sim, api, jobId } = await startWithJob();
		expect((await api.sendBatch(jobId, records(5000))).status).toBe(200);
		const tooMany = await api.sendBatch(jobId, records(5001));
		expect(tooMany.status).toBe(400);
		expect(tooMany.body).toEqual({
			errors: [{ code: '400', message: 'Batch exceeds the maximum of 5000 entities' }],
		});
		sim.config.maxBatchSize = 2;
		expect((await api.sendBatch(jobId, records(3))).body.errors[0].message).toBe(
			'Batch exceeds the maximum of 2 entities',
		);
	});

	test('a body that is not JSON: 400', async () => {
		const { api, jobId } = await startWithJob();
		const reply = await api.request('POST', `/api/v4.1/job/${jobId}/batch`, 'action=UPSERT');
		expect(reply.status).toBe(400);
		expect(reply.body.errors[0].message).toBe('Malformed JSON request body');
	});

	test.each([
		['no skuRef', { skuRef: undefined }, 'entities[1].skuRef is required'],
		['empty locationRef', { locationRef: '' }, 'entities[1].locationRef is required'],
		['no retailerId', { retailerId: undefined }, 'entities[1].retailerId is required'],
		['no qty', { qty: undefined }, 'entities[1].qty is required'],
		['qty 1.5', { qty: 1.5 }, 'entities[1].qty must be an integer'],
		['qty "5"', { qty: '5' }, 'entities[1].qty must be an integer'],
		['qty -1', { qty: -1 }, 'entities[1].qty must not be negative'],
		['correctedQty "x"', { correctedQty: 'x' }, 'entities[1].correctedQty must be an integer'],
	])(
		"invalid entity (%s) in 'reject-batch' mode: whole batch 400",
		async (_label, overrides, message) => {
			const { sim, api, jobId } = await startWithJob();
			const reply = await api.sendBatch(jobId, [record(1), record(2, overrides), record(3)]);
			expect(reply.status).toBe(400);
			expect(reply.body).toEqual({ errors: [{ code: '400', message }] });
			expect(sim.stats().batches).toHaveLength(0);
		},
	);

	test('reject-batch lists each invalid entity, up to 20', async () => {
		const { api, jobId } = await startWithJob();
		const reply = await api.sendBatch(jobId, records(30, { qty: -1 }));
		expect(reply.body.errors).toHaveLength(21);
		expect(reply.body.errors[0].message).toBe('entities[0].qty must not be negative');
		expect(reply.body.errors[20].message).toBe('10 more invalid entities not listed');
	});

	test("'per-record' mode: accepted, the invalid record gets a 400 result and is not stored", async () => {
		const { sim, api, jobId } = await startWithJob({ invalidEntityMode: 'per-record' });
		const reply = await api.sendBatch(jobId, [
			record(1),
			record(2, { qty: 'many' }),
			'not an object',
		]);
		expect(reply.status).toBe(200);
		sim.advance(1000);
		const batch = await api.getBatch(jobId, reply.body.id);
		expect(batch.body.results).toEqual([
			{
				entityId: expect.any(String),
				entityRef: 'SKU_1:LOC_1',
				responseCode: '200',
				message: 'Success',
			},
			{ entityRef: 'SKU_2:LOC_1', responseCode: '400', message: 'qty must be an integer' },
			{ entityRef: '', responseCode: '400', message: 'must be an object' },
		]);
		expect(sim.store.size).toBe(1);
		expect(sim.store.get('1', 'LOC_1', 'SKU_2')).toBeUndefined();
	});
});
