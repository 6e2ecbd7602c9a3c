'use strict';

const { Readable } = require('node:stream');
const { readCsv, readCsvFile, readError, chunked, randomSource, describeFileProblem } = require('./fileReaders.cjs');

const SIZES = [65536, 1, 2, 5];

/** Reads the file in several chunkings; they must all give the same result. */
async function readEveryWay(text, options) {
	const whole = await readCsv(text, 65536, options);
	for (const size of [...SIZES.slice(1), randomSource(text.length)]) {
		const result = await readCsv(text, size, options);
		expect({ header: result.header, headerLine: result.headerLine, rows: result.rows }).toEqual({
			header: whole.header,
			headerLine: whole.headerLine,
			rows: whole.rows,
		});
	}
	return whole;
}

async function errorEveryWay(text, options) {
	const errors = [];
	for (const size of SIZES) errors.push(await readError(() => readCsv(text, size, options)));
	for (const error of errors) expect(error.message).toBe(errors[0].message);
	return errors[0];
}

const lines = (rows) => rows.map((row) => [row.line, row.fields ?? describeFileProblem(row.problem)]);

describe('CSV rows', () => {
	test('rows carry the line they start on, across quoted line breaks, CRLF, CR and blank lines', async () => {
		const text = 'sku,loc,qty\r\nA,"one\r\ntwo\nthree\rfour",1\r\n\r\n\nB,L,2\rC,L,3\n"D","L",4';
		const { header, rows } = await readEveryWay(text);
		expect(header).toEqual(['sku', 'loc', 'qty']);
		expect(lines(rows)).toEqual([
			[2, ['A', 'one\r\ntwo\nthree\rfour', '1']],
			[8, ['B', 'L', '2']],
			[9, ['C', 'L', '3']],
			[10, ['D', 'L', '4']],
		]);
	});

	test('a ragged row is a problem for its own line and the rows after it still come', async () => {
		const text = 'sku;loc;qty\nA;L;1\nB;L\n"C;x";L;3;extra\nD;"L\n2";4\nE;L;5\n';
		const { rows } = await readEveryWay(text, { delimiter: ';' });
		expect(lines(rows)).toEqual([
			[2, ['A', 'L', '1']],
			[3, 'line 3: has 2 values but the header (line 1) has 3 columns. Put values that contain ";" in double quotes, and give every row one value per column'],
			[4, 'line 4: has 4 values but the header (line 1) has 3 columns. Put values that contain ";" in double quotes, and give every row one value per column'],
			[5, ['D', 'L\n2', '4']],
			[7, ['E', 'L', '5']],
		]);
		expect(rows[1].problem.line).toBe(3);
	});

	test('tab and any single character delimit; the other delimiters are then ordinary text', async () => {
		const tab = await readEveryWay('a\tb\n1,2\t"x\ty"\n', { delimiter: '\t' });
		expect(lines(tab.rows)).toEqual([[2, ['1,2', 'x\ty']]]);
		const pipe = await readEveryWay('a|b\n1;2|3\n', { delimiter: '|' });
		expect(lines(pipe.rows)).toEqual([[2, ['1;2', '3']]]);
	});

	test('a byte-order mark is not part of the first column name; names lose surrounding spaces', async () => {
		const { header, rows } = await readEveryWay('\uFEFFskuRef , locationRef,"qty"\n A , B ,1\n');
		expect(header).toEqual(['skuRef', 'locationRef', 'qty']);
		expect(rows[0].fields).toEqual([' A ', ' B ', '1']);
	});

	test('a quote inside an unquoted value is an ordinary character (lenient)', async () => {
		const { rows } = await readEveryWay('a,b\n12" screen,O\'Neil "Jr"\n');
		expect(lines(rows)).toEqual([[2, ['12" screen', 'O\'Neil "Jr"']]]);
	});

	test('characters after a closing quote make that row a problem, and reading goes on', async () => {
		const { rows } = await readEveryWay('sku,name,qty\nA,"24" wide",1\nB,"ok",2\n');
		expect(lines(rows)).toEqual([
			[2, 'line 2: in column 2 ("name"), a quoted value has characters after its closing quote. Inside a quoted value, write each double quote as two ("")'],
			[3, ['B', 'ok', '2']],
		]);
	});

	test('blank lines and rows of only empty values are skipped (not a row of spaces and text); a missing final line break is fine', async () => {
		const { rows } = await readEveryWay('\n\na,b\n\n,\n ; \n"",""\n1,2\n,,,\n3,4');
		expect(lines(rows)).toEqual([
			[6, 'line 6: has 1 value but the header (line 3) has 2 columns. Put values that contain "," in double quotes, and give every row one value per column'],
			[8, ['1', '2']],
			[10, ['3', '4']],
		]);
	});

	test('blank lines before the header move it, and the header line is told', async () => {
		const result = await readEveryWay('\r\n\r\nsku,qty\r\nA,1\r\n');
		expect(result.headerLine).toBe(3);
		expect(lines(result.rows)).toEqual([[4, ['A', '1']]]);
	});

	test('a header without rows gives the header once with no rows', async () => {
		const result = await readCsv('sku,qty\n', 1);
		expect(result).toEqual({ header: ['sku', 'qty'], headerLine: 1, rows: [], yields: 1 });
	});

	test('multi-byte characters split across chunks arrive whole', async () => {
		const text = 'name,qty\nStraße 日本 😀,1\n"ʤ😀\n😀",2\n';
		for (let size = 1; size <= 8; size++) {
			const { rows } = await readCsv(text, size);
			expect(lines(rows)).toEqual([
				[2, ['Straße 日本 😀', '1']],
				[3, ['ʤ😀\n😀', '2']],
			]);
		}
	});

	test('rows come a piece at a time, not after the whole file', async () => {
		const text = `sku,qty\n${'A,1\n'.repeat(100000)}`;
		const pieces = [];
		for await (const piece of readCsvFile(chunked(text, 65536))) pieces.push(piece.rows.length);
		expect(pieces.length).toBeGreaterThan(5);
		expect(Math.max(...pieces)).toBeLessThan(20000);
		expect(pieces.reduce((sum, count) => sum + count, 0)).toBe(100000);
	});

	test('a whole file handed over as one buffer (n8n in-memory mode) still comes a piece at a time', async () => {
		const text = `sku,qty\n${'A,1\n'.repeat(100000)}`;
		const pieces = [];
		for await (const piece of readCsvFile(chunked(text, text.length))) pieces.push(piece.rows.length);
		expect(pieces.length).toBeGreaterThan(5);
		expect(Math.max(...pieces)).toBeLessThan(20000);
	});

	test('reads a Node Readable stream (what getBinaryStream returns) and text chunks alike', async () => {
		const text = 'sku,qty\nÄ,1\nB,2\n';
		const bytes = Buffer.from(text);
		const stream = Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]);
		const fromStream = [];
		for await (const piece of readCsvFile(stream)) fromStream.push(...piece.rows.map((row) => row.fields));
		expect(fromStream).toEqual([['Ä', '1'], ['B', '2']]);
		const fromText = [];
		for await (const piece of readCsvFile(Readable.from(['sku,q', 'ty\nÄ,1\nB,2']))) {
			fromText.push(...piece.rows.map((row) => row.fields));
		}
		expect(fromText).toEqual(fromStream);
	});

	test('stopping early destroys a Node Readable stream', async () => {
		const stream = Readable.from(Array.from({ length: 1000 }, (_, index) => Buffer.from(index === 0 ? 'sku,qty\n' : 'A,1\n'.repeat(100))));
		for await (const piece of readCsvFile(stream)) {
			if (piece.rows.length > 0) break;
		}
		expect(stream.destroyed).toBe(true);
	});

	test('stopping early closes the file stream', async () => {
		const stream = {};
		for await (const piece of readCsvFile(chunked(`sku,qty\n${'A,1\n'.repeat(50000)}`, 1024, stream))) {
			if (piece.rows.length > 0) break;
		}
		expect(stream.closed).toBe(true);
	});
});

describe('CSV files that cannot be read on', () => {
	test('a quote never closed names the line where it opens', async () => {
		const error = await errorEveryWay('sku,loc,qty\nA,L,1\nB,"L\nC,L,3\nD,L,4\n');
		expect(error.line).toBe(3);
		expect(error.message).toBe(
			'line 3: the quoted value in column 2 ("loc") that opens here is never closed. Close the value with a double quote, and write each double quote inside it as two ("")',
		);
	});

	test('a value that never ends stops the reading before it fills memory', async () => {
		const text = `sku,qty\nA,1\nB,"${'x'.repeat(1_500_000)}`;
		const error = await readError(() => readCsv(text, 65536));
		expect(error.message).toMatch(/^line 3: the value that starts here is longer than 1,000,000 characters/);
	});

	test('an empty file, or one of blank lines only', async () => {
		for (const text of ['', '\n\r\n', '\uFEFF']) {
			const error = await errorEveryWay(text);
			expect(error.message).toBe(
				'line 1: the file is empty. A CSV file needs a header row with the column names at line 1, and one row per record',
			);
		}
	});

	test('header columns without a name or with the same name', async () => {
		expect((await errorEveryWay('sku,,qty\nA,B,1\n')).message).toBe(
			'line 1: column 2 of the header has no name. Give every column a name in the header row',
		);
		expect((await errorEveryWay('sku;qty;\nA;1;\n', { delimiter: ';' })).message).toBe(
			'line 1: column 3 of the header has no name. Give every column a name in the header row, or remove the delimiter at the end of the lines',
		);
		expect((await errorEveryWay('\nqty,sku," qty"\n')).message).toBe(
			'line 2: the header names column "qty" twice (columns 1 and 3). Give each column of the header row a different name',
		);
	});

	test('a header of one column that holds another delimiter says which delimiter to set', async () => {
		expect((await errorEveryWay('sku;loc;qty\nA;B;1\n')).message).toBe(
			'line 1: the header has one column, "sku;loc;qty", which looks like columns separated by ";". Set Options → CSV Delimiter to ";"',
		);
		expect((await errorEveryWay('sku\tqty\n', { delimiter: ';' })).message).toMatch(/separated by tab\. Set Options → CSV Delimiter to a tab$/);
	});

	test('a delimiter that is not one usable character', async () => {
		for (const delimiter of ['', ',,', '"', '\n']) {
			const error = await readError(() => readCsv('a,b\n', 65536, { delimiter }));
			expect(error.message).toMatch(/is not one character other than a double quote or a line break\. Set Options → CSV Delimiter/);
		}
	});

	test('bytes that are not UTF-8 name their line, in any chunking', async () => {
		const latin1 = Buffer.from('sku,name,qty\nA,ok,1\n"B","multi\nline",2\nC,Stra\xdfe,3\n', 'latin1');
		for (const size of [65536, 1, 3, 7]) {
			const error = await readError(() => readCsv(latin1, size));
			expect(error.message).toBe(
				'line 5: has bytes that are not UTF-8 text. Save or export the file as UTF-8 (in Excel: "CSV UTF-8"); other encodings cannot be read',
			);
		}
		// A character cut off at the end of the file, and an overlong form, are not UTF-8 either.
		const cut = Buffer.concat([Buffer.from('a,b\n1,2\n3,'), Buffer.from('😀').subarray(0, 3)]);
		expect((await readError(() => readCsv(cut, 1))).line).toBe(3);
		const overlong = Buffer.concat([Buffer.from('a,b\n1,'), Buffer.from([0xc0, 0xaf]), Buffer.from('\n')]);
		expect((await readError(() => readCsv(overlong, 1))).line).toBe(2);
	});
});
