'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { readCsv, randomSource } = require('./fileReaders.cjs');

const spectrum = path.dirname(require.resolve('csv-spectrum/package.json'));
const cases = fs.readdirSync(path.join(spectrum, 'csvs')).map((file) => path.basename(file, '.csv'));

function toObjects({ header, rows }) {
	return rows.map((row) => {
		expect(row.problem).toBeUndefined();
		return Object.fromEntries(header.map((name, index) => [name, row.fields[index]]));
	});
}

describe('csv-spectrum', () => {
	test('has its twelve cases', () => {
		expect(cases.length).toBe(12);
	});

	test.each(cases)('%s: whole, byte by byte and in random chunks', async (name) => {
		const csv = fs.readFileSync(path.join(spectrum, 'csvs', `${name}.csv`));
		let expected = JSON.parse(fs.readFileSync(path.join(spectrum, 'json', `${name}.json`), 'utf8'));
		if (!Array.isArray(expected)) expected = [expected];
		if (name === 'location_coordinates') {
			// csv-spectrum's JSON for this case has another phone number than its CSV file.
			expect(csv.toString()).toContain('2095257564,');
			expected = [{ ...expected[0], 'Contact Phone Number': '2095257564' }];
		}
		const random = randomSource(cases.indexOf(name) + 1);
		for (const size of [65536, 1, 2, 3, random, random]) {
			expect(toObjects(await readCsv(csv, size))).toEqual(expected);
		}
	});
});
