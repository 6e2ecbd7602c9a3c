#!/usr/bin/env node
/**
 * The node in n8n's queue mode (scaling mode): `npm run test:queue`.
 *
 * Runs, all on loopback and in one temporary folder: Redis and Postgres (Debian's redis-server
 * and postgresql, installed with apt-get when missing), the Fluent simulator, a small ERP feed,
 * `n8n start` (main, EXECUTIONS_MODE=queue, DB_TYPE=postgresdb) and two `n8n worker` processes
 * of concurrency 1. The package is installed into each n8n process's own user folder, as the
 * README tells queue-mode users to (main and every worker). A webhook-started workflow
 * Webhook → Create Job → HTTP Request (the ERP feed) → Create Batch (waiting) then:
 *  1. runs on a worker and loads every record exactly once;
 *  2. with the token expiring mid-load, logs in exactly once more;
 *  3. run twice at the same moment, runs once on each worker, and both load everything.
 * A second webhook-started workflow, Webhook → Create Job → Read/Write Files from Disk → Create
 * Batch (Records From: Binary File), loads a 100,000-row CSV file on a worker with n8n's binary
 * data in Postgres (N8N_DEFAULT_BINARY_DATA_MODE=database, 2.x's queue-mode default; 1.x has no
 * database mode and uses filesystem): every row arrives once, and the worker's heap growth during
 * the load is printed (measured by bench/lib/n8nProbe.cjs, loaded into each worker).
 * Everything started is stopped and the temporary folder removed afterwards, also after a
 * failure or Ctrl-C. Ends with `N passed, N failed`.
 *
 *   node test/e2e/queue-mode.cjs [--n8n-version 2.41.1|1.123.81]    (default 2.41.1)
 *
 * Redis, Postgres and the worker processes are started by queueServices.cjs.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');

const { createChecks } = require('../harness/checks.cjs');
const { createCleanups } = require('../harness/cleanups.cjs');
const { freePorts, packPackage } = require('../harness/n8nServer.cjs');
const { startSimulatorProcess } = require('../harness/simulatorProcess.cjs');
const { memoryInWindow } = require('../../bench/lib/realRuns.cjs');
const { DEFAULT_N8N_VERSION, N8N_VERSIONS, n8nInstall } = require('./install-n8n.cjs');
const { createN8nInstance } = require('./n8n-cli.cjs');
const {
	CREDENTIAL_TYPE,
	EXAMPLE_CREDENTIAL,
	NODE_TYPE,
	csvStock,
	simulatorCredentialData,
	startFeedServer,
} = require('./fixtures.cjs');
const {
	ensureQueueServices,
	startPostgres,
	startRedis,
	startWorker,
} = require('./queueServices.cjs');

const WORKFLOW_ID = 'fluentQueueLoad1';
const WEBHOOK_PATH = 'fluent-queue-load';
const FILE_WORKFLOW_ID = 'fluentQueueFile1';
const FILE_WEBHOOK_PATH = 'fluent-queue-file';
const FILE_ROWS = 100_000;
/** Samples each worker's heap; writes them to $FLUENT_BENCH_PROBE_FILE when the worker exits. */
const HEAP_PROBE = path.resolve(__dirname, '..', '..', 'bench', 'lib', 'n8nProbe.cjs');
const ENCRYPTION_KEY = 'fluent-queue-encryption-key';

const checks = createChecks();
const { check, group, note } = checks;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The lines of the workers' logs that speak of an error, for a failed check's detail. */
function workerErrorLines(workers) {
	return workers
		.flatMap((worker) =>
			worker
				.output()
				.split('\n')
				.filter((line) => /error|fail|Fluent/i.test(line))
				.map((line) => `${worker.name}: ${line}`),
		)
		.slice(-25)
		.join('\n');
}

/** The executions a worker's log says it ran: "Worker started execution 12 (job 3)". */
function executionsRunBy(worker) {
	return [...worker.output().matchAll(/Worker started execution (\d+)/g)].map((match) => match[1]);
}

// ---------------------------------------------------------------- the workflow

function queueWorkflow() {
	return {
		id: WORKFLOW_ID,
		name: 'Queue mode: load stock from a webhook',
		nodes: [
			{
				id: 'b0c1d2e3-0000-4000-8000-000000000001',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'b0c1d2e3-0000-4000-8000-0000000000aa',
				parameters: {
					httpMethod: 'POST',
					path: WEBHOOK_PATH,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			},
			{
				id: 'b0c1d2e3-0000-4000-8000-000000000002',
				name: 'Create Job',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					operation: 'createJob',
					jobName: "=Queue load {{ $('Webhook').first().json.body.name }}",
					retailerId: '',
					options: {},
				},
				credentials: { fluentCommerceApi: EXAMPLE_CREDENTIAL },
			},
			{
				id: 'b0c1d2e3-0000-4000-8000-000000000003',
				name: 'Get stock from ERP',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [440, 0],
				parameters: { url: "={{ $('Webhook').first().json.body.feedUrl }}", options: {} },
			},
			{
				id: 'b0c1d2e3-0000-4000-8000-000000000004',
				name: 'Create Batch',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [660, 0],
				parameters: {
					operation: 'createBatch',
					jobId: "={{ $('Create Job').first().json.jobId }}",
					columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [] },
					retailerId: '',
					batchSize: 5000,
					waitForCompletion: true,
					options: { source: 'queue-e2e', pollIntervalSeconds: 1 },
				},
				credentials: { fluentCommerceApi: EXAMPLE_CREDENTIAL },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Create Job', type: 'main', index: 0 }]] },
			'Create Job': { main: [[{ node: 'Get stock from ERP', type: 'main', index: 0 }]] },
			'Get stock from ERP': { main: [[{ node: 'Create Batch', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

/** Webhook → Create Job → Read/Write Files from Disk (the file the call names) → Create Batch. */
function fileWorkflow() {
	return {
		id: FILE_WORKFLOW_ID,
		name: 'Queue mode: load a stock file from disk',
		nodes: [
			{
				id: 'c1d2e3f4-0000-4000-8000-000000000001',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'c1d2e3f4-0000-4000-8000-0000000000aa',
				parameters: {
					httpMethod: 'POST',
					path: FILE_WEBHOOK_PATH,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			},
			{
				id: 'c1d2e3f4-0000-4000-8000-000000000002',
				name: 'Create Job',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					operation: 'createJob',
					jobName: "=Queue file load {{ $('Webhook').first().json.body.name }}",
					retailerId: '',
					options: {},
				},
				credentials: { fluentCommerceApi: EXAMPLE_CREDENTIAL },
			},
			{
				id: 'c1d2e3f4-0000-4000-8000-000000000003',
				name: 'Read stock file',
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1,
				position: [440, 0],
				parameters: { fileSelector: "={{ $('Webhook').first().json.body.filePath }}", options: {} },
			},
			{
				id: 'c1d2e3f4-0000-4000-8000-000000000004',
				name: 'Create Batch',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [660, 0],
				parameters: {
					operation: 'createBatch',
					jobId: "={{ $('Create Job').first().json.jobId }}",
					recordsFrom: 'binaryFile',
					binaryPropertyName: 'data',
					fileFormat: 'csv',
					retailerId: '',
					batchSize: 5000,
					waitForCompletion: true,
					options: { source: 'queue-file', pollIntervalSeconds: 1, timeoutSeconds: 900 },
				},
				credentials: { fluentCommerceApi: EXAMPLE_CREDENTIAL },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Create Job', type: 'main', index: 0 }]] },
			'Create Job': { main: [[{ node: 'Read stock file', type: 'main', index: 0 }]] },
			'Read stock file': { main: [[{ node: 'Create Batch', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

function stockPositions(prefix, count) {
	return Array.from({ length: count }, (_, index) => ({
		skuRef: `${prefix}-${String(index).padStart(6, '0')}`,
		locationRef: `LOC-${index % 5}`,
		qty: (index * 11) % 300,
	}));
}

/** POSTs the webhook; the answer (responseMode lastNode) is Create Batch's output items. */
async function callWebhook(mainUrl, body, { webhookPath = WEBHOOK_PATH, timeoutMs = 240_000 } = {}) {
	const started = Date.now();
	const response = await fetch(`${mainUrl}/webhook/${webhookPath}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await response.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return {
		status: response.status,
		json,
		text,
		startedAt: started,
		endedAt: Date.now(),
		seconds: (Date.now() - started) / 1000,
	};
}

/** The files under `dir` (recursively) of exactly `size` bytes. */
function filesOfSize(dir, size) {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
		.filter((file) => fs.statSync(file).size === size);
}

/** The heap growth in MB (peak in the window over the heap as it opened) a worker's probe shows. */
function heapGrowthMb(probeFile, fromMs, toMs) {
	let probe;
	try {
		probe = JSON.parse(fs.readFileSync(probeFile, 'utf8'));
	} catch {
		return undefined;
	}
	const memory = memoryInWindow(probe, fromMs, toMs);
	if (memory?.heapAtStart === undefined) return undefined;
	const mb = (bytes) => bytes / 1048576;
	return {
		growth: mb(memory.peakHeap - memory.heapAtStart),
		atStart: mb(memory.heapAtStart),
		peak: mb(memory.peakHeap),
		limit: mb(memory.heapLimit),
	};
}

function batchesAnswer(answer) {
	const batches = Array.isArray(answer.json) ? answer.json : [answer.json].filter(Boolean);
	return {
		statuses: batches.map((batch) => batch.status),
		succeeded: batches.reduce((total, batch) => total + (Number(batch.recordsSucceeded) || 0), 0),
		failed: batches.reduce((total, batch) => total + (Number(batch.recordsFailed) || 0), 0),
	};
}

/** Checks that the simulator's store holds exactly `positions`, each once. */
async function checkStore(simulator, positions, label) {
	const summary = await simulator.storeSummary();
	const qtySum = positions.reduce((total, position) => total + position.qty, 0);
	check(
		`simulator store: ${positions.length.toLocaleString('en')} positions${label}, each arrived exactly once`,
		summary?.size === positions.length &&
			summary?.totalArrivals === positions.length &&
			summary?.duplicates === 0 &&
			summary?.qtySum === qtySum,
		`${JSON.stringify(summary)}, expected size ${positions.length}, qtySum ${qtySum}`,
	);
}

// ---------------------------------------------------------------- the run

async function main() {
	const { values } = parseArgs({ options: { 'n8n-version': { type: 'string' } } });
	const version = values['n8n-version'] ?? DEFAULT_N8N_VERSION;
	if (!N8N_VERSIONS[version]) {
		process.stderr.write(`--n8n-version must be one of ${Object.keys(N8N_VERSIONS).join(', ')}\n`);
		process.stdout.write('\n0 passed, 1 failed\n');
		process.exitCode = 2;
		return;
	}
	const started = Date.now();
	const install = n8nInstall(version);
	const cleanups = createCleanups('n8n, the workers, Redis, Postgres and the simulator');
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fluent-queue-'));
	// Postgres runs as its own user and must reach its folder inside.
	fs.chmodSync(workDir, 0o755);
	cleanups.add(() => fs.rmSync(workDir, { recursive: true, force: true }));

	try {
		group(`Services: n8n ${version}, Redis, Postgres, the Fluent simulator, the ERP feed`);
		install.ensure();
		note(ensureQueueServices());
		const [redisPort, postgresPort] = await freePorts(2);
		const redis = await startRedis(path.join(workDir, 'redis'), redisPort);
		cleanups.add(() => redis.stop());
		const postgres = startPostgres(path.join(workDir, 'postgres'), postgresPort);
		cleanups.add(() => postgres.stop());
		check(
			`Redis on 127.0.0.1:${redisPort} and Postgres on 127.0.0.1:${postgresPort} are running`,
			true,
		);
		const simulator = await startSimulatorProcess({
			flags: { 'job-lifetime': '24h', 'latency-ms': 20 },
		});
		cleanups.add(() => simulator.stop());
		const stockA = stockPositions('QA', 12_000);
		const stockB = stockPositions('QB', 9_000);
		const stockC = stockPositions('QC', 25_000);
		const feed = await startFeedServer({
			'/stock/a': stockA,
			'/stock/b': stockB,
			'/stock/c': stockC,
		});
		cleanups.add(() => feed.stop());

		group(
			'n8n: the package installed on main and on each worker, the workflow imported and activated',
		);
		const tarball = packPackage(workDir);
		const filesDir = path.join(workDir, 'files');
		fs.mkdirSync(filesDir);
		const stockFile = csvStock(FILE_ROWS);
		const stockFilePath = path.join(filesDir, 'stock-100k.csv');
		fs.writeFileSync(stockFilePath, stockFile.text);
		const stockFileBytes = fs.statSync(stockFilePath).size;
		const instances = ['main', 'worker-1', 'worker-2'].map((name) =>
			createN8nInstance({
				install,
				userFolder: path.join(workDir, name),
				filesDir,
				encryptionKey: ENCRYPTION_KEY,
			}),
		);
		for (const instance of instances) {
			const installed = await instance.installPackage(tarball);
			check(
				`npm install of the package into ${path.basename(instance.userFolder)}/.n8n/nodes`,
				installed.code === 0,
				installed.stderr.slice(-1500),
			);
		}
		const binaryDataMode = version.startsWith('1.') ? 'filesystem' : 'database';
		const queueEnv = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			// Binary data in Postgres: 2.x's default in queue mode, set here so that it is tested
			// whatever the default becomes; 1.x has no database mode.
			N8N_DEFAULT_BINARY_DATA_MODE: binaryDataMode,
		};
		const [main, ...workerInstances] = instances;
		const credentialsFile = path.join(workDir, 'credentials.json');
		fs.writeFileSync(
			credentialsFile,
			JSON.stringify([
				{
					...EXAMPLE_CREDENTIAL,
					type: CREDENTIAL_TYPE,
					data: simulatorCredentialData(simulator),
				},
			]),
		);
		const workflowSteps = [queueWorkflow(), fileWorkflow()].flatMap((workflow) => {
			const workflowFile = path.join(workDir, `${workflow.id}.json`);
			fs.writeFileSync(workflowFile, JSON.stringify(workflow));
			return [
				[`import:workflow ${workflow.id}`, ['import:workflow', `--input=${workflowFile}`]],
				// n8n 2.x publishes a workflow; n8n 1.x calls that "active".
				[
					`activate the workflow ${workflow.id}`,
					version.startsWith('1.')
						? ['update:workflow', `--id=${workflow.id}`, '--active=true']
						: ['publish:workflow', `--id=${workflow.id}`],
				],
			];
		});
		for (const [what, args] of [
			['import:credentials', ['import:credentials', `--input=${credentialsFile}`]],
			...workflowSteps,
		]) {
			const result = await main.n8n(args, { extraEnv: queueEnv });
			check(
				`n8n ${what} (Postgres)`,
				result.code === 0,
				`exit ${result.code}\n${(result.stdout + result.stderr).slice(-2000)}`,
			);
		}

		group('n8n start (main, queue mode) and two n8n worker processes');
		const mainServer = await main.startServer({ extraEnv: queueEnv, timeoutMs: 180_000 });
		cleanups.add(() => mainServer.stop());
		const workers = [];
		for (const [index, instance] of workerInstances.entries()) {
			const probeFile = path.join(workDir, `heap-probe-worker-${index + 1}.json`);
			const worker = await startWorker(
				instance,
				{ ...queueEnv, FLUENT_BENCH_PROBE_FILE: probeFile },
				`worker ${index + 1}`,
				{ nodeArgs: ['--require', HEAP_PROBE] },
			);
			cleanups.add(() => worker.stop());
			workers.push({ ...worker, instance, probeFile });
		}
		check('main serves on loopback and both workers answer their health check', true);
		note(`main ${mainServer.url}; ${((Date.now() - started) / 1000).toFixed(0)} s so far`);
		const runsPerWorker = () => workers.map((worker) => executionsRunBy(worker).length);

		group('A webhook call: the execution runs on a worker and loads every record exactly once');
		await simulator.reset();
		{
			const before = runsPerWorker();
			const answer = await callWebhook(mainServer.url, {
				name: 'A',
				feedUrl: `${feed.url}/stock/a`,
			});
			note(`webhook answered ${answer.status} after ${answer.seconds.toFixed(1)} s`);
			const batches = batchesAnswer(answer);
			check(
				'the webhook answers with Create Batch: 3 batches COMPLETE, 12,000 succeeded',
				answer.status === 200 &&
					JSON.stringify(batches.statuses) ===
						JSON.stringify(['COMPLETE', 'COMPLETE', 'COMPLETE']) &&
					batches.succeeded === 12_000 &&
					batches.failed === 0,
				`HTTP ${answer.status}: ${answer.text.slice(0, 1500)}\n${workerErrorLines(workers)}`,
			);
			const ran = runsPerWorker().map((count, index) => count - before[index]);
			check(
				'one worker ran it (its log says so), the other did not',
				ran.sort().join() === '0,1',
				`runs per worker: ${ran}`,
			);
			const enqueued = [...mainServer.output().matchAll(/Enqueued execution (\d+)/g)].map(
				(match) => match[1],
			);
			const ranIds = workers.flatMap((worker) => executionsRunBy(worker));
			check(
				'main enqueued it ("Enqueued execution N"), and a worker ran that execution',
				enqueued.length === 1 && ranIds.includes(enqueued[0]),
				`main enqueued ${enqueued.join(', ') || 'nothing'}; workers ran ${ranIds.join(', ') || 'nothing'}`,
			);
			await checkStore(simulator, stockA, '');
			const stats = await simulator.stats();
			check(
				'simulator: one job with three batches from source "queue-e2e"',
				stats.jobs.length === 1 &&
					stats.batches.length === 3 &&
					stats.batches.every((batch) => batch.source === 'queue-e2e'),
				JSON.stringify({
					jobs: stats.jobs.length,
					batches: stats.batches.map((batch) => batch.source),
				}),
			);
		}

		group(
			'The token expires in the middle of a 25,000-record load on a worker: exactly one new login',
		);
		await simulator.reset();
		{
			// Logs in first (reset() forgot the token n8n stored), then waits for the first accepted
			// batch, and only then revokes every token.
			let loginsBeforeExpiry;
			let batchesBeforeExpiry;
			const expiry = (async () => {
				const deadline = Date.now() + 120_000;
				while (Date.now() < deadline) {
					const stats = await simulator.stats();
					if (stats.batches.length > 0) {
						await simulator.faults({ type: 'expireTokens' });
						loginsBeforeExpiry = stats.tokenRequests.length;
						batchesBeforeExpiry = stats.batches.length;
						return;
					}
					await sleep(25);
				}
			})();
			const answer = await callWebhook(mainServer.url, {
				name: 'C',
				feedUrl: `${feed.url}/stock/c`,
			});
			await expiry;
			note(`webhook answered ${answer.status} after ${answer.seconds.toFixed(1)} s`);
			const batches = batchesAnswer(answer);
			check(
				'the load succeeds: 5 batches COMPLETE, 25,000 succeeded',
				answer.status === 200 &&
					batches.statuses.length === 5 &&
					batches.statuses.every((status) => status === 'COMPLETE') &&
					batches.succeeded === 25_000,
				`HTTP ${answer.status}: ${answer.text.slice(0, 1500)}\n${workerErrorLines(workers)}`,
			);
			const stats = await simulator.stats();
			check(
				`the tokens expired mid-load (after ${batchesBeforeExpiry} of 5 batches), and Fluent then answered 401`,
				batchesBeforeExpiry !== undefined &&
					batchesBeforeExpiry < 5 &&
					(stats.responses['401'] ?? 0) >= 1,
				JSON.stringify({ batchesBeforeExpiry, responses: stats.responses }),
			);
			check(
				'exactly one login after the expiry',
				loginsBeforeExpiry !== undefined && stats.tokenRequests.length - loginsBeforeExpiry === 1,
				`logins: ${loginsBeforeExpiry} before the expiry, ${stats.tokenRequests.length} in all`,
			);
			await checkStore(simulator, stockC, '');
		}

		group(
			'Two webhook calls at the same moment: one execution on each worker, both load everything',
		);
		await simulator.reset();
		{
			const before = runsPerWorker();
			const [answerA, answerB] = await Promise.all([
				callWebhook(mainServer.url, { name: 'A', feedUrl: `${feed.url}/stock/a` }),
				callWebhook(mainServer.url, { name: 'B', feedUrl: `${feed.url}/stock/b` }),
			]);
			note(
				`webhooks answered ${answerA.status} and ${answerB.status} after ${answerA.seconds.toFixed(1)} s and ${answerB.seconds.toFixed(1)} s`,
			);
			const [a, b] = [batchesAnswer(answerA), batchesAnswer(answerB)];
			check(
				'both succeed: 12,000 and 9,000 records, every batch COMPLETE',
				answerA.status === 200 &&
					answerB.status === 200 &&
					a.succeeded === 12_000 &&
					b.succeeded === 9_000 &&
					[...a.statuses, ...b.statuses].every((status) => status === 'COMPLETE') &&
					a.statuses.length + b.statuses.length === 5,
				`A: HTTP ${answerA.status} ${answerA.text.slice(0, 600)}\nB: HTTP ${answerB.status} ${answerB.text.slice(0, 600)}\n${workerErrorLines(workers)}`,
			);
			const ran = runsPerWorker().map((count, index) => count - before[index]);
			check('each worker ran one of them', ran.join() === '1,1', `runs per worker: ${ran}`);
			await checkStore(simulator, [...stockA, ...stockB], ' (both loads)');
			const stats = await simulator.stats();
			check(
				'simulator: two jobs, one per execution',
				stats.jobs.length === 2,
				JSON.stringify(stats.jobs.map((job) => job.name)),
			);
		}

		// Last: it stops the workers, for their heap probes to write what they saw.
		group(
			`A ${FILE_ROWS.toLocaleString('en')}-row CSV file read from disk into Create Batch (Records From: Binary File) on a worker, binary data mode ${binaryDataMode}`,
		);
		await simulator.reset();
		{
			const before = runsPerWorker();
			const answer = await callWebhook(
				mainServer.url,
				{ name: 'file', filePath: stockFilePath },
				{ webhookPath: FILE_WEBHOOK_PATH, timeoutMs: 900_000 },
			);
			note(`webhook answered ${answer.status} after ${answer.seconds.toFixed(1)} s`);
			const batches = batchesAnswer(answer);
			const batchCount = Math.ceil(FILE_ROWS / 5000);
			check(
				`the webhook answers with Create Batch: ${batchCount} batches COMPLETE, ${FILE_ROWS.toLocaleString('en')} succeeded, none failed`,
				answer.status === 200 &&
					batches.statuses.length === batchCount &&
					batches.statuses.every((status) => status === 'COMPLETE') &&
					batches.succeeded === FILE_ROWS &&
					batches.failed === 0,
				`HTTP ${answer.status}: ${answer.text.slice(0, 1500)}\n${workerErrorLines(workers)}`,
			);
			const ran = runsPerWorker().map((count, index) => count - before[index]);
			check(
				'one worker ran it (its log says so), the other did not',
				[...ran].sort().join() === '0,1',
				`runs per worker: ${ran}`,
			);
			await checkStore(simulator, stockFile.positions, ' from the file');
			const stats = await simulator.stats();
			check(
				`simulator: one job, ${batchCount} batches of 5,000 records from source "queue-file"`,
				stats.jobs.length === 1 &&
					stats.batches.length === batchCount &&
					stats.batches.every((batch) => batch.source === 'queue-file' && batch.entityCount === 5000),
				JSON.stringify({
					jobs: stats.jobs.length,
					batches: stats.batches.map((batch) => [batch.entityCount, batch.source]),
				}),
			);
			if (binaryDataMode === 'database') {
				const stored = postgres.query(
					`SELECT "fileName", "fileSize" FROM binary_data WHERE "fileSize" = ${stockFileBytes}`,
				);
				check(
					`the file went through n8n's binary data in Postgres (binary_data holds stock-100k.csv, ${stockFileBytes.toLocaleString('en')} bytes)`,
					stored.some(([fileName]) => fileName === 'stock-100k.csv'),
					JSON.stringify(postgres.query('SELECT "fileName", "fileSize" FROM binary_data')),
				);
			} else {
				const stored = workers.flatMap((worker) =>
					filesOfSize(path.join(worker.instance.userFolder, '.n8n', 'binaryData'), stockFileBytes),
				);
				check(
					`the file went through n8n's binary data on the worker's disk (a ${stockFileBytes.toLocaleString('en')}-byte file under .n8n/binaryData)`,
					stored.length > 0,
					`no file of that size under ${workers.map((worker) => worker.instance.userFolder).join(', ')}`,
				);
			}
			// The heap probes write what they saw when their worker exits.
			for (const worker of workers) await worker.stop();
			const ranOn = ran.indexOf(1);
			const heap =
				ranOn >= 0 ? heapGrowthMb(workers[ranOn].probeFile, answer.startedAt, answer.endedAt) : undefined;
			note(
				heap
					? `heap growth on ${workers[ranOn].name} during the file load: ${heap.growth.toFixed(0)} MB (${heap.atStart.toFixed(0)} MB → peak ${heap.peak.toFixed(0)} MB, garbage included; heap limit ${heap.limit.toFixed(0)} MB)`
					: 'heap growth during the file load: not measured (no worker probe written)',
			);
		}
	} catch (error) {
		check('the queue-mode run completes', false, error.stack ?? error);
	} finally {
		await cleanups.runAll();
		check('the temporary folder is removed', !fs.existsSync(workDir), workDir);
		process.stdout.write(
			`\nQueue mode on n8n ${version}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
		);
		checks.finish();
	}
}

main();
