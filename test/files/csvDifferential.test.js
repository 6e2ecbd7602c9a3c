'use strict';

const { parse } = require('csv-parse/sync');
const { readCsv, randomSource } = require('./fileReaders.cjs');

const FILES = 300;
const DELIMITERS = [',', ';', '\t', '|'];
const WORDS = ['SKU-1', 'LOC 2', '12', '-3', 'é', 'Straße', '日本語', '😀', 'a😀b', 'ʤ', ' x ', 'Z'];

/** A value and how it is written: plain, quoted, or with a quote inside an unquoted value. */
function randomValue(random, delimiter) {
	const kind = random.int(0, 9);
	if (kind === 0) return { value: '', text: random.chance(0.5) ? '' : '""' };
	if (kind === 1) return { value: '   ', text: '   ' };
	let value = '';
	for (let count = random.int(1, 4); count > 0; count--) value += random.pick(WORDS);
	if (kind <= 4) return { value, text: random.chance(0.2) ? `"${value}"` : value };
	if (kind === 5) {
		// A quote inside an unquoted value is an ordinary character (as in 37°36'37.8"N).
		const mixed = `${value}"${random.pick(WORDS)}`;
		return { value: mixed, text: mixed };
	}
	const specials = [delimiter, '"', '\n', '\r\n', '\r', '""', `${delimiter}${delimiter}`];
	for (let count = random.int(1, 3); count > 0; count--) {
		const characters = Array.from(value);
		characters.splice(random.int(0, characters.length), 0, random.pick(specials));
		value = characters.join('');
	}
	return { value, text: `"${value.replace(/"/g, '""')}"` };
}

function lineBreaks(text) {
	return (text.match(/\r\n|\r|\n/g) ?? []).length;
}

/**
 * A nasty CSV file, and what reading it must give: the header, and each row that is not
 * blank with the line it starts on, its values and whether its value count is wrong.
 */
function generateFile(random) {
	const delimiter = random.pick(DELIMITERS);
	const columns = random.int(1, 6);
	const header = Array.from({ length: columns }, (_, index) => `${random.pick(WORDS)}${index}`);
	const rows = [header.map((name) => ({ value: name, text: random.chance(0.3) ? `"${name}"` : name }))];
	for (let count = random.int(0, 30); count > 0; count--) {
		let width = columns;
		if (random.chance(0.08)) width = Math.max(1, columns + random.pick([-1, 1, 2]));
		const blank = random.chance(0.05);
		rows.push(
			Array.from({ length: width }, () => (blank ? { value: '', text: '' } : randomValue(random, delimiter))),
		);
	}
	let text = random.chance(0.3) ? '\uFEFF' : '';
	// After a lone CR, an LF would join it into one line break: make that CR a CRLF.
	const append = (piece) => {
		text += text.endsWith('\r') && piece.startsWith('\n') ? `\n${piece}` : piece;
	};
	let line = 1;
	const expected = [];
	rows.forEach((row, index) => {
		while (random.chance(0.1)) {
			append(random.pick(['\n', '\r\n']));
			line++;
		}
		const rowText = row.map((value) => value.text).join(delimiter);
		const values = row.map((value) => value.value);
		if (values.some((value) => value.trim() !== '')) {
			expected.push({ line, values, ragged: index > 0 && values.length !== columns });
		}
		const last = index === rows.length - 1;
		const end = last && random.chance(0.4) ? '' : random.pick(['\n', '\r\n', '\n', '\r\n', '\r']);
		append(rowText + end);
		line += lineBreaks(rowText) + (end === '' ? 0 : 1);
	});
	return { text, delimiter, header, expected: expected.slice(1) };
}

describe('CSV parser against csv-parse on generated nasty files', () => {
	test(`${FILES} files, each read whole and in random chunks from 1 byte up`, async () => {
		let rowsCompared = 0;
		let raggedRows = 0;
		for (let seed = 1; seed <= FILES; seed++) {
			const random = randomSource(seed);
			const file = generateFile(random);
			const reference = parse(file.text, {
				bom: true,
				delimiter: file.delimiter,
				record_delimiter: ['\r\n', '\n', '\r'],
				relax_quotes: true,
				relax_column_count: true,
				skip_empty_lines: true,
				skip_records_with_empty_values: true,
			});
			const context = `seed ${seed}: ${JSON.stringify(file.text)}`;
			// The generator and csv-parse agree before the parser is judged (header names are trimmed).
			expect({ context, records: reference }).toEqual({
				context,
				records: [file.header, ...file.expected.map((row) => row.values)],
			});
			for (const size of [65536, 1, random, random]) {
				const result = await readCsv(file.text, size, { delimiter: file.delimiter });
				const rows = result.rows.map((row) => ({
					line: row.line,
					values: row.fields,
					ragged: row.problem !== undefined && /has \d+ values? but the header/.test(row.problem.problem),
				}));
				const expected = file.expected.map((row) => ({
					line: row.line,
					values: row.ragged ? undefined : row.values,
					ragged: row.ragged,
				}));
				expect({ context, header: result.header, rows }).toEqual({
					context,
					header: file.header.map((name) => name.trim()),
					rows: expected,
				});
			}
			rowsCompared += file.expected.length;
			raggedRows += file.expected.filter((row) => row.ragged).length;
		}
		// The generated files do hold what they are meant to test.
		expect(rowsCompared).toBeGreaterThan(FILES * 10);
		expect(raggedRows).toBeGreaterThan(50);
	});
});
