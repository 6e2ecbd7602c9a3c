const { PositionHashes, BatchBodyWriter, csvDelimiter } = require('../harness/internals.cjs');

describe('PositionHashes: candidates for repeated stock positions', () => {
	const positionOf = (number) => ({ retailer: '1', location: `LOC-${number % 7}`, sku: `SKU-${String(number).padStart(7, '0')}`, type: 'LAST_ON_HAND', ref: '' });

	test('a repeated position is one group of every row with it, in order; 300,000 distinct positions give none', () => {
		const hashes = new PositionHashes();
		for (let ordinal = 0; ordinal < 300000; ordinal++) hashes.add(positionOf(ordinal), ordinal);
		expect(hashes.collisions()).toEqual([]);
		hashes.add(positionOf(12345), 300001);
		hashes.add(positionOf(77), 300003);
		hashes.add(positionOf(12345), 300004);
		expect(hashes.collisions().sort((a, b) => a[0] - b[0])).toEqual([
			[77, 300003],
			[12345, 300001, 300004],
		]);
	});

	test('rows taken back (an unreadable file) are in no group', () => {
		const hashes = new PositionHashes();
		hashes.add(positionOf(1), 0);
		hashes.add(positionOf(2), 1);
		hashes.add(positionOf(1), 2);
		hashes.add(positionOf(2), 3);
		hashes.forgetFrom(2);
		expect(hashes.collisions()).toEqual([]);
		hashes.add(positionOf(2), 2);
		expect(hashes.collisions()).toEqual([[1, 2]]);
	});

	test('the parts are hashed apart: text that moves from one part to the next is another position', () => {
		const hashes = new PositionHashes();
		const position = (location, sku) => ({ retailer: '1', location, sku, type: 'LAST_ON_HAND', ref: '' });
		hashes.add(position('LOC-1', 'SKU-12'), 0);
		hashes.add(position('LOC-1S', 'KU-12'), 1);
		hashes.add(position('LOC-', '1SKU-12'), 2);
		expect(hashes.collisions()).toEqual([]);
		hashes.add(position('LOC-1', 'SKU-12'), 3);
		expect(hashes.collisions()).toEqual([[0, 3]]);
	});
});

describe('CSV Delimiter option', () => {
	test.each([
		[',', ','],
		[';', ';'],
		['\\t', '\t'],
		['tab', '\t'],
		[' TAB ', '\t'],
		['\t', '\t'],
		['', ','],
		[undefined, ','],
		['|', '|'],
	])('%j is %j', (raw, delimiter) => {
		expect(csvDelimiter(raw)).toBe(delimiter);
	});
});

describe('BatchBodyWriter: a batch\'s JSON body written as bytes', () => {
	test('each body is the bytes of JSON.stringify({ ...batchFields, entities }), batch after batch, whatever their size', () => {
		const batchFields = { action: 'UPSERT', entityType: 'INVENTORY', source: 'nightly "full" — ü' };
		const writer = new BatchBodyWriter(batchFields);
		const record = (index) => ({
			retailerId: '1',
			skuRef: `SKU-${index}-${'é✓𝄞'.repeat(index % 3)}`,
			locationRef: `LOC-${index % 7}`,
			qty: index,
			...(index % 5 === 0 ? { ref: `R"${index}\\` } : {}),
		});
		let next = 0;
		for (const size of [1, 3000, 17, 20000, 5000, 2]) {
			const records = Array.from({ length: size }, () => record(next++));
			for (const each of records) writer.add(each);
			expect(writer.recordCount).toBe(size);
			const body = writer.take();
			expect(body.recordCount).toBe(size);
			expect(body.bytes.toString('utf8')).toBe(JSON.stringify({ ...batchFields, entities: records }));
			expect(writer.recordCount).toBe(0);
			// Given back, the bytes are written over by a later batch.
			body.release();
			body.release();
		}
	});

	test('bytes given back are used for the next body; bytes not given back are not', () => {
		const writer = new BatchBodyWriter({ action: 'UPSERT', entityType: 'INVENTORY' });
		const write = (count) => {
			for (let index = 0; index < count; index++) writer.add({ skuRef: `S${index}`, locationRef: 'L', qty: index });
			return writer.take();
		};
		const first = write(100);
		const second = write(100);
		expect(second.bytes.buffer).not.toBe(first.bytes.buffer);
		second.release();
		const third = write(50);
		expect(third.bytes.buffer).toBe(second.bytes.buffer);
		expect(JSON.parse(third.bytes.toString('utf8')).entities).toHaveLength(50);
	});

	test('a body without records is an empty entities list', () => {
		const body = new BatchBodyWriter({ action: 'UPSERT', entityType: 'INVENTORY' }).take();
		expect(JSON.parse(body.bytes.toString('utf8'))).toEqual({ action: 'UPSERT', entityType: 'INVENTORY', entities: [] });
		expect(body.recordCount).toBe(0);
	});
});
