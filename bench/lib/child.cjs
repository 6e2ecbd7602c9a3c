'use strict';

/**
 * One measured run in a fresh process (started by bench/run.cjs with fork and --expose-gc, and
 * without raising the heap limit). argv[2] is the run's JSON config. `side`:
 *   'node'   Create Batch through n8n's engine (n8n-core WorkflowExecute, package as installed)
 *   'raw'    the same records, batches and polling with plain fetch, no n8n
 *   'minimal' the n8n floor: a node that sends the same as raw through n8n's HTTP helper
 *   'engine' n8n's engine handing the same items to a node that does nothing
 * `liveMemory: true` makes it a memory-breakdown run instead: it collects garbage at the node's
 * entry and exit, as batch POSTs start and from time to time, to find live heap sizes (slow; its
 * times are not reported).
 * Protocol over IPC:
 *   child → { type: 'ready', heapLimit, nodeVersion, baseline }   input built, warm-up done,
 *                                                    memory settled
 *   parent → { type: 'go' }                          the parent has read the simulator's counters
 *   child → { type: 'measured' }                     the measured part is over
 *   child → { type: 'result', ... }                  then exits
 */

const { performance } = require('node:perf_hooks');

const { benchItems, batchPayloadBytes } = require('./items.cjs');
const { settledMemory, watchMemory, trackLiveHeap, heapLimit } = require('./memory.cjs');

function send(message) {
	return new Promise((resolve, reject) => process.send(message, (error) => (error ? reject(error) : resolve())));
}

function waitForGo() {
	return new Promise((resolve) => {
		process.once('message', (message) => {
			if (message && message.type === 'go') resolve();
		});
	});
}

async function createRunner(config, probe) {
	if (config.side === 'raw') {
		const { createRawRunner } = require('./rawRunner.cjs');
		return createRawRunner(config);
	}
	const { createNodeRunner } = require('./nodeRunner.cjs');
	const variant = { node: 'fluent', minimal: 'minimal', engine: 'nothing' }[config.side];
	return await createNodeRunner({ ...config, variant, probe });
}

function checkOutput(config, outcome) {
	if (config.side === 'engine' || config.side === 'minimal') return undefined;
	if (config.side === 'node') {
		const { checkNodeOutput } = require('./nodeRunner.cjs');
		return checkNodeOutput(outcome.output, config.count, config.batchSize);
	}
	const expected = Math.ceil(config.count / config.batchSize);
	if (outcome.batchIds.length !== expected || outcome.batchIds.some((id) => !id)) return `expected ${expected} batch ids`;
	if (outcome.failed) return `${outcome.failed} records failed`;
	return undefined;
}

/**
 * Memory runs: probe as batch POSTs start (the first, the middle and the last: the batch's
 * records and body are alive then) and as the first poll starts. n8n's requests go through
 * node:http, fetch through undici; both publish on a diagnostics channel.
 */
function watchRequests(config, probe) {
	const diagnostics = require('node:diagnostics_channel');
	const batches = Math.ceil(config.count / config.batchSize);
	const probed = new Set([1, Math.ceil(batches / 2), batches]);
	let posts = 0;
	let gets = 0;
	const onRequest = ({ request }) => {
		const method = String(request.method).toUpperCase();
		const path = String(request.path ?? '');
		if (method === 'POST' && /\/batch$/.test(path)) {
			posts++;
			if (probed.has(posts)) probe(`batch POST ${posts}`);
		} else if (method === 'GET' && /\/batch\//.test(path) && ++gets === 1) {
			probe('first poll');
		}
	};
	diagnostics.subscribe('http.client.request.start', onRequest);
	diagnostics.subscribe('undici:request:create', onRequest);
}

/** A CPU profile of the measured run only (not of loading, warm-up or building the input). */
async function startCpuProfile() {
	const inspector = require('node:inspector');
	const session = new inspector.Session();
	session.connect();
	const post = (method, params) =>
		new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
	await post('Profiler.enable');
	await post('Profiler.setSamplingInterval', { interval: 200 });
	await post('Profiler.start');
	return {
		async stopInto(file) {
			const { profile } = await post('Profiler.stop');
			require('node:fs').writeFileSync(file, JSON.stringify(profile));
			session.disconnect();
		},
	};
}

async function main() {
	const config = JSON.parse(process.argv[2]);
	let live;
	let probing = false;
	const probe = (label) => {
		if (probing) live.probe(label);
	};
	const runner = await createRunner(config, config.liveMemory ? probe : undefined);
	const runOptions = {
		jobId: config.jobId,
		batchSize: config.batchSize,
		concurrency: config.concurrency,
		waitForCompletion: config.waitForCompletion,
		pollIntervalSeconds: config.pollIntervalSeconds,
		resultsPageSize: config.resultsPageSize,
	};

	if (config.warmup) {
		// JIT warm-up on a small load into its own job, as in a long-running n8n instance.
		const warmItems = benchItems(config.warmup.count, { offset: 10_000_000 });
		await runner.run(warmItems, { ...runOptions, jobId: config.warmup.jobId });
	}

	let items = benchItems(config.count);
	const baseline = settledMemory();
	await send({ type: 'ready', heapLimit: heapLimit(), nodeVersion: process.version, baseline });
	await waitForGo();

	if (config.liveMemory) {
		live = trackLiveHeap({ sampleMs: 100 });
		probing = true;
		watchRequests(config, probe);
		live.start();
	}
	const profiler = config.cpuProfilePath ? await startCpuProfile() : undefined;
	const watch = watchMemory();
	const cpuStart = process.cpuUsage();
	const started = performance.now();
	let outcome = await runner.run(items, runOptions);
	const wallMs = performance.now() - started;
	const cpu = process.cpuUsage(cpuStart);
	const peaks = watch.stop();
	await send({ type: 'measured' });
	if (profiler) await profiler.stopInto(config.cpuProfilePath);
	const liveHeap = live ? live.stop() : undefined;
	probing = false;

	// Memory still held after the run with its output kept (output items, pairing).
	const afterRun = settledMemory();
	if (config.heapSnapshotPath) require('node:v8').writeHeapSnapshot(config.heapSnapshotPath);
	const problem = checkOutput(config, outcome);
	const payloadBytes = batchPayloadBytes(items, config.batchSize);
	outcome = undefined;
	items = undefined;

	await send({
		type: 'result',
		side: config.side,
		wallMs,
		cpuMs: (cpu.user + cpu.system) / 1000,
		baseline,
		afterRun,
		peaks,
		liveHeap,
		payloadBytes,
		problem,
	});
}

main().then(
	() => process.exit(0),
	async (error) => {
		try {
			await send({ type: 'error', message: error.stack ?? String(error) });
		} finally {
			process.exit(1);
		}
	},
);
