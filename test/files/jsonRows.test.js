'use strict';

const { readJson, readError, randomSource, describeFileProblem } = require('./fileReaders.cjs');

const SIZES = [65536, 1, 2, 3, 7];

async function readEveryWay(text) {
	const whole = await readJson(text, 65536);
	for (const size of [...SIZES.slice(1), randomSource(text.length)]) {
		expect(await readJson(text, size)).toEqual(whole);
	}
	return whole;
}

async function errorEveryWay(text) {
	const errors = [];
	for (const size of SIZES) errors.push(await readError(() => readJson(text, size)));
	for (const error of errors) expect(error.message).toBe(errors[0].message);
	return errors[0];
}

const lines = (rows) => rows.map((row) => [row.line, row.fields ?? describeFileProblem(row.problem)]);

/** A random JSON value with the characters that make a scanner's life hard. */
function randomValue(random, depth) {
	const strings = ['', 'a,b', '"q"', 'back\\slash\\', '}]{[', 'ü日😀', '\u0000\u001f', '\\"', 'line\nbreak', '\u2028'];
	const kind = random.int(0, depth > 2 ? 3 : 5);
	if (kind === 0) return random.pick(strings) + random.pick(strings);
	if (kind === 1) return random.pick([0, -1.5e-7, 12345678901234, 3.25]);
	if (kind === 2) return random.pick([true, false, null]);
	if (kind === 3) return random.pick(strings);
	if (kind === 4) return Array.from({ length: random.int(0, 3) }, () => randomValue(random, depth + 1));
	return randomObject(random, depth + 1);
}

function randomObject(random, depth = 0) {
	const object = {};
	for (let count = random.int(0, 4); count > 0; count--) object[`k${random.pick(['', '"', ',', '😀', '\\'])}${count}`] = randomValue(random, depth);
	return object;
}

/** JSON text with random spacing and line breaks between tokens (JSON.stringify and re-spaced). */
function spaced(random, value) {
	const text = JSON.stringify(value, null, random.pick([0, 1, '\t']));
	return random.chance(0.5) ? text.replace(/\n/g, () => random.pick(['\n', '\r\n', ' \n '])) : text;
}

describe('JSON array of objects', () => {
	test('every element comes out with the line it starts on, whatever the chunking', async () => {
		const text = '\uFEFF \n[\n {"skuRef": "A", "qty": 1},\n\n  {"skuRef": "B,]}",\n   "attributes": {"x": [1, {"y": "\\"}"}]}},{"skuRef":"ü😀\\u00fc"}\r\n]\n\n';
		const { layouts, rows } = await readEveryWay(text);
		expect(layouts).toEqual(['array']);
		expect(lines(rows)).toEqual([
			[3, { skuRef: 'A', qty: 1 }],
			[5, { skuRef: 'B,]}', attributes: { x: [1, { y: '"}' }] } }],
			[6, { skuRef: 'ü😀ü' }],
		]);
	});

	test('generated arrays read the same as JSON.parse of the whole file', async () => {
		for (let seed = 1; seed <= 150; seed++) {
			const random = randomSource(seed);
			const elements = Array.from({ length: random.int(0, 12) }, () => randomObject(random));
			const text = spaced(random, elements);
			const result = await readJson(text, random);
			expect({ seed, objects: result.rows.map((row) => row.fields) }).toEqual({ seed, objects: JSON.parse(text) });
			expect(result.rows.every((row) => row.problem === undefined && row.line >= 1)).toBe(true);
		}
	});

	test('an element that is not an object is a problem for its line, and reading goes on', async () => {
		const { rows } = await readEveryWay('[{"a":1}, 5,\n"x",\n[{"a":1}], null, {"b":2}]');
		expect(lines(rows)).toEqual([
			[1, { a: 1 }],
			[1, 'line 1: element 2 of the array is the number 5, not an object with record fields. Give every record as an object such as {"skuRef": "SKU-1", "locationRef": "LOC-1", "qty": 5}'],
			[2, 'line 2: element 3 of the array is a string, not an object with record fields. Give every record as an object such as {"skuRef": "SKU-1", "locationRef": "LOC-1", "qty": 5}'],
			[3, 'line 3: element 4 of the array is a list, not an object with record fields. Give every record as an object such as {"skuRef": "SKU-1", "locationRef": "LOC-1", "qty": 5}'],
			[3, 'line 3: element 5 of the array is null, not an object with record fields. Give every record as an object such as {"skuRef": "SKU-1", "locationRef": "LOC-1", "qty": 5}'],
			[3, { b: 2 }],
		]);
	});

	test('an empty array has no rows', async () => {
		expect(await readEveryWay(' [ \n ] \n')).toEqual({ layouts: [], rows: [] });
	});

	test('broken arrays stop the reading at the line of the fault', async () => {
		const fix = 'Check the file near this line: it must be one JSON array of objects, [ {...}, {...} ]';
		expect((await errorEveryWay('[{"a":1},\n{"a":\n1 2}]')).message).toMatch(
			new RegExp(`^line 3: element 2 of the array is not valid JSON \\(.*position 8.*\\)\\. ${fix.replace(/[[\]{}.()]/g, '\\$&')}$`),
		);
		expect((await errorEveryWay('[{"a":1}\n {"b":2}]')).message).toBe(
			`line 2: a comma or the closing ] is missing after element 1. ${fix}`,
		);
		expect((await errorEveryWay('[{"a":1},\n]')).message).toBe(`line 2: "]" is not expected here. ${fix}`);
		expect((await errorEveryWay('[{"a":1}]\n\n{"b":2}')).message).toBe(
			`line 3: there is more text after the closing ] of the array. ${fix}`,
		);
	});

	test('a file cut off names where the unfinished part starts', async () => {
		expect((await errorEveryWay('[{"a":1},\n{"a":\n"xx')).message).toBe(
			'line 2: the file ends inside the array element that starts here. The file may be cut off: check that it was written completely, and that it is valid JSON',
		);
		expect((await errorEveryWay('\n[{"a":1},\n{"a":2}\n')).message).toBe(
			'line 2: the file ends before the array that opens here is closed with ]. The file may be cut off: check that it was written completely, and that it is valid JSON',
		);
	});

	test('an element that never ends stops the reading before it fills memory', async () => {
		const error = await readError(() => readJson(`[{"a":1},\n{"a":"${'x'.repeat(1_200_000)}`, 65536));
		expect(error.message).toMatch(/^line 2: the array element that starts here is longer than 1,000,000 characters/);
	});
});

describe('JSON Lines (one object per line)', () => {
	test('is told by a first character {, and every line is a row with its line number', async () => {
		const text = '\n{"skuRef":"A","qty":1}\r\n\r\n  {"skuRef":"ü😀,\\"}\\n","qty":2}  \n{"skuRef":"C"}';
		const { layouts, rows } = await readEveryWay(text);
		expect(layouts).toEqual(['lines']);
		expect(lines(rows)).toEqual([
			[2, { skuRef: 'A', qty: 1 }],
			[4, { skuRef: 'ü😀,"}\n', qty: 2 }],
			[5, { skuRef: 'C' }],
		]);
	});

	test('a line that is not JSON, or not an object, is a problem for that line only', async () => {
		const { rows } = await readEveryWay('{"a":1}\n{"a":\n[1]\n"x"\n{"b":2}\n');
		expect(rows.map((row) => [row.line, row.fields ?? row.problem.problem.replace(/ \(.*\)$/, ' (...)')])).toEqual([
			[1, { a: 1 }],
			[2, 'is not one complete JSON object (...)'],
			[3, 'the line is a list, not an object with record fields'],
			[4, 'the line is a string, not an object with record fields'],
			[5, { b: 2 }],
		]);
		expect(rows[1].problem.fix).toBe(
			'In a file of one object per line, write each object whole on its own line, such as {"skuRef": "SKU-1", "locationRef": "LOC-1", "qty": 5}',
		);
	});

	test('generated lines read the same as JSON.parse of each line', async () => {
		for (let seed = 1; seed <= 100; seed++) {
			const random = randomSource(seed);
			const objects = Array.from({ length: random.int(1, 15) }, () => randomObject(random));
			const text = objects.map((object) => JSON.stringify(object)).join(random.pick(['\n', '\r\n', '\n\n']));
			const result = await readJson(text, random);
			expect({ seed, objects: result.rows.map((row) => row.fields) }).toEqual({ seed, objects });
		}
	});
});

describe('JSON files that cannot be read', () => {
	test('an empty file, and one that is neither an array nor objects', async () => {
		expect((await errorEveryWay(' \n ')).message).toMatch(/^line 2: the file is empty\. Give the file a JSON array of objects/);
		expect((await errorEveryWay('\n"sku",1')).message).toBe(
			'line 2: the file starts with "\\"", but a JSON file here starts with [ (an array of objects) or { (one object per line). Give the file a JSON array of objects such as [{"skuRef": "SKU-1", "locationRef": "LOC-1", "qty": 5}], or one such object per line',
		);
	});

	test('bytes that are not UTF-8 name their line', async () => {
		const text = Buffer.concat([Buffer.from('[{"a":1},\n{"a":"'), Buffer.from([0xff]), Buffer.from('"}]')]);
		for (const size of SIZES) expect((await readError(() => readJson(text, size))).line).toBe(2);
	});
});
