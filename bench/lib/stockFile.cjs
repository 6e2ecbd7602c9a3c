'use strict';

/**
 * The stock file of the benchmarks: N stock positions as an ERP export would have them, about
 * 40 bytes a CSV row (40 MB at 1,000,000 rows), every SKU once, so that no row is a duplicate.
 */

const fs = require('node:fs');

const CSV_HEADER = 'skuRef,locationRef,qty';

/** Row `index` of the stock file. */
function stockRow(index) {
	const sku = `SKU-${String(index).padStart(8, '0')}-BLU-XL`;
	const location = `STORE-${String(index % 997).padStart(4, '0')}-LDN`;
	return { skuRef: sku, locationRef: location, qty: (index * 7919) % 5000 };
}

/**
 * Writes the rows in blocks of 10,000 to the open files: `csv` (header and one line a row),
 * and optionally `jsonLines` (one object a line) and `jsonArray` (one array of objects).
 */
function writeStockRows(count, { csv, jsonLines, jsonArray }) {
	if (csv !== undefined) fs.writeSync(csv, `${CSV_HEADER}\n`);
	if (jsonArray !== undefined) fs.writeSync(jsonArray, '[\n');
	const block = 10_000;
	for (let first = 0; first < count; first += block) {
		const rows = [];
		for (let index = first; index < Math.min(count, first + block); index++) rows.push(stockRow(index));
		if (csv !== undefined) fs.writeSync(csv, rows.map((row) => `${row.skuRef},${row.locationRef},${row.qty}\n`).join(''));
		if (jsonLines === undefined && jsonArray === undefined) continue;
		const json = rows.map((row) => JSON.stringify(row));
		if (jsonLines !== undefined) fs.writeSync(jsonLines, `${json.join('\n')}\n`);
		const last = first + block >= count;
		if (jsonArray !== undefined) fs.writeSync(jsonArray, `${json.join(',\n')}${last ? '\n]\n' : ',\n'}`);
	}
	if (count === 0 && jsonArray !== undefined) fs.writeSync(jsonArray, ']\n');
}

/** Writes a CSV stock file of `count` rows to `file`; returns its size in bytes. */
function writeStockCsv(file, count) {
	const csv = fs.openSync(file, 'w');
	try {
		writeStockRows(count, { csv });
	} finally {
		fs.closeSync(csv);
	}
	return fs.statSync(file).size;
}

module.exports = { CSV_HEADER, stockRow, writeStockRows, writeStockCsv };
