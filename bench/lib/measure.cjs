'use strict';

/**
 * One measured run against a running simulator: reset it, log in and create the job outside the
 * measurement, run the child, then count the requests the simulator received during the run and
 * check that every record arrived exactly once.
 */

const fs = require('node:fs');
const os = require('node:os');

const { runChild } = require('./processes.cjs');
const { packageConstants } = require('./build.cjs');

/** CPU time (ms) the whole machine spent busy, over all cores. */
function machineBusyMs() {
	let busy = 0;
	for (const cpu of os.cpus()) busy += cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq;
	return busy;
}

/** CPU time (ms) of a process, from /proc (Linux); undefined elsewhere. */
function processCpuMs(pid) {
	try {
		const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100)
	} catch {
		return undefined;
	}
}

const ENDPOINTS = ['token', 'jobCreate', 'jobGet', 'batchCreate', 'batchGet', 'graphql', 'other'];

function requestDelta(before, after) {
	const delta = {};
	for (const name of ENDPOINTS) delta[name] = (after.requests[name] ?? 0) - (before.requests[name] ?? 0);
	const responses = {};
	for (const [status, count] of Object.entries(after.responses)) {
		const diff = count - (before.responses[status] ?? 0);
		if (diff > 0) responses[status] = diff;
	}
	return { ...delta, responses };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits (at most maxWaitMs) until other processes keep less than `threshold` of a core busy over
 * one second, so that a shared machine's bursts of other work disturb fewer runs.
 */
async function waitForQuiet(maxWaitMs, threshold = 0.3) {
	const started = Date.now();
	for (;;) {
		const before = machineBusyMs();
		await sleep(1000);
		const busyCores = (machineBusyMs() - before) / 1000;
		if (busyCores <= threshold || Date.now() - started >= maxWaitMs) return { waitedMs: Date.now() - started, busyCores };
		await sleep(1000);
	}
}

/**
 * run: { side, packageRoot (built package, see build.cjs), count, batchSize, concurrency, waitForCompletion, pollIntervalSeconds,
 *        storedToken (default true), warmupCount (0 = none), simulatorConfig (merged after reset) }
 */
async function measureRun(sim, run, { timeoutMs = 15 * 60_000, execArgv, heapSnapshotPath, cpuProfilePath, quietWaitMs = 0, nodeBinary } = {}) {
	const quiet = quietWaitMs > 0 ? await waitForQuiet(quietWaitMs) : undefined;
	await sim.admin('POST', 'reset');
	if (run.simulatorConfig) await sim.admin('POST', 'config', run.simulatorConfig);
	const token = await sim.issueToken();
	const jobId = await sim.createJob(token, `bench ${run.side} ${run.count}`);
	const warmup = run.warmupCount > 0 ? { jobId: await sim.createJob(token, 'warm-up'), count: run.warmupCount } : null;
	const storedToken = run.storedToken !== false;

	let before;
	let machineBefore;
	let simulatorBefore;
	let machineMs;
	let simulatorCpuMs;
	const result = await runChild(
		{
			side: run.side,
			url: sim.url,
			packageRoot: run.packageRoot,
			accessToken: storedToken ? token : '',
			count: run.count,
			batchSize: run.batchSize,
			concurrency: run.concurrency,
			waitForCompletion: run.waitForCompletion,
			pollIntervalSeconds: run.pollIntervalSeconds,
			// Raw and the n8n floor read results in pages of the node's size.
			resultsPageSize: run.resultsPageSize ?? packageConstants(run.packageRoot).RESULTS_PAGE_SIZE,
			jobId,
			warmup,
			heapSnapshotPath,
			cpuProfilePath,
			liveMemory: run.liveMemory === true,
		},
		{
			timeoutMs,
			execArgv,
			nodeBinary,
			onReady: async () => {
				before = await sim.admin('GET', 'stats');
				machineBefore = machineBusyMs();
				simulatorBefore = processCpuMs(sim.pid);
			},
			onMeasured: () => {
				machineMs = machineBusyMs() - machineBefore;
				if (simulatorBefore !== undefined) simulatorCpuMs = processCpuMs(sim.pid) - simulatorBefore;
			},
		},
	);
	// What else kept the machine busy meanwhile (other processes): all CPU time the machine spent,
	// minus the child's and the simulator's, as a share of one core over the run.
	const otherLoad = simulatorCpuMs === undefined ? undefined : Math.max(0, machineMs - result.cpuMs - simulatorCpuMs) / result.wallMs;
	const after = await sim.admin('GET', 'stats');
	const requests = requestDelta(before, after);
	await sim.admin('POST', 'settle');
	const store = await sim.admin('GET', 'store/summary');
	const expectedStored = run.side === 'engine' ? 0 : run.count + (warmup ? warmup.count : 0);
	const storeProblem =
		store.size !== expectedStored || store.totalArrivals !== expectedStored || store.duplicates !== 0
			? `simulator holds ${store.size} records (${store.totalArrivals} arrivals, ${store.duplicates} duplicates), expected ${expectedStored}`
			: undefined;
	return { ...run, ...result, quiet, simulatorCpuMs, otherLoad, requests, storeProblem, problem: result.problem ?? storeProblem };
}

module.exports = { measureRun, processCpuMs };
