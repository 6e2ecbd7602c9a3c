// A stock file whose rows are (nearly) all invalid keeps pass 1's memory bounded: each load runs
// in a child process (fileHeapRun.cjs) with a small heap, through n8n's engine against the
// simulator, on a file generated in a temporary folder.
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const CHILD = path.join(__dirname, 'fileHeapRun.cjs');

/** Runs fileHeapRun.cjs with a heap of `heapMb` and returns its JSON report (or why it died). */
function runChild(heapMb, args) {
	const child = spawnSync(process.execPath, ['--expose-gc', `--max-old-space-size=${heapMb}`, CHILD, ...args.map(String)], {
		encoding: 'utf8',
		env: process.env,
		timeout: 110_000,
		maxBuffer: 16 * 1024 * 1024,
	});
	const line = child.stdout.trim().split('\n').pop();
	if (child.status !== 0 || !line) {
		const tail = `${child.stderr}`.split('\n').slice(0, 8).join('\n');
		throw new Error(`the child process ended with ${child.status ?? child.signal}:\n${tail}`);
	}
	return JSON.parse(line);
}

describe('a stock file of invalid rows, in a process with a small heap', () => {
	test('1,000,000 rows each with a decimal comma fail the node counting them all and listing the first few, within 80 MB of heap growth', () => {
		const report = runChild(150, ['refuse', 1_000_000]);

		expect(report.status).toBe('error');
		expect(report.message).toBe('1,000,000 of 1,000,000 rows are not valid inventory records, so nothing was sent to Fluent');
		const listed = report.description.split('\n').filter((line) => line.startsWith('stock.csv line '));
		expect(listed).toHaveLength(10);
		expect(listed[0]).toBe('stock.csv line 2: "qty" must be a whole number, but is "1,5". Put a whole number in column "qty" (0 or more).');
		expect(report.description).toContain('…and 999,990 more rows');
		expect(report.description).toContain('"qty": 1,000,000 rows');
		expect(report.heapGrowthMB).toBeLessThanOrEqual(80);
	}, 120_000);

	test('1,000,000 rows naming one stock position fail the node counting 999,999 repeats, within 80 MB of heap growth', () => {
		const report = runChild(150, ['duplicate', 1_000_000]);

		expect(report.status).toBe('error');
		expect(report.message).toBe('999,999 of 1,000,000 rows are not valid inventory records, so nothing was sent to Fluent');
		expect(report.description).toContain('stock.csv line 3: names the same stock position as line 2 (retailer "1", location "LOC-1", SKU "SKU-X")');
		expect(report.description).toContain('…and 999,989 more rows. By the field of their first problem: a stock position named before: 999,999 rows.');
		expect(report.heapGrowthMB).toBeLessThanOrEqual(80);
	}, 120_000);

	test('with On Error: Continue, 100,000 invalid rows each reach the error output with file and line, but pass 1 holds none of them', () => {
		const report = runChild(300, ['continue', 100_000, 6_000]);

		expect(report.status).toBe('success');
		expect(report.recordsSent).toBe(6_000);
		expect(report.errorItems).toBe(100_000);
		expect(report.firstErrorItem.error).toEqual(expect.objectContaining({ kind: 'invalid', fileName: 'stock.csv', line: 2 }));
		expect(report.firstErrorItem.message).toBe('stock.csv line 2: "qty" must be a whole number, but is "1,5". Put a whole number in column "qty" (0 or more).');
		expect(report.lastErrorItem.error).toEqual(expect.objectContaining({ kind: 'invalid', fileName: 'stock.csv', line: 100_001 }));
		// What stays alive once every row was checked, as the first batch is sent: a few bytes a
		// row (which rows are invalid, and their lines), not the rows' problems.
		expect(report.heapAfterPass1MB).toBeLessThanOrEqual(10);
	}, 120_000);
});
