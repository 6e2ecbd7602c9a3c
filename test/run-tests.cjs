#!/usr/bin/env node
// Runs jest and ends with the one summary line CI reads: "N passed, N failed", taken from
// jest's own results. A test file that cannot even run counts as one failure.
const path = require('node:path');
const { runCLI } = require('jest');

async function main() {
	const root = path.resolve(__dirname, '..');
	const patterns = process.argv.slice(2);
	const { results } = await runCLI(
		{ config: path.join(root, 'jest.config.cjs'), _: patterns, $0: 'jest' },
		[root],
	);
	const passed = results.numPassedTests;
	const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
	process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
	process.exitCode = failed === 0 && results.success ? 0 : 1;
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.stdout.write('\n0 passed, 1 failed\n');
	process.exitCode = 1;
});
