#!/usr/bin/env node
'use strict';

/**
 * node bench/in-process.cjs [--quick] : the in-process suite. Create Batch through n8n-core's
 * engine in a small process (not the real n8n) against the Fluent simulator, beside a raw
 * baseline and the n8n floor; kept for what the real-n8n benchmark (bench/run.cjs) cannot
 * measure: the node's own live memory, Batches Sent at Once over a slow link, token and polling
 * checks. See bench/README.md. Writes bench-results/in-process.json and in-process.md.
 */

const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');

const { buildPackage, packageConstants } = require('./lib/build.cjs');
const { startSimulator, killAll, ROOT } = require('./lib/processes.cjs');
const { measureRun } = require('./lib/measure.cjs');
const { summarise } = require('./lib/stats.cjs');
const { renderMarkdown } = require('./lib/report.cjs');
const { evaluateGoals } = require('./lib/goals.cjs');
const { describeMachine } = require('./lib/benchEnvironment.cjs');

const USAGE = `Usage: node bench/in-process.cjs [options]
  --quick                 short run: 10,000 and 100,000 records, 2 runs each, latency 1 run each
  --sizes 10000,100000    record counts of the loopback table (default 10000,100000,1000000)
  --runs N                runs per side and size (default 5; 3 from 1,000,000 records; quick 2)
  --batch-size N          records per batch (default 5000)
  --loopback-concurrency N  Batches Sent at Once of the loopback table (default: the node's default)
  --latency-ms L          simulated round trip of the latency table (default 150)
  --latency-records N     records of the latency table (default 100000)
  --concurrency 1,2,4,8   Batches Sent at Once values of the latency table
  --latency-runs N        runs per side and concurrency (default 3; quick 1)
  --source DIR            build the package from another source tree (e.g. a git worktree of a
                          branch; it needs node_modules, a symlink will do) instead of this one
  --node-binary PATH       run the measured processes with this Node.js (default: this one)
  --wait-for-quiet S       before each run, wait up to S seconds until other processes use
                          less than 30 % of a core (for shared machines; default 0 = no wait)
  --skip-latency, --skip-memory, --skip-checks
  --out DIR               where in-process.json and in-process.md go (default bench-results)
  --help`;

function parseOptions(argv) {
	const { values } = parseArgs({
		args: argv,
		options: {
			quick: { type: 'boolean' },
			sizes: { type: 'string' },
			runs: { type: 'string' },
			'batch-size': { type: 'string', default: '5000' },
			'loopback-concurrency': { type: 'string' },
			'latency-ms': { type: 'string', default: '150' },
			'latency-records': { type: 'string', default: '100000' },
			concurrency: { type: 'string', default: '1,2,4,8' },
			'latency-runs': { type: 'string' },
			'wait-for-quiet': { type: 'string', default: '0' },
			'node-binary': { type: 'string' },
			source: { type: 'string' },
			'skip-latency': { type: 'boolean' },
			'skip-memory': { type: 'boolean' },
			'skip-checks': { type: 'boolean' },
			out: { type: 'string', default: path.join(ROOT, 'bench-results') },
			help: { type: 'boolean' },
		},
	});
	const list = (text) => text.split(',').map((part) => Number(part.trim()));
	const quick = values.quick === true;
	return {
		help: values.help,
		quick,
		sizes: list(values.sizes ?? (quick ? '10000,100000' : '10000,100000,1000000')),
		runsFor: (count) => (values.runs ? Number(values.runs) : quick ? 2 : count >= 1_000_000 ? 3 : 5),
		batchSize: Number(values['batch-size']),
		loopbackConcurrency: values['loopback-concurrency'] ? Number(values['loopback-concurrency']) : undefined,
		latencyMs: Number(values['latency-ms']),
		latencyRecords: Number(values['latency-records']),
		concurrencies: list(values.concurrency),
		latencyRuns: values['latency-runs'] ? Number(values['latency-runs']) : quick ? 1 : 3,
		quietWaitMs: Number(values['wait-for-quiet']) * 1000,
		nodeBinary: values['node-binary'] ? path.resolve(values['node-binary']) : undefined,
		source: values.source ? path.resolve(values.source) : ROOT,
		skipLatency: values['skip-latency'] === true,
		skipMemory: values['skip-memory'] === true,
		skipChecks: values['skip-checks'] === true,
		out: path.resolve(values.out),
	};
}

const LOOPBACK_SIMULATOR = { 'pending-ms': 0, 'running-ms': 0, 'per-record-ms': 0 };
const INSTANT = { latencyMs: 0, pendingMs: 0, runningMs: 0, perRecordMs: 0, tokenLifetimeSeconds: 86386 };
const WARMUP_RECORDS = 2000;
const SMALL_HEAP_MB = 1024;
const SIDES = ['node', 'raw', 'minimal'];
const MEMORY_SIDES = ['node', 'raw'];

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const megabytes = (bytes) => `${(bytes / 1048576).toFixed(0)} MB`;

async function main() {
	const options = parseOptions(process.argv.slice(2));
	if (options.help) {
		process.stdout.write(`${USAGE}\n`);
		return;
	}
	const startedAt = new Date();
	const log = (line) => process.stderr.write(`${line}\n`);

	log(`building the package${options.source === ROOT ? '' : ` from ${options.source}`} into bench-results/package ...`);
	const packageRoot = buildPackage(undefined, options.source);
	const constants = packageConstants(packageRoot);
	const nodeDefaultConcurrency = constants.DEFAULT_BATCH_CONCURRENCY;
	const defaultConcurrency = options.loopbackConcurrency ?? nodeDefaultConcurrency;
	// Raw and the n8n floor read results in pages of the same size as the node.
	const resultsPageSize = constants.RESULTS_PAGE_SIZE;
	const batchSize = options.batchSize;

	const sim = await startSimulator(LOOPBACK_SIMULATOR);
	const results = {
		startedAt: startedAt.toISOString(),
		command: `node bench/in-process.cjs${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`,
		source: options.source,
		machine: describeMachine(options.source),
		settings: {
			batchSize,
			defaultConcurrency,
			nodeDefaultConcurrency,
			resultsPageSize,
			warmupRecords: WARMUP_RECORDS,
			pollIntervalSeconds: 0.1,
			waitForQuietSeconds: options.quietWaitMs / 1000,
			simulator: 'separate process; batches complete at once (pending, running and per-record times 0)',
		},
		loopback: [],
		memory: [],
		latency: null,
		checks: [],
		runs: [],
	};

	const measure = async (run, label) => {
		const { execArgv, ...settings } = run;
		const result = await measureRun(sim, { packageRoot, batchSize, resultsPageSize, warmupCount: WARMUP_RECORDS, ...settings }, {
			quietWaitMs: options.quietWaitMs,
			nodeBinary: options.nodeBinary,
			execArgv,
		});
		results.runs.push({ label, ...result });
		log(
			`  ${label.padEnd(34)} ${run.side.padEnd(6)} wall ${seconds(result.wallMs).padStart(8)}  cpu ${seconds(result.cpuMs).padStart(8)}  peak heap ${megabytes(result.peaks.peakHeap).padStart(7)}  sim cpu ${seconds(result.simulatorCpuMs ?? NaN).padStart(8)}  other load ${(result.otherLoad ?? NaN).toFixed(2)}${result.problem ? `  PROBLEM: ${result.problem}` : ''}`,
		);
		return result;
	};

	try {
		// 1. Loopback: node, raw and the n8n floor, alternating, several times each.
		for (const count of options.sizes) {
			const runs = options.runsFor(count);
			log(`loopback, ${count.toLocaleString('en-US')} records, ${runs} runs per side:`);
			const bySide = Object.fromEntries(SIDES.map((side) => [side, []]));
			for (let index = 0; index < runs; index++) {
				for (const side of SIDES) {
					bySide[side].push(
						await measure(
							{ side, count, concurrency: defaultConcurrency, waitForCompletion: true, pollIntervalSeconds: 0.1, simulatorConfig: INSTANT },
							`loopback ${count} #${index + 1}`,
						),
					);
				}
			}
			results.loopback.push({
				count,
				batches: Math.ceil(count / batchSize),
				concurrency: defaultConcurrency,
				payloadBytes: bySide.node[0].payloadBytes,
				...Object.fromEntries(SIDES.map((side) => [side, summarise(bySide[side])])),
			});
		}

		// 2. Memory breakdown: one slower run per side and size that measures live heap sizes.
		if (!options.skipMemory) {
			log('memory breakdown (garbage collected at the node\'s entry and exit and as batches are sent):');
			for (const count of options.sizes) {
				const entry = { count, concurrency: defaultConcurrency };
				for (const side of MEMORY_SIDES) {
					const result = await measure(
						{ side, count, concurrency: defaultConcurrency, waitForCompletion: true, pollIntervalSeconds: 0.1, liveMemory: true, simulatorConfig: INSTANT },
						`memory ${count}`,
					);
					entry[side] = { baselineLive: result.baseline.live, liveHeap: result.liveHeap, payloadBytes: result.payloadBytes, problem: result.problem };
				}
				results.memory.push(entry);
			}
		}

		// 3. Latency: Batches Sent at Once 1, 2, 4, 8 with a realistic round trip.
		if (!options.skipLatency) {
			const count = options.latencyRecords;
			const latencyConfig = { ...INSTANT, latencyMs: options.latencyMs };
			log(`latency ${options.latencyMs} ms, ${count.toLocaleString('en-US')} records, sending only, ${options.latencyRuns} runs per side:`);
			const rows = [];
			for (const concurrency of options.concurrencies) {
				const bySide = { node: [], raw: [] };
				for (let index = 0; index < options.latencyRuns; index++) {
					for (const side of ['node', 'raw']) {
						bySide[side].push(
							await measure(
								{ side, count, concurrency, waitForCompletion: false, pollIntervalSeconds: 0.1, simulatorConfig: latencyConfig },
								`latency c=${concurrency} #${index + 1}`,
							),
						);
					}
				}
				rows.push({ concurrency, node: summarise(bySide.node), raw: summarise(bySide.raw) });
			}
			const waiting = {};
			if (!options.quick) {
				log('latency, sending and waiting (one run per side):');
				for (const side of ['node', 'raw']) {
					waiting[side] = summarise([
						await measure(
							{ side, count, concurrency: defaultConcurrency, waitForCompletion: true, pollIntervalSeconds: 0.1, simulatorConfig: latencyConfig },
							`latency+wait c=${defaultConcurrency}`,
						),
					]);
				}
			}
			results.latency = { latencyMs: options.latencyMs, count, batches: Math.ceil(count / batchSize), rows, waiting };
		}

		// 4. Request checks: login with no stored token, token expiry, polling with real processing.
		if (!options.skipChecks) {
			log('request checks:');
			const cold = await measure(
				{ side: 'node', count: 10_000, concurrency: defaultConcurrency, waitForCompletion: true, pollIntervalSeconds: 0.1, storedToken: false, warmupCount: 0, simulatorConfig: INSTANT },
				'no stored token',
			);
			results.checks.push({ name: 'coldToken', count: 10_000, requests: cold.requests, wallMs: cold.wallMs, problem: cold.problem });

			const expiryCount = options.quick ? 200_000 : 500_000;
			const lifetime = options.quick ? 1 : 2;
			for (const concurrency of [...new Set([1, 4])]) {
				const expiry = await measure(
					{
						side: 'node',
						count: expiryCount,
						concurrency,
						waitForCompletion: false,
						pollIntervalSeconds: 0.1,
						simulatorConfig: { ...INSTANT, latencyMs: options.latencyMs, tokenLifetimeSeconds: lifetime },
					},
					`token lifetime ${lifetime} s, c=${concurrency}`,
				);
				results.checks.push({ name: 'tokenExpiry', count: expiryCount, concurrency, tokenLifetimeSeconds: lifetime, latencyMs: options.latencyMs, requests: expiry.requests, wallMs: expiry.wallMs, problem: expiry.problem });
			}

			// The default heap depends on the machine's memory; a smaller machine gives less.
			if (options.sizes.some((count) => count >= 1_000_000)) {
				const count = Math.max(...options.sizes);
				let small;
				try {
					small = await measure(
						{ side: 'node', count, concurrency: defaultConcurrency, waitForCompletion: true, pollIntervalSeconds: 0.1, simulatorConfig: INSTANT, execArgv: [`--max-old-space-size=${SMALL_HEAP_MB}`] },
						`heap limit ${SMALL_HEAP_MB} MB`,
					);
				} catch (error) {
					small = { problem: error.message.split('\n')[0] };
					log(`  heap limit ${SMALL_HEAP_MB} MB: ${small.problem}`);
				}
				results.checks.push({ name: 'smallHeap', count, heapLimitMb: SMALL_HEAP_MB, completed: !small.problem, wallMs: small.wallMs, peakHeap: small.peaks?.peakHeap, requests: small.requests, problem: small.problem });
			}

			const realistic = { ...INSTANT, pendingMs: 500, runningMs: 1000, perRecordMs: 0.2 };
			const polling = await measure(
				{ side: 'node', count: 100_000, concurrency: defaultConcurrency, waitForCompletion: true, pollIntervalSeconds: 1, simulatorConfig: realistic },
				'polling, batches take 2.5 s',
			);
			results.checks.push({ name: 'polling', count: 100_000, pollIntervalSeconds: 1, simulator: realistic, requests: polling.requests, wallMs: polling.wallMs, problem: polling.problem });
		}
	} finally {
		await sim.stop();
	}

	results.finishedAt = new Date().toISOString();
	results.durationSeconds = Math.round((Date.now() - startedAt.getTime()) / 1000);
	results.machine.childNode = results.runs[0]?.nodeVersion;
	results.goals = evaluateGoals(results);
	for (const run of results.runs) delete run.packageRoot;

	fs.mkdirSync(options.out, { recursive: true });
	fs.writeFileSync(path.join(options.out, 'in-process.json'), `${JSON.stringify(results, null, '\t')}\n`);
	fs.writeFileSync(path.join(options.out, 'in-process.md'), renderMarkdown(results));
	process.stdout.write(renderMarkdown(results));
	process.stdout.write(`\nwritten: ${path.relative(process.cwd(), path.join(options.out, 'in-process.json'))}, ${path.relative(process.cwd(), path.join(options.out, 'in-process.md'))} (${results.durationSeconds} s)\n`);
	const problems = results.runs.filter((run) => run.problem);
	if (problems.length > 0) process.exitCode = 1;
}

main().catch((error) => {
	process.stderr.write(`benchmark failed: ${error.stack ?? error}\n`);
	killAll();
	process.exitCode = 1;
});
