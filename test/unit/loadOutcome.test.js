// Create Batch's output items and its error output are both built from the typed load outcome,
// so the error output does not depend on the names of the output items' fields.
const {
	errorOutputItem,
	notLoadedRecords,
	outcomeItem,
	recordsFromInputItems,
} = require('../harness/internals.cjs');

const record = (skuRef) => ({ retailerId: '1', skuRef, locationRef: 'L', qty: 1 });
const items = [record('A'), record('B'), { skuRef: 'C', qty: 'x' }, record('D')].map((json) => ({ json }));
const batches = [[0, 1], [3]];
const outcome = {
	batchCount: 2,
	entries: [
		{
			kind: 'sentBatch',
			batch: { batchNumber: 1, itemIndexes: [0, 1], recordCount: 2, jobId: '17', batchId: '18', status: 'COMPLETE' },
			results: {
				waitedSeconds: 2,
				summary: {
					recordsReported: 2, recordsSucceeded: 1, recordsFailed: 1,
					failedRecords: [{ entityRef: 'B:L', responseCode: '404', message: 'Location not found' }],
				},
			},
		},
		{
			kind: 'unsentBatch', jobId: '17', batchNumber: 2, itemIndexes: [3],
			error: { message: 'Batch 2 failed', description: 'Running the load again is safe.' },
		},
		{
			kind: 'invalidItem', itemIndex: 2,
			problems: [{ itemIndex: 2, field: 'qty', value: 'x', problem: 'must be a whole number', fix: 'Give qty as a whole number.', code: 'NOT_A_WHOLE_NUMBER' }],
		},
	],
};
const records = recordsFromInputItems({ batches, recordAt: (itemIndex) => items[itemIndex].json, items });

test('the output items of an item load are built from its typed outcome', () => {
	const output = outcome.entries.map((entry) => outcomeItem(entry, outcome));
	expect(output.map(({ json }) => json.code)).toEqual([undefined, 'BATCH_NOT_SENT', 'NOT_A_WHOLE_NUMBER']);
	expect(output[0].json).toEqual(expect.objectContaining({
		jobId: '17', batchId: '18', batchNumber: 1, batchCount: 2, recordCount: 2, recordsFailed: 1, waitedSeconds: 2,
	}));
	expect(output.map(({ pairedItem }) => pairedItem)).toEqual([
		[{ item: 0 }, { item: 1 }], [{ item: 3 }], { item: 2 },
	]);
});

test('the error output of an item load is built from its typed outcome, not from its output items', async () => {
	const errors = (await notLoadedRecords(outcome, records)).map(errorOutputItem);
	expect(errors.map(({ json }) => [json.error.kind, json.error.code, json.error.itemIndex])).toEqual([
		['rejectedByFluent', 'REJECTED_BY_FLUENT', 1],
		['notSent', 'BATCH_NOT_SENT', 3],
		['invalid', 'NOT_A_WHOLE_NUMBER', 2],
	]);
	expect(errors.map(({ pairedItem }) => pairedItem)).toEqual([[{ item: 1 }], [{ item: 3 }], [{ item: 2 }]]);
	expect(errors[0].json.error).toEqual(expect.objectContaining({
		jobId: '17', batchId: '18', batchNumber: 1, entityRef: 'B:L', responseCode: '404',
		message: 'Location not found', record: record('B'),
	}));
	expect(errors[1].json).toEqual({
		message: 'item 3 was not loaded: Batch 2 failed',
		error: expect.objectContaining({ record: record('D'), description: 'Running the load again is safe.' }),
	});
	expect(errors[2].json.error).toEqual(expect.objectContaining({
		message: 'qty must be a whole number', description: 'Give qty as a whole number.',
	}));
});
