#!/usr/bin/env node
'use strict';

/**
 * Where a CPU profile's time went: the top functions by self time, self time by package, and
 * the time with a frame of this package on the stack.
 *
 *   node bench/summarise-profile.cjs FILE.cpuprofile [--top 25] [--whole]
 *
 * `npm run bench -- --cpu-prof` writes profiles of the real n8n process (and of the raw script)
 * to bench-results/profiles/, each with a FILE.window.json that holds Create Batch's time
 * window in the profile's clock; the summary covers that window unless --whole is given.
 */

const fs = require('node:fs');
const { parseArgs } = require('node:util');

const { readProfile, renderSummary, summariseProfile } = require('./lib/cpuProfile.cjs');

function main() {
	const { values, positionals } = parseArgs({
		allowPositionals: true,
		options: { top: { type: 'string', default: '25' }, whole: { type: 'boolean' }, help: { type: 'boolean' } },
	});
	if (values.help || positionals.length === 0) {
		process.stdout.write('Usage: node bench/summarise-profile.cjs FILE.cpuprofile [FILE ...] [--top 25] [--whole]\n');
		process.exitCode = positionals.length === 0 && !values.help ? 1 : 0;
		return;
	}
	for (const file of positionals) {
		const windowFile = file.replace(/\.cpuprofile$/, '.window.json');
		const window = !values.whole && fs.existsSync(windowFile) ? JSON.parse(fs.readFileSync(windowFile, 'utf8')) : undefined;
		const summary = summariseProfile(readProfile(file), { ...(window ?? {}), top: Number(values.top) });
		const title = `${file}${window ? ` (${window.label})` : ' (whole profile)'}`;
		process.stdout.write(`${renderSummary(summary, title)}\n\n`);
	}
}

main();
