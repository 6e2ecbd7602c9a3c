const { fieldSource, readInputField } = require('../harness/internals.cjs');

describe('how a Define Below field is filled', () => {
	test.each([
		['SKU-1', { kind: 'fixed', value: 'SKU-1' }],
		[12, { kind: 'fixed', value: 12 }],
		['={{ $json.article }}', { kind: 'inputField', path: ['article'] }],
		['={{$json.stock.onHand}}', { kind: 'inputField', path: ['stock', 'onHand'] }],
		['={{ $json["Store Code"] }}', { kind: 'inputField', path: ['Store Code'] }],
		["={{ $json['qty'] }}", { kind: 'inputField', path: ['qty'] }],
		['={{ $json.qty + 1 }}', { kind: 'expression' }],
		['=SKU-{{ $json.article }}', { kind: 'expression' }],
		['={{ $json }}', { kind: 'expression' }],
		['={{ $json.a[0] }}', { kind: 'expression' }],
		["={{ $('Read File').item.json.qty }}", { kind: 'expression' }],
	])('%j', (raw, expected) => {
		expect(fieldSource(raw)).toEqual(expected);
	});

	test('reads nested input fields and gives undefined for what is not there', () => {
		const json = { stock: { onHand: 4 }, 'Store Code': 'S1' };
		expect(readInputField(json, ['stock', 'onHand'])).toBe(4);
		expect(readInputField(json, ['Store Code'])).toBe('S1');
		expect(readInputField(json, ['stock', 'missing', 'deeper'])).toBeUndefined();
	});
});
