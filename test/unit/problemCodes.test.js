// The problem codes: one table in the source (records/problemCodes.ts), each code in
// UPPER_SNAKE_CASE, named in the README's "Problem codes" and explained, word for word, in
// docs/troubleshooting.md, so the documents cannot drift from what the node puts out; and the
// record checks give each kind of problem its code.
const fs = require('node:fs');
const path = require('node:path');

const { PROBLEM_CODES, recordProblems } = require('../harness/internals.cjs');

const ROOT = path.join(__dirname, '..', '..');
const read = (file) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const codes = Object.keys(PROBLEM_CODES);

/** The text of a markdown section: from its heading to the next heading of any level. */
function section(text, heading) {
	const lines = text.split('\n');
	const start = lines.indexOf(heading);
	if (start < 0) throw new Error(`no heading "${heading}"`);
	const end = lines.findIndex((line, index) => index > start && /^#{1,6} /.test(line));
	return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** Every `UPPER_SNAKE` name in backticks. */
const codeNames = (text) => [...text.matchAll(/`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`/g)].map((match) => match[1]);

test('every code is UPPER_SNAKE_CASE, with a one-line meaning', () => {
	expect(codes.length).toBeGreaterThanOrEqual(10);
	for (const code of codes) {
		expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
		expect(PROBLEM_CODES[code]).toMatch(/^\S.*\S$/);
		expect(PROBLEM_CODES[code]).not.toContain('\n');
	}
});

test("the README's Problem codes name every code, and no other", () => {
	const named = codeNames(section(read('README.md'), '#### Problem codes'));
	expect([...new Set(named)].sort()).toEqual([...codes].sort());
});

test("docs/troubleshooting.md explains every code in the source's words", () => {
	const rows = section(read('docs/troubleshooting.md'), '## Problem codes')
		.split('\n')
		.filter((line) => /^\| `/.test(line))
		.map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
	expect(rows).toEqual(codes.map((code) => [`\`${code}\``, PROBLEM_CODES[code]]));
});

test('the record checks give each kind of problem its code', () => {
	const codeOf = (fields) => recordProblems({ skuRef: 'A', locationRef: 'L', qty: 1, ...fields }, 0).map((problem) => problem.code);
	expect(codeOf({ skuRef: '' })).toEqual(['MISSING_FIELD']);
	expect(codeOf({ skuRef: { id: 1 } })).toEqual(['NOT_TEXT']);
	expect(codeOf({ qty: 'ten' })).toEqual(['NOT_A_WHOLE_NUMBER']);
	expect(codeOf({ qty: 2.5 })).toEqual(['NOT_A_WHOLE_NUMBER']);
	expect(codeOf({ qty: -1 })).toEqual(['NEGATIVE_QUANTITY']);
	expect(codeOf({ qty: 1e12 })).toEqual(['QUANTITY_TOO_LARGE']);
	expect(codeOf({ qty: '9'.repeat(400) })).toEqual(['QUANTITY_TOO_LARGE']);
	expect(codeOf({ attributes: '[1,2]' })).toEqual(['NOT_AN_OBJECT']);
	expect(recordProblems(['A', 'L', 1], 0).map((problem) => problem.code)).toEqual(['NOT_AN_OBJECT']);
});
