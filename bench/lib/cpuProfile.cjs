'use strict';

/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and sums where the time went: self time per
 * function and per package, and the time with a frame of this package anywhere on the stack.
 * A window (monotonic µs, the profile's own clock) keeps only the samples inside it, e.g. the
 * Create Batch node's run inside a whole n8n process.
 */

const fs = require('node:fs');

const PACKAGE_NAME = require('../../package.json').name;

/** Which code a frame belongs to, from its script URL. */
function packageOf(callFrame) {
	const { url, functionName } = callFrame;
	if (!url) return functionName.startsWith('(') ? functionName : '(native)';
	if (url.startsWith('node:')) return 'node: built-ins';
	const normalised = url.replace(/^file:\/\//, '');
	if (normalised.includes(`/${PACKAGE_NAME}/`) || normalised.includes('/bench-results/package/')) return `${PACKAGE_NAME} (this package)`;
	const match = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(normalised);
	return match ? match[1] : normalised;
}

function frameName(callFrame) {
	const file = callFrame.url ? callFrame.url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\//, '') : '';
	return `${callFrame.functionName || '(anonymous)'}${file ? ` ${file}:${callFrame.lineNumber + 1}` : ''}`;
}

/** { fromUs, toUs } in the profile's clock; without it, the whole profile. */
function summariseProfile(profile, { fromUs = -Infinity, toUs = Infinity, top = 25 } = {}) {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

	const self = new Map();
	const packages = new Map();
	let ownInclusiveUs = 0;
	let totalUs = 0;
	let time = profile.startTime;
	for (let index = 0; index < profile.samples.length; index++) {
		time += profile.timeDeltas[index];
		if (time < fromUs || time > toUs) continue;
		// A sample stands for the time until the next one.
		const next = profile.timeDeltas[index + 1];
		const us = next === undefined ? 0 : next;
		const node = byId.get(profile.samples[index]);
		totalUs += us;
		const key = frameName(node.callFrame);
		const entry = self.get(key) ?? { name: key, package: packageOf(node.callFrame), us: 0 };
		entry.us += us;
		self.set(key, entry);
		packages.set(entry.package, (packages.get(entry.package) ?? 0) + us);
		for (let id = node.id; id !== undefined; id = parent.get(id)) {
			if (packageOf(byId.get(id).callFrame).endsWith('(this package)')) {
				ownInclusiveUs += us;
				break;
			}
		}
	}
	const ms = (us) => us / 1000;
	return {
		totalMs: ms(totalUs),
		ownInclusiveMs: ms(ownInclusiveUs),
		functions: [...self.values()].sort((a, b) => b.us - a.us).slice(0, top).map((entry) => ({ name: entry.name, package: entry.package, ms: ms(entry.us) })),
		packages: [...packages.entries()].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, ms: ms(us) })),
	};
}

function readProfile(file) {
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The summary as plain text lines. */
function renderSummary(summary, title) {
	const share = (value) => `${((100 * value) / (summary.totalMs || 1)).toFixed(1).padStart(5)} %`;
	const lines = [title, `  sampled ${summary.totalMs.toFixed(0)} ms; with a frame of ${PACKAGE_NAME} on the stack: ${summary.ownInclusiveMs.toFixed(0)} ms (${share(summary.ownInclusiveMs).trim()})`, '  self time by package:'];
	for (const entry of summary.packages.slice(0, 12)) lines.push(`    ${entry.ms.toFixed(0).padStart(7)} ms ${share(entry.ms)}  ${entry.name}`);
	lines.push('  top functions by self time:');
	for (const entry of summary.functions) lines.push(`    ${entry.ms.toFixed(0).padStart(7)} ms ${share(entry.ms)}  ${entry.name}  [${entry.package}]`);
	return lines.join('\n');
}

module.exports = { summariseProfile, readProfile, renderSummary, packageOf };
