const { PositionHashes, csvDelimiter } = require('../harness/internals.cjs');

describe('PositionHashes: candidates for repeated stock positions', () => {
	test('a repeated key is a candidate naming every earlier row with it; 300,000 distinct keys give none', () => {
		const hashes = new PositionHashes();
		const keyOf = (number) => ['1', `LOC-${number % 7}`, `SKU-${String(number).padStart(7, '0')}`, '', ''].join('\u0000');
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
