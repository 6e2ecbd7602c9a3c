#!/usr/bin/env node
'use strict';

/**
 * Profiles one benchmark run (side node, raw, minimal or engine) for finding overhead:
 *   node bench/profile.cjs --side node --count 1000000 [--cpu-prof] [--heap-snapshot]
 *     [--concurrency 1] [--no-wait] [--latency-ms 0]
 * Writes a CPU profile of the measured run only (.cpuprofile, open in Chrome DevTools) and a heap
 * snapshot taken after the run with its output still held (.heapsnapshot) to
 * bench-results/profiles/, and prints the run.
 */

const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');

const { startSimulator, ROOT } = require('./lib/processes.cjs');
const { measureRun } = require('./lib/measure.cjs');
const { buildPackage } = require('./lib/build.cjs');

async function main() {
	const { values } = parseArgs({
		options: {
			side: { type: 'string', default: 'node' },
			count: { type: 'string', default: '100000' },
			'batch-size': { type: 'string', default: '5000' },
			concurrency: { type: 'string', default: '1' },
			'latency-ms': { type: 'string', default: '0' },
			'no-wait': { type: 'boolean' },
			'cpu-prof': { type: 'boolean' },
			'heap-snapshot': { type: 'boolean' },
			'node-binary': { type: 'string' },
		},
	});
	const dir = path.join(ROOT, 'bench-results', 'profiles');
	fs.mkdirSync(dir, { recursive: true });
	const stamp = `${values.side}-${values.count}-${Date.now()}`;
	// Built for raw too: it reads results in pages of the node's size.
	const packageRoot = buildPackage();
	const sim = await startSimulator({ 'pending-ms': 0, 'running-ms': 0, 'per-record-ms': 0, 'latency-ms': values['latency-ms'] });
	try {
		const result = await measureRun(
			sim,
			{
				side: values.side,
				packageRoot,
				count: Number(values.count),
				batchSize: Number(values['batch-size']),
				concurrency: Number(values.concurrency),
				waitForCompletion: !values['no-wait'],
				pollIntervalSeconds: 0.1,
				warmupCount: 2000,
			},
			{
				cpuProfilePath: values['cpu-prof'] ? path.join(dir, `${stamp}.cpuprofile`) : undefined,
				heapSnapshotPath: values['heap-snapshot'] ? path.join(dir, `${stamp}.heapsnapshot`) : undefined,
				nodeBinary: values['node-binary'],
			},
		);
		const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
		process.stdout.write(
			`${values.side} ${values.count}: wall ${result.wallMs.toFixed(0)} ms, cpu ${result.cpuMs.toFixed(0)} ms, ` +
				`heap ${mb(result.baseline.heapUsed)} → peak ${mb(result.peaks.peakHeap)}, after run ${mb(result.afterRun.heapUsed)}, ` +
				`RSS peak ${mb(result.peaks.peakRss)}, GC ${result.peaks.gcMs.toFixed(0)} ms; requests ${JSON.stringify(result.requests)}` +
				`${result.problem ? `; PROBLEM: ${result.problem}` : ''}\nfiles in ${path.relative(ROOT, dir)}/${stamp}*\n`,
		);
	} finally {
		await sim.stop();
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exitCode = 1;
});
