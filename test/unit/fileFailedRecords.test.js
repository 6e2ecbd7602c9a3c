// How a file load finds the rows of Fluent's failed records again: only the batches asked for,
// each file read at most once and only as far as needed, and every failure reported even when
// a file cannot be read again.
const { checkFiles, FileBatchReader, notLoadedRecords } = require('../harness/internals.cjs');
const { inventoryItems } = require('../harness/inventory.cjs');
const { csvOf } = require('../harness/binaryFiles.cjs');

const CSV = { binaryPropertyName: 'data', fileFormat: 'csv', csvDelimiter: ',', columnOf: new Map() };
const RETAILER = { parameter: { sameForAll: true, valueAt: () => '' }, value: '1', resolveLater: false };
const HOOKS = { onUnreadable: () => {}, stopIfCancelled: () => {} };

/** An input item's file that counts its reads and the 100-byte pieces each read took. */
function countedFile(itemIndex, name, text) {
	const bytes = Buffer.from(text, 'utf8');
	const file = {
		itemIndex,
		name,
		reads: [],
		async open() {
			const read = { pieces: 0 };
			file.reads.push(read);
			return (async function* () {
				for (let offset = 0; offset < bytes.length; offset += 100) {
					read.pieces++;
					yield bytes.subarray(offset, offset + 100);
				}
			})();
		},
		pieceCount: Math.ceil(bytes.length / 100),
	};
	return file;
}

async function readerOf(files, batchSize) {
	const plan = await checkFiles(files, CSV, RETAILER, HOOKS);
	return new FileBatchReader(plan, CSV, batchSize);
}

async function collect(iterable) {
	const batches = [];
	for await (const batch of iterable) batches.push(batch);
	return batches;
}

describe('FileBatchReader: the batches of a file load read again', () => {
	test('only the batches asked for; a file without one is not opened, a file is read only up to its last one', async () => {
		const first = inventoryItems(3000);
		first[5].qty = 'x';
		const north = countedFile(0, 'north.csv', csvOf(first));
		const south = countedFile(1, 'south.csv', csvOf(inventoryItems(2500, { offset: 3000 })));
		const east = countedFile(2, 'east.csv', csvOf(inventoryItems(30, { offset: 5500 })));
		const reader = await readerOf([north, south, east], 1000);
		// north: batches 0-2 (2,999 valid rows), south: 3-5, east: 6.
		expect(reader.spans.map((span) => [span.planned.file.name, span.recordCount])).toEqual([
			['north.csv', 1000], ['north.csv', 1000], ['north.csv', 999],
			['south.csv', 1000], ['south.csv', 1000], ['south.csv', 500],
			['east.csv', 30],
		]);
		for (const file of [north, south, east]) file.reads.length = 0;

		const batches = await collect(reader.records.readBatches([0, 2, 6]));
		expect(batches.map((batch) => [batch.position, batch.records.length])).toEqual([
			[0, 1000],
			[2, 999],
			[6, 30],
		]);
		// Row 5 (line 7) is invalid, so batch 0 holds lines 2–6 and 8–1,002.
		expect(batches[0].origins.slice(3, 6)).toEqual([
			{ itemIndex: 0, fileName: 'north.csv', line: 5 },
			{ itemIndex: 0, fileName: 'north.csv', line: 6 },
			{ itemIndex: 0, fileName: 'north.csv', line: 8 },
		]);
		expect(batches[0].records[5]).toEqual({ ...first[6], retailerId: '1' });
		expect(batches[1].origins.at(-1)).toEqual({ itemIndex: 0, fileName: 'north.csv', line: 3001 });
		expect(batches[1].records.at(-1)).toEqual(expect.objectContaining({ skuRef: first[2999].skuRef }));
		expect(batches[2].origins[0]).toEqual({ itemIndex: 2, fileName: 'east.csv', line: 2 });
		expect([north.reads.length, south.reads.length, east.reads.length]).toEqual([1, 0, 1]);

		const early = await collect(reader.records.readBatches([3]));
		expect(early.map((batch) => batch.position)).toEqual([3]);
		expect(south.reads).toHaveLength(1);
		expect(south.reads[0].pieces).toBeLessThan(south.pieceCount / 2);
	});

	test('a file that now gives fewer rows than were planned is a changed file, not a short batch', async () => {
		const records = inventoryItems(25);
		const file = countedFile(0, 'stock.csv', csvOf(records));
		const reader = await readerOf([file], 10);
		file.open = countedFile(0, 'stock.csv', csvOf(records.slice(0, 22))).open;
		await expect(collect(reader.records.readBatches([2]))).rejects.toThrow('stock.csv changed while it was being loaded');
	});
});

describe('notLoadedRecords: a file that cannot be read again', () => {
	// The typed outcome of a file load whose first batch Fluent answered with one failure and
	// whose second batch was not sent; the error entries are built from it, not from output json.
	const stockFile = { planned: { file: { itemIndex: 1, name: 'stock.csv' } } };
	const sentBatch = {
		kind: 'sentBatch',
		batch: {
			jobId: '17', batchId: '18', status: 'COMPLETE', recordCount: 10, batchNumber: 1, itemIndexes: [1],
		},
		results: {
			waitedSeconds: 1,
			summary: {
				recordsReported: 10, recordsSucceeded: 9, recordsFailed: 1,
				failedRecords: [{ entityRef: 'SKU-1:LOC-1', responseCode: '404', message: 'Location not found' }],
			},
		},
	};
	const unsentBatch = {
		kind: 'unsentBatch',
		jobId: '17', batchNumber: 2, itemIndexes: [1],
		error: { message: 'Batch 2 was not sent because batch 1 failed', description: 'Running the load again is safe.' },
	};
	const outcome = {
		entries: [sentBatch, unsentBatch],
		batchCount: 2,
		fileSpans: [
			{ ...stockFile, recordCount: 10, firstLine: 2, lastLine: 11 },
			{ ...stockFile, recordCount: 5 },
		],
	};
	const unreadable = {
		fromFiles: true,
		async *readBatches() {
			throw new Error('stock.csv changed while it was being loaded');
		},
		inputJson: () => ({}),
	};

	test('each failure is still reported with its file, and a batch not sent as one entry', async () => {
		const entries = await notLoadedRecords(outcome, unreadable);
		expect(entries).toEqual([
			expect.objectContaining({
				kind: 'rejectedByFluent',
				origin: { itemIndex: 1, fileName: 'stock.csv' },
				pairedItem: [{ item: 1 }],
				entityRef: 'SKU-1:LOC-1',
				error: 'Fluent rejected a record of batch 18 from stock.csv (entityRef SKU-1:LOC-1): 404 Location not found',
				description:
					'The records of this batch could not be read again to find this one (stock.csv changed while it was being loaded). The other records were loaded.',
			}),
			expect.objectContaining({
				kind: 'notSent',
				origin: { itemIndex: 1, fileName: 'stock.csv' },
				pairedItem: [{ item: 1 }],
				error: 'The 5 records of batch 2 from stock.csv were not loaded: Batch 2 was not sent because batch 1 failed',
			}),
		]);
		expect(entries[1].record).toBeUndefined();
		expect(entries[1].description).toBe(
			'The records of this batch could not be read again to list them one by one (stock.csv changed while it was being loaded). Running the load again is safe.',
		);
	});
});
