const {
	mapInventoryRecord,
	recordProblems,
	stockPositionKey,
	PositionHashes,
	firstOfEachRepeat,
	toRanges,
	describeItems,
	RECORD_FIELDS,
	recordFieldsOf,
} = require('../harness/internals.cjs');

describe('mapping an item to an inventory record', () => {
	test('keeps the record fields, converts CSV numbers and ignores the rest', () => {
		const result = mapInventoryRecord(
			{ skuRef: ' SKU-1 ', locationRef: 'LOC-1', qty: '10', correctedQty: '-2', reservedQty: 3, note: 'x', retailerId: 5 },
			0,
		);
		expect(result).toEqual({
			ok: true,
			hasRetailer: true,
			record: { skuRef: 'SKU-1', locationRef: 'LOC-1', qty: 10, correctedQty: -2, reservedQty: 3, retailerId: '5' },
		});
	});

	test('accepts attributes as an object or JSON text, and whole numbers written as 10.0', () => {
		const result = mapInventoryRecord(
			{ skuRef: 'A', locationRef: 'B', qty: '10.0', attributes: '{"expiresOn":"2026-12-31"}', type: 'LAST_ON_HAND' },
			0,
		);
		expect(result.ok).toBe(true);
		expect(result.record).toEqual(
			expect.objectContaining({ qty: 10, attributes: { expiresOn: '2026-12-31' }, type: 'LAST_ON_HAND' }),
		);
		expect(result.hasRetailer).toBe(false);
	});

	test('empty optional cells count as absent', () => {
		const result = mapInventoryRecord({ skuRef: 'A', locationRef: 'B', qty: 1, correctedQty: '', reservedQty: null }, 0);
		expect(result.record).toEqual({ skuRef: 'A', locationRef: 'B', qty: 1 });
	});

	test('lists every problem of an item with the field, value and a fix', () => {
		const result = mapInventoryRecord({ skuRef: '', qty: 'ten', reservedQty: -1 }, 4);
		expect(result.ok).toBe(false);
		expect(result.problems.map((problem) => [problem.itemIndex, problem.field, problem.problem])).toEqual([
			[4, 'skuRef', 'is missing'],
			[4, 'locationRef', 'is missing'],
			[4, 'qty', 'must be a whole number, but is "ten"'],
			[4, 'reservedQty', 'must not be negative, but is -1'],
		]);
		for (const problem of result.problems) expect(problem.fix).toMatch(/\S/);
	});

	test('the fast record builder accepts exactly the items the detailed check finds nothing wrong with', () => {
		const values = [undefined, null, '', '  ', ' x ', 'x', 0, -0, 7, -3, 2.5, NaN, Infinity, '12', ' 12 ', '-4', '10.0', '1e3', 'ten', 2_147_483_648, true, {}, [], '{"a":1}', '[1]'];
		let checked = 0;
		for (const field of ['skuRef', 'qty', 'retailerId', 'correctedQty', 'reservedQty', 'ref', 'attributes']) {
			for (const value of values) {
				const item = { skuRef: 'S', locationRef: 'L', qty: 1, [field]: value };
				const result = mapInventoryRecord(item, 3);
				expect([field, value, result.ok]).toEqual([field, value, recordProblems(item, 3).length === 0]);
				if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
				checked++;
			}
		}
		expect(checked).toBe(175);
	});

	test('the stock position key tells different positions apart and fills the default retailer', () => {
		const a = { skuRef: 'S', locationRef: 'L' };
		expect(stockPositionKey(a, '1')).toBe(stockPositionKey({ ...a, retailerId: '1' }, '9'));
		expect(stockPositionKey(a, '1')).not.toBe(stockPositionKey({ ...a, type: 'IN_TRANSIT' }, '1'));
	});
});

describe('finding the same stock position twice', () => {
	test('reports the earlier item, also after hash collisions in a small table', () => {
		const positions = Array.from({ length: 500 }, (_, index) => ({
			retailer: '1',
			location: 'LOC-1',
			sku: `SKU-${index % 400}`,
			type: 'LAST_ON_HAND',
			ref: '',
		}));
		const hashes = new PositionHashes(10);
		positions.forEach((position, itemIndex) => hashes.add(position, itemIndex));
		const duplicates = [...firstOfEachRepeat(hashes, (itemIndex) => positions[itemIndex])].sort(
			(a, b) => a[0] - b[0],
		);
		expect(duplicates).toHaveLength(100);
		expect(duplicates[0]).toEqual([400, 0]);
		expect(duplicates[99]).toEqual([499, 99]);
	});

	test('positions whose hashes collide are told apart, and each repeat names the first item with its position', () => {
		const a = { retailer: '1', location: 'L', sku: 'A', type: 'LAST_ON_HAND', ref: '' };
		const b = { ...a, sku: 'B' };
		const positions = [a, b, a, b, a];
		// Every position given the same hash: only comparing the positions tells them apart.
		const allColliding = { collisions: () => [[0, 1, 2, 3, 4]] };
		const firsts = firstOfEachRepeat(allColliding, (itemIndex) => positions[itemIndex]);
		expect([...firsts].sort((x, y) => x[0] - y[0])).toEqual([[2, 0], [3, 1], [4, 0]]);
	});
});

describe('item ranges', () => {
	test('compress and read well', () => {
		expect(toRanges([0, 1, 2, 5, 7, 8])).toEqual([[0, 2], [5, 5], [7, 8]]);
		expect(describeItems([0, 1, 2, 5])).toBe('items 0–2 and 5');
		expect(describeItems([5000, 5001, 9999].slice(0, 2))).toBe('items 5,000–5,001');
		expect(describeItems([3])).toBe('item 3');
	});
});

describe('a file row\'s record fields', () => {
	test('recordFieldsOf gives every record field, in RECORD_FIELDS\' order, the value of its index', () => {
		const fields = recordFieldsOf((index) => `value ${index}`);
		expect(Object.keys(fields)).toEqual(RECORD_FIELDS.map((field) => field.id));
		expect(Object.values(fields)).toEqual(RECORD_FIELDS.map((_, index) => `value ${index}`));
	});

	test.each([
		['0', 0],
		['007', 7],
		['123456789', 123456789],
		['1234567890', 1234567890],
		[' 12 ', 12],
		['+5', 5],
		['12.0', 12],
	])('quantity text %j is %j', (text, qty) => {
		expect(mapInventoryRecord({ skuRef: 'S', locationRef: 'L', qty: text }, 0).record.qty).toBe(qty);
	});

	test.each(['1e3', '12a', '2147483648', '-1', '1.5', '١٢'])('quantity text %j is refused', (text) => {
		expect(mapInventoryRecord({ skuRef: 'S', locationRef: 'L', qty: text }, 0).ok).toBe(false);
	});
});
