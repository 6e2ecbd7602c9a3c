const { PositionHashes, BatchBodyWriter, csvDelimiter } = require('../harness/internals.cjs');

describe('PositionHashes: candidates for repeated stock positions', () => {
	test('a repeated key is a candidate naming every earlier row with it; 300,000 distinct keys give none', () => {
		const hashes = new PositionHashes();
		const keyOf = (number) => ({ retailer: '1', location: `LOC-${number % 7}`, sku: `SKU-${String(number).padStart(7, '0')}`, type: 'LAST_ON_HAND', ref: '' });
		const candidates = [];
		for (let ordinal = 0; ordinal < 300000; ordinal++) {
			const earlier = hashes.add(keyOf(ordinal), ordinal);
			if (earlier) candidates.push([ordinal, earlier]);
		}
		expect(candidates).toEqual([]);
		expect(hashes.add(keyOf(12345), 300000)).toEqual([12345]);
		expect(hashes.add(keyOf(12345), 300001).sort((a, b) => a - b)).toEqual([12345, 300000]);
		expect(hashes.add(keyOf(300002), 300002)).toBeUndefined();
	});

	test('the parts are hashed apart: text that moves from one part to the next is another position', () => {
		const hashes = new PositionHashes();
		const position = (location, sku) => ({ retailer: '1', location, sku, type: 'LAST_ON_HAND', ref: '' });
		expect(hashes.add(position('LOC-1', 'SKU-12'), 0)).toBeUndefined();
		expect(hashes.add(position('LOC-1S', 'KU-12'), 1)).toBeUndefined();
		expect(hashes.add(position('LOC-', '1SKU-12'), 2)).toBeUndefined();
		expect(hashes.add(position('LOC-1', 'SKU-12'), 3)).toEqual([0]);
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
		for (const size of [1, 3000, 17, 20000]) {
			const records = Array.from({ length: size }, () => record(next++));
			for (const each of records) writer.add(each);
			expect(writer.recordCount).toBe(size);
			const body = writer.take();
			expect(body.recordCount).toBe(size);
			expect(body.bytes.toString('utf8')).toBe(JSON.stringify({ ...batchFields, entities: records }));
			expect(writer.recordCount).toBe(0);
		}
	});

	test('a body without records is an empty entities list', () => {
		const body = new BatchBodyWriter({ action: 'UPSERT', entityType: 'INVENTORY' }).take();
		expect(JSON.parse(body.bytes.toString('utf8'))).toEqual({ action: 'UPSERT', entityType: 'INVENTORY', entities: [] });
		expect(body.recordCount).toBe(0);
	});
});
