'use strict';

/**
 * One measured run of the real-n8n benchmark, against the simulator (reset before each run):
 * the node (`n8n execute` of a benchmark workflow: Create Batch's own executionTime from the
 * printed run data) or the raw script. Afterwards the simulator must hold every record exactly
 * once and have received exactly ceil(records / Batch Size) batches.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { performance } = require('node:perf_hooks');

const { executeWorkflow } = require('./n8nCli.cjs');
const { processCpuMs } = require('./measure.cjs');
const { NODE_NAMES } = require('./benchWorkflow.cjs');

const RAW_SCRIPT = path.join(__dirname, 'rawScript.cjs');
const RAW_FILE_SCRIPT = path.join(__dirname, 'rawFileScript.cjs');
/** The benchmark workflow's nodes: Create Batch timed, after Build items. */
const ITEM_WORKFLOW_NODES = { items: NODE_NAMES.items, timed: [NODE_NAMES.batch] };
const INSTANT = { latencyMs: 0, pendingMs: 0, runningMs: 0, perRecordMs: 0, tokenLifetimeSeconds: 86386 };

/** CPU time (ms) the whole machine spent busy, over all cores. */
function machineBusyMs() {
	let busy = 0;
	for (const cpu of os.cpus()) busy += cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq;
	return busy;
}

/**
 * The memory figures of a probe (n8nProbe.cjs) within [fromMs, toMs] (wall clock). Samples
 * miss the long synchronous stretches (the timer cannot fire), collections do not: the peak
 * is the most the heap held before a collection (or in a sample), and the lowest heap a
 * collection left is what stayed alive throughout (n8n, the input items, the engine's copy).
 */
function memoryInWindow(probe, fromMs, toMs) {
	if (!probe) return undefined;
	const inside = (time) => time !== null && time >= fromMs && time <= toMs;
	let peakHeap = 0;
	let lowestAfterGc;
	// The heap as the window opens: the last sample before it (or the heap a collection left).
	let heapAtStart;
	let heapAtStartTime = -Infinity;
	for (const [time, heap] of probe.samples) {
		if (inside(time)) peakHeap = Math.max(peakHeap, heap);
		else if (time < fromMs && time > heapAtStartTime) [heapAtStart, heapAtStartTime] = [heap, time];
	}
	let processPeakHeap = Math.max(0, ...probe.samples.map(([, heap]) => heap));
	for (const [time, before, after] of probe.gcs) {
		processPeakHeap = Math.max(processPeakHeap, before);
		if (time !== null && time < fromMs && time > heapAtStartTime) [heapAtStart, heapAtStartTime] = [after, time];
		if (!inside(time)) continue;
		peakHeap = Math.max(peakHeap, before);
		lowestAfterGc = lowestAfterGc === undefined ? after : Math.min(lowestAfterGc, after);
	}
	return {
		peakHeap,
		heapAtStart,
		lowestAfterGc,
		collections: probe.gcs.filter(([time]) => inside(time)).length,
		processPeakHeap,
		processPeakRss: probe.peakRss,
		heapLimit: probe.heapLimit,
		gcTimed: probe.gcTimed,
	};
}

async function resetSimulator(sim) {
	await sim.admin('POST', 'reset');
	await sim.admin('POST', 'config', INSTANT);
}

/** Requests the run made and whether the simulator holds each record exactly once. */
async function checkSimulator(sim, before, setting) {
	// The simulator's own CPU time during the run (it applies each batch on the next request).
	const simulatorCpuMs = processCpuMs(sim.pid) - before.simulatorCpuMs;
	const after = await sim.admin('GET', 'stats');
	const batchPosts = after.requests.batchCreate - before.requests.batchCreate;
	const tokens = after.requests.token - before.requests.token;
	await sim.admin('POST', 'settle');
	const store = await sim.admin('GET', 'store/summary');
	const expectedBatches = Math.ceil(setting.count / setting.batchSize);
	let problem;
	if (store.size !== setting.count || store.totalArrivals !== setting.count || store.duplicates !== 0) {
		problem = `simulator holds ${store.size} records (${store.totalArrivals} arrivals, ${store.duplicates} duplicates), expected ${setting.count}`;
	} else if (batchPosts !== expectedBatches) {
		problem = `simulator received ${batchPosts} batch POSTs, expected ${expectedBatches}`;
	}
	return { requests: { batchPosts, tokens }, qtySum: store.qtySum, simulatorCpuMs, problem };
}

/** Finds the profile `node --cpu-prof` wrote for process `pid` and gives it a telling name. */
function claimProfile(profileDir, pid, name) {
	const found = fs.readdirSync(profileDir).find((file) => file.endsWith('.cpuprofile') && file.includes(`.${pid}.`));
	if (!found) return undefined;
	const target = path.join(profileDir, `${name}.cpuprofile`);
	fs.renameSync(path.join(profileDir, found), target);
	return target;
}

/**
 * The node side: `n8n execute` of the setting's workflow (setting: { workflowId, count,
 * batchSize }). `heapLimitMb` adds --max-old-space-size; `profileDir` adds --cpu-prof.
 * `nodes` names the workflow's nodes whose times are read: `timed` (their executionTimes add up
 * to the run's ms; the memory window runs from the first's start to the last's end), and
 * `before` (reported beside: `itemsMs` and `jobMs`). `extraEnv` goes to n8n. `workflowId` (default
 * the setting's) and `side` ('minimal' for the n8n floor's workflow, which outputs no items).
 */
async function measureNodeRun(
	sim,
	instance,
	setting,
	{ scratchDir, heapLimitMb, profileDir, label, extraEnv, nodes = ITEM_WORKFLOW_NODES, workflowId = setting.workflowId, side = 'node', timeoutMs = 20 * 60_000 },
) {
	await resetSimulator(sim);
	const before = { ...(await sim.admin('GET', 'stats')), simulatorCpuMs: processCpuMs(sim.pid) };
	const nodeArgs = [];
	if (heapLimitMb) nodeArgs.push(`--max-old-space-size=${heapLimitMb}`);
	if (profileDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
	const loadAverage = os.loadavg()[0];
	const busyBefore = machineBusyMs();
	const run = await executeWorkflow(instance, workflowId, {
		nodeNames: [NODE_NAMES.job, ...(nodes.items ? [nodes.items] : []), ...nodes.timed],
		nodeArgs,
		extraEnv,
		scratchDir,
		timeoutMs,
	});
	const machineCores = (machineBusyMs() - busyBefore) / run.wallMs;
	const timed = nodes.timed.map((name) => run.tasks[name]);
	const first = timed[0];
	const last = timed[timed.length - 1];
	const simulator = await checkSimulator(sim, before, setting);
	const expectedBatches = Math.ceil(setting.count / setting.batchSize);
	let problem = run.problem ?? simulator.problem;
	// How far a failed run got: all batches at the simulator means n8n failed after Create Batch.
	if (run.problem) problem += ` (the simulator received ${simulator.requests.batchPosts} of ${expectedBatches} batches)`;
	// The n8n floor (side 'minimal') outputs nothing.
	if (!problem && side === 'node' && run.outputBatchIds !== expectedBatches) problem = `Create Batch output ${run.outputBatchIds} batch IDs, expected ${expectedBatches}`;
	const windowStart = first?.startTime;
	const windowEnd = last?.startTime + last?.executionTime;
	const ms = timed.every((task) => task?.executionTime !== undefined) ? timed.reduce((sum, task) => sum + task.executionTime, 0) : undefined;
	let profile;
	if (profileDir) {
		profile = claimProfile(profileDir, run.pid, label);
		if (profile && run.probe && windowStart !== undefined) {
			const toUs = (epochMs) => run.probe.clock.monotonicUs + (epochMs - run.probe.clock.epochMs) * 1000;
			fs.writeFileSync(
				profile.replace(/\.cpuprofile$/, '.window.json'),
				JSON.stringify({ label: `${nodes.timed.join(' + ')} only, ${ms} ms`, fromUs: toUs(windowStart), toUs: toUs(windowEnd) }),
			);
		}
	}
	return {
		side,
		label,
		ms,
		nodeMs: Object.fromEntries(nodes.timed.map((name) => [name, run.tasks[name]?.executionTime])),
		itemsMs: nodes.items ? run.tasks[nodes.items]?.executionTime : undefined,
		jobMs: run.tasks[NODE_NAMES.job]?.executionTime,
		processWallMs: run.wallMs,
		heapLimitMb,
		memory: windowStart !== undefined ? memoryInWindow(run.probe, windowStart, windowEnd) : undefined,
		loadAverage,
		machineCores,
		profile,
		...simulator,
		problem,
	};
}

/**
 * The raw side: a fresh process of `script` (default rawScript.cjs) on the Node.js that runs
 * n8n, given the simulator's url, the setting's count and batchSize, and `config`.
 */
async function measureRawRun(sim, setting, { nodeBin, concurrency, client, profileDir, label, script = RAW_SCRIPT, config = {}, timeoutMs = 20 * 60_000 }) {
	await resetSimulator(sim);
	const before = { ...(await sim.admin('GET', 'stats')), simulatorCpuMs: processCpuMs(sim.pid) };
	const loadAverage = os.loadavg()[0];
	const busyBefore = machineBusyMs();
	const started = performance.now();
	const args = [
		...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
		script,
		JSON.stringify({ url: sim.url, count: setting.count, batchSize: setting.batchSize, concurrency, client, ...config }),
	];
	const result = await new Promise((resolve, reject) => {
		const child = spawn(nodeBin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', reject);
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr, pid: child.pid });
		});
	});
	const wallMs = performance.now() - started;
	const machineCores = (machineBusyMs() - busyBefore) / wallMs;
	const simulator = await checkSimulator(sim, before, setting);
	let figures;
	try {
		figures = JSON.parse(result.stdout.trim().split('\n').pop());
	} catch {
		figures = undefined;
	}
	const problem =
		result.code !== 0 || !figures
			? `raw script exited ${result.code}: ${result.stderr.trim().split('\n').slice(-5).join(' | ')}`
			: figures.missing > 0
				? `${figures.missing} batches got no ID`
				: simulator.problem;
	const profile = profileDir ? claimProfile(profileDir, result.pid, label) : undefined;
	return { side: 'raw', label, concurrency, client, ms: figures?.ms, cpuMs: figures?.cpuMs, loginMs: figures?.loginMs, processWallMs: wallMs, loadAverage, machineCores, profile, ...simulator, problem };
}

module.exports = { measureNodeRun, measureRawRun, memoryInWindow, RAW_FILE_SCRIPT };
