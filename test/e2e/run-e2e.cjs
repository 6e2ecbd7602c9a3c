#!/usr/bin/env node
/**
 * End to end in the real n8n: `npm run test:e2e`.
 *
 * 1. Installs n8n 2.41.1 and Node 24 into .cache/n8n-e2e once (install-n8n.cjs).
 * 2. Packs this package with `npm pack` and installs the tarball with npm into a fresh
 *    N8N_USER_FOLDER/.n8n/nodes, as the README tells users to.
 * 3. Starts the Fluent simulator and a small "ERP" JSON API, writes a CSV file.
 * 4. Imports a credential and every workflow in examples/ (pointed at those) with the n8n CLI,
 *    starts `n8n start` once to read the node and credential lists the editor gets, and checks
 *    for load errors.
 * 5. Runs each example with `n8n execute --id`, and checks its output and what the simulator
 *    received.
 *
 * Ends with the line `N passed, N failed`. Set FLUENT_E2E_KEEP=1 to keep the temp folder.
 */
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawn } = require('node:child_process');

const { packPackage } = require('../harness/n8nServer.cjs');
const { ensureN8n, isInstalled, paths, versions } = require('./install-n8n.cjs');
const { createN8nInstance, parseRunOutput, loadErrorLines, killGroup } = require('./n8n-cli.cjs');
const {
	EXAMPLES_DIR,
	EXAMPLE_CREDENTIAL,
	csvStock,
	erpStockLevels,
	stockChanges,
	startFeedServer,
	patchExample,
} = require('./fixtures.cjs');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE = require(path.join(REPO_ROOT, 'package.json'));
const NODE_TYPE = `${PACKAGE.name}.fluentInventoryBatch`;
const CREDENTIAL_TYPE = 'fluentCommerceApi';
const BAD_CREDENTIAL_ID = 'fluentBadLogin01';
const SECRETS = ['sim-client-secret', 'sim-password'];

// ---------------------------------------------------------------- checks and report

const results = [];
let currentGroup = '';

function group(name) {
	currentGroup = name;
	process.stdout.write(`\n${name}\n`);
}

function check(name, ok, detail) {
	results.push({ group: currentGroup, name, ok: !!ok });
	const line = ok
		? `  ✓ ${name}`
		: `  ✗ ${name}${detail === undefined ? '' : `\n      ${String(detail).split('\n').join('\n      ')}`}`;
	process.stdout.write(`${line}\n`);
	return !!ok;
}

function checkEqual(name, actual, expected) {
	const ok = JSON.stringify(actual) === JSON.stringify(expected);
	return check(
		name,
		ok,
		ok ? undefined : `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
	);
}

function note(text) {
	process.stdout.write(`    ${text}\n`);
}

// ---------------------------------------------------------------- simulator process

async function startSimulator() {
	const child = spawn(
		process.execPath,
		// Jobs live 24 h here (Fluent: until midnight UTC), so a run across midnight cannot flake.
		[
			path.join(REPO_ROOT, 'test', 'simulator', 'cli.cjs'),
			'--port',
			'0',
			'--quiet',
			'--job-lifetime',
			'24h',
		],
		{ stdio: ['ignore', 'pipe', 'pipe'], detached: true },
	);
	let stderr = '';
	child.stderr.on('data', (chunk) => (stderr += chunk));
	const info = await new Promise((resolve, reject) => {
		let buffered = '';
		const timer = setTimeout(() => reject(new Error(`simulator did not start: ${stderr}`)), 15_000);
		child.stdout.on('data', (chunk) => {
			buffered += chunk;
			const newline = buffered.indexOf('\n');
			if (newline === -1) return;
			clearTimeout(timer);
			resolve(JSON.parse(buffered.slice(0, newline)));
		});
		child.on('close', (code) => reject(new Error(`simulator exited with ${code}: ${stderr}`)));
	});
	async function admin(method, route, body) {
		return await new Promise((resolve, reject) => {
			const request = http.request(
				`${info.url}/__sim/${route}`,
				{ method, headers: { 'content-type': 'application/json' } },
				(response) => {
					let text = '';
					response.on('data', (chunk) => (text += chunk));
					response.on('end', () => {
						try {
							resolve({ status: response.statusCode, body: text ? JSON.parse(text) : undefined });
						} catch (error) {
							reject(error);
						}
					});
				},
			);
			request.on('error', reject);
			request.end(body === undefined ? undefined : JSON.stringify(body));
		});
	}
	return {
		url: info.url,
		info,
		reset: () => admin('POST', 'reset'),
		settle: () => admin('POST', 'settle'),
		faults: (body) => admin('POST', 'faults', body),
		stats: async () => (await admin('GET', 'stats')).body,
		summary: async () => (await admin('GET', 'store/summary')).body,
		record: async (retailerId, locationRef, skuRef) => {
			const query = new URLSearchParams({ retailerId, locationRef, skuRef });
			const response = await admin('GET', `store?${query}`);
			return response.status === 200 ? response.body : undefined;
		},
		stop: () => killGroup(child),
	};
}

// ---------------------------------------------------------------- helpers on a run

function nodeItems(run, nodeName) {
	return run?.data?.resultData?.runData?.[nodeName]?.[0]?.data?.main?.[0] ?? [];
}

function nodeJson(run, nodeName) {
	return nodeItems(run, nodeName).map((item) => item.json);
}

function leakedSecrets(text) {
	return SECRETS.filter((secret) => text.includes(secret));
}

/** Runs `n8n execute --id` and checks what every successful example run must show. */
async function executeExample(instance, workflowId, { expectSuccess = true } = {}) {
	const result = await instance.n8n(['execute', `--id=${workflowId}`, '--rawOutput'], {
		timeoutMs: 300_000,
	});
	const run = parseRunOutput(result.stdout);
	const output = `${result.stdout}\n${result.stderr}`;
	note(`n8n execute --id=${workflowId}: exit ${result.code} after ${result.seconds.toFixed(1)} s`);
	const runData = run?.data?.resultData?.runData ?? {};
	const timings = Object.entries(runData).map(
		([name, tasks]) => `${name} ${((tasks[0]?.executionTime ?? 0) / 1000).toFixed(1)} s`,
	);
	if (timings.length > 0) note(`nodes: ${timings.join(', ')}`);
	if (expectSuccess) {
		const error = run?.data?.resultData?.error;
		check(
			'n8n execute exits 0 with a successful run',
			result.code === 0 && run?.status === 'success' && !error,
			`exit ${result.code}${result.timedOut ? ' (timed out)' : ''}, status ${run?.status}, error ${error?.message ?? '-'}\n${output.slice(-2500)}`,
		);
	}
	check(
		'no package load errors in the output',
		loadErrorLines(output, PACKAGE.name).length === 0,
		loadErrorLines(output, PACKAGE.name).join('\n'),
	);
	check(
		'no secret appears in the output',
		leakedSecrets(output).length === 0,
		leakedSecrets(output).join(', '),
	);
	return { result, run, output };
}

function sum(items, field) {
	return items.reduce((total, item) => total + (Number(item[field]) || 0), 0);
}

// ---------------------------------------------------------------- the run

async function main() {
	const started = Date.now();
	const cleanups = [];
	// The simulator and n8n run in process groups of their own, which Ctrl-C does not reach.
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, async () => {
			process.stdout.write(`\n${signal}: stopping n8n, the simulator and the ERP feed\n`);
			for (const cleanup of cleanups.reverse()) await Promise.resolve().then(cleanup).catch(() => undefined);
			process.exit(130);
		});
	}
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fluent-e2e-'));
	let keep = process.env.FLUENT_E2E_KEEP === '1';

	try {
		group(`Install: n8n ${versions.n8n} on Node ${versions.node} (cache)`);
		const installStarted = Date.now();
		ensureN8n();
		check(
			'n8n and Node 24 are installed in the cache',
			isInstalled() &&
				execFileSync(paths.nodeBin, ['--version'], { encoding: 'utf8' }).trim() ===
					`v${versions.node}`,
		);
		note(`ready in ${((Date.now() - installStarted) / 1000).toFixed(1)} s`);

		group('Package: npm pack, then npm install into a fresh N8N_USER_FOLDER/.n8n/nodes');
		let tarball;
		try {
			tarball = packPackage(workDir);
		} catch (error) {
			check('npm pack holds the node and the credential', false, error.message);
			throw error;
		}
		check('npm pack holds the node and the credential', true);
		const packedFiles = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
			.split('\n')
			.filter(Boolean)
			.map((file) => file.replace(/^package\//, ''));
		const unexpected = packedFiles.filter(
			(file) => !/^(dist\/|package\.json$|README\.md$|LICENSE$)/.test(file),
		);
		check(
			'the tarball holds only dist/, package.json, README.md and LICENSE',
			unexpected.length === 0,
			unexpected.join(', '),
		);

		const filesDir = path.join(workDir, 'files');
		fs.mkdirSync(filesDir);
		const instance = createN8nInstance({ userFolder: path.join(workDir, 'n8n-user'), filesDir });
		const installed = await instance.installPackage(tarball);
		const installedDir = path.join(instance.nodesDir, 'node_modules', PACKAGE.name);
		check(
			`npm install puts the package in .n8n/nodes/node_modules/${PACKAGE.name}`,
			installed.code === 0 && fs.existsSync(path.join(installedDir, PACKAGE.n8n.nodes[0])),
			`exit ${installed.code}\n${installed.stderr.slice(-1500)}`,
		);
		check(
			'no second copy of n8n-workflow is installed beside it (n8n provides it)',
			!fs.existsSync(path.join(instance.nodesDir, 'node_modules', 'n8n-workflow')) &&
				!fs.existsSync(path.join(installedDir, 'node_modules', 'n8n-workflow')),
		);

		group('Services: Fluent simulator, ERP feed, CSV file');
		const simulator = await startSimulator();
		cleanups.push(() => simulator.stop());
		const csv = csvStock(12_000);
		const csvPath = path.join(filesDir, 'inventory', 'stock.csv');
		fs.mkdirSync(path.dirname(csvPath), { recursive: true });
		fs.writeFileSync(csvPath, csv.text);
		const levels = erpStockLevels(7_500);
		const changes = stockChanges(1_200);
		const feed = await startFeedServer({
			'/api/stock-levels': levels,
			'/api/stock-changes': changes,
		});
		cleanups.push(() => feed.stop());
		check(
			'simulator, feed and CSV file are ready',
			(await simulator.summary())?.size === 0 && fs.statSync(csvPath).size > 0,
		);
		note(
			`simulator ${simulator.url}, feed ${feed.url}, CSV ${csvPath} (${csv.positions.length} rows)`,
		);

		group('n8n: import the credential and the example workflows');
		const credentialData = {
			environment: 'custom',
			baseUrl: simulator.url,
			accountId: simulator.info.accountId,
			clientId: simulator.info.clientId,
			clientSecret: simulator.info.clientSecret,
			username: simulator.info.username,
			password: simulator.info.password,
			retailerId: '',
		};
		const credentialsFile = path.join(workDir, 'credentials.json');
		fs.writeFileSync(
			credentialsFile,
			JSON.stringify([
				{ ...EXAMPLE_CREDENTIAL, type: CREDENTIAL_TYPE, data: credentialData },
				{
					id: BAD_CREDENTIAL_ID,
					name: 'Fluent with a wrong password',
					type: CREDENTIAL_TYPE,
					data: { ...credentialData, password: 'not-the-password' },
				},
			]),
		);
		const importedCredentials = await instance.n8n([
			'import:credentials',
			`--input=${credentialsFile}`,
		]);
		check(
			'n8n import:credentials succeeds',
			importedCredentials.code === 0 &&
				/Successfully imported 2 credentials/.test(importedCredentials.stdout),
			`exit ${importedCredentials.code}\n${(importedCredentials.stdout + importedCredentials.stderr).slice(-2000)}`,
		);

		const poll = { pollIntervalSeconds: 1 };
		const workflows = {
			nightly: patchExample('nightly-full-load-from-csv.json', 'e2eNightlyCsv', {
				'Read stock file': { fileSelector: csvPath },
				'Create Batch': { options: poll },
			}),
			http: patchExample('load-from-http-api.json', 'e2eHttpApi', {
				'Get stock levels from ERP': { url: `${feed.url}/api/stock-levels` },
				'Create Batch': { options: poll },
			}),
			later: patchExample('submit-now-check-later.json', 'e2eCheckLater', {
				'Get stock changes': { url: `${feed.url}/api/stock-changes` },
				'Wait 5 minutes': { amount: 2, unit: 'seconds' },
				'Get Batch': { options: poll },
			}),
			badLogin: patchExample(
				'load-from-http-api.json',
				'e2eBadLogin',
				{ 'Get stock levels from ERP': { url: `${feed.url}/api/stock-levels` } },
				{ credentialId: BAD_CREDENTIAL_ID },
			),
		};
		const exampleFiles = fs.readdirSync(EXAMPLES_DIR).filter((file) => file.endsWith('.json'));
		checkEqual('every example in examples/ is run by this test', exampleFiles.sort(), [
			'load-from-http-api.json',
			'nightly-full-load-from-csv.json',
			'submit-now-check-later.json',
		]);
		const workflowsDir = path.join(workDir, 'workflows');
		fs.mkdirSync(workflowsDir);
		for (const [key, { workflow, described }] of Object.entries(workflows)) {
			fs.writeFileSync(path.join(workflowsDir, `${key}.json`), JSON.stringify(workflow));
			note(`${workflow.id}: ${described.join('; ')}`);
		}
		const importedWorkflows = await instance.n8n([
			'import:workflow',
			'--separate',
			`--input=${workflowsDir}`,
		]);
		check(
			'n8n import:workflow imports all of them',
			importedWorkflows.code === 0 &&
				new RegExp(`Successfully imported ${Object.keys(workflows).length} workflows`).test(
					importedWorkflows.stdout,
				),
			`exit ${importedWorkflows.code}\n${(importedWorkflows.stdout + importedWorkflows.stderr).slice(-2000)}`,
		);
		check(
			'no package load errors while importing',
			loadErrorLines(
				importedCredentials.stdout +
					importedCredentials.stderr +
					importedWorkflows.stdout +
					importedWorkflows.stderr,
				PACKAGE.name,
			).length === 0,
		);

		group('n8n start: the editor lists the node and the credential, with no load errors');
		const server = await instance.startServer();
		cleanups.push(() => server.stop());
		note(`n8n listening on ${server.url}`);
		const nodeTypes = JSON.parse(fs.readFileSync(path.join(server.typesDir, 'nodes.json'), 'utf8'));
		const credentialTypes = JSON.parse(
			fs.readFileSync(path.join(server.typesDir, 'credentials.json'), 'utf8'),
		);
		const node = nodeTypes.find((type) => type.name === NODE_TYPE);
		check(
			`nodes list has ${NODE_TYPE}`,
			node,
			`${nodeTypes.length} node types, none named ${NODE_TYPE}`,
		);
		if (node) {
			checkEqual(
				'… as "Fluent Inventory Batch", version 1',
				[node.displayName, node.version],
				['Fluent Inventory Batch', 1],
			);
			checkEqual(
				'… with the four operations (besides the "Custom API Call" n8n adds)',
				node.properties
					.find((property) => property.name === 'operation')
					?.options.map((option) => option.value)
					.filter((value) => value !== '__CUSTOM_API_CALL__')
					.sort(),
				['createBatch', 'createJob', 'getBatch', 'getJob'],
			);
			checkEqual(
				'… using the fluentCommerceApi credential',
				node.credentials?.map((entry) => entry.name),
				[CREDENTIAL_TYPE],
			);
			check(
				'… with its documentation link (codex) to the README',
				JSON.stringify(node.codex?.resources ?? {}).includes(`${PACKAGE.homepage}`) ||
					JSON.stringify(node.codex?.resources ?? {}).includes(
						PACKAGE.homepage.replace(/#readme$/, ''),
					),
				JSON.stringify(node.codex),
			);
		}
		const credential = credentialTypes.find((type) => type.name === CREDENTIAL_TYPE);
		check(
			`credentials list has ${CREDENTIAL_TYPE}`,
			credential,
			`${credentialTypes.length} credential types`,
		);
		if (credential) {
			checkEqual('… as "Fluent Commerce API"', credential.displayName, 'Fluent Commerce API');
			check(
				'… with every field of the contract',
				[
					'environment',
					'accountId',
					'baseUrl',
					'clientId',
					'clientSecret',
					'username',
					'password',
					'retailerId',
					'accessToken',
				].every((name) => credential.properties.some((property) => property.name === name)),
				credential.properties.map((property) => property.name).join(', '),
			);
			check(
				'… usable by the node',
				(credential.supportedNodes ?? []).includes(NODE_TYPE),
				JSON.stringify(credential.supportedNodes),
			);
		}
		check(
			'the n8n log has no load error for the package',
			loadErrorLines(server.log(), PACKAGE.name).length === 0,
			loadErrorLines(server.log(), PACKAGE.name).join('\n'),
		);
		await server.stop();
		cleanups.pop();

		// ------------------------------------------------------------ example 1
		group(
			'Example nightly-full-load-from-csv.json: 12,000 CSV rows, Create Job → Create Batch with waiting',
		);
		await simulator.reset();
		{
			const { run } = await executeExample(instance, workflows.nightly.workflow.id);
			const batches = nodeJson(run, 'Create Batch');
			checkEqual(
				'Create Batch: three batches of 5,000, 5,000 and 2,000',
				batches.map((batch) => batch.recordCount),
				[5000, 5000, 2000],
			);
			checkEqual(
				'… all COMPLETE',
				batches.map((batch) => batch.status),
				['COMPLETE', 'COMPLETE', 'COMPLETE'],
			);
			checkEqual(
				'… every record succeeded',
				[sum(batches, 'recordsSucceeded'), sum(batches, 'recordsFailed')],
				[12000, 0],
			);
			check(
				'no record failed, so the error branch ("Failed records") did not run',
				run?.data?.resultData?.runData?.['Failed records'] === undefined,
				JSON.stringify(nodeJson(run, 'Failed records')).slice(0, 500),
			);
			const [summary] = nodeJson(run, 'Summary');
			checkEqual(
				'Summary: 3 batches, 12,000 sent, 12,000 succeeded, 0 failed',
				summary && [
					summary.batches,
					summary.allComplete,
					summary.recordsSent,
					summary.recordsSucceeded,
					summary.recordsFailed,
				],
				[3, true, 12000, 12000, 0],
			);
			const stats = await simulator.stats();
			checkEqual(
				'simulator: one job, named "Nightly full inventory load <date>"',
				stats.jobs.map((job) => /^Nightly full inventory load \d{4}-\d\d-\d\d$/.test(job.name)),
				[true],
			);
			// Batches go out several at a time, so the simulator may receive them in any order.
			const received = new Map(stats.batches.map((batch) => [String(batch.batchId), batch]));
			checkEqual(
				'simulator: three batches of the right sizes, source "nightly-csv"',
				batches.map((batch) => {
					const stored = received.get(String(batch.batchId));
					return stored ? [stored.entityCount, stored.source] : null;
				}),
				[
					[5000, 'nightly-csv'],
					[5000, 'nightly-csv'],
					[2000, 'nightly-csv'],
				],
			);
			check(
				'simulator: login carried the fluent.account header',
				stats.tokenRequests.length >= 1 &&
					stats.tokenRequests.every(
						(request) => request.fluentAccountHeader === simulator.info.accountId,
					),
				JSON.stringify(stats.tokenRequests),
			);
			const store = await simulator.summary();
			const qtySum = csv.positions.reduce((total, position) => total + position.qty, 0);
			checkEqual('simulator store: 12,000 positions, each arrived once, quantities add up', store, {
				size: 12000,
				totalArrivals: 12000,
				duplicates: 0,
				qtySum,
			});
			const sample = csv.positions[7777];
			const stored = await simulator.record('1', sample.locationRef, sample.skuRef);
			checkEqual(
				`simulator store: ${sample.skuRef}@${sample.locationRef} has qty ${sample.qty} (a number, from CSV text)`,
				stored?.qty,
				sample.qty,
			);
		}

		group(
			'Example nightly-full-load-from-csv.json again, with Fluent failing two records (COMPLETE with errors)',
		);
		await simulator.reset();
		{
			const failing = [csv.positions[7], csv.positions[10_001]];
			await simulator.faults(
				failing.map((position) => ({
					type: 'failRecords',
					match: { skuRef: position.skuRef },
					responseCode: '400',
					message: 'Location not found',
				})),
			);
			const { run } = await executeExample(instance, workflows.nightly.workflow.id);
			const [summary] = nodeJson(run, 'Summary');
			checkEqual(
				'Summary: 11,998 succeeded, 2 failed, all batches still COMPLETE',
				summary && [summary.recordsSucceeded, summary.recordsFailed, summary.allComplete],
				[11998, 2, true],
			);
			checkEqual(
				"Summary lists the failed records with Fluent's code and message",
				summary?.failedRecords,
				failing.map((position) => ({
					entityRef: `${position.skuRef}:${position.locationRef}`,
					responseCode: '400',
					message: 'Location not found',
				})),
			);
			checkEqual(
				'simulator store holds the other 11,998',
				(await simulator.summary())?.size,
				11998,
			);
			// Issue 16: Create Batch has On Error → Continue (using error output) in the example.
			const errorOutput = run?.data?.resultData?.runData?.['Create Batch']?.[0]?.data?.main?.[1] ?? [];
			checkEqual(
				"Create Batch's error output: the 2 failed records, paired with input items 7 and 10,001",
				errorOutput.map((item) => item.pairedItem),
				[[{ item: 7 }], [{ item: 10_001 }]],
			);
			checkEqual(
				'the error branch ("Failed records") receives exactly the failed records',
				nodeJson(run, 'Failed records').map((json) => ({ ...json, batchId: typeof json.batchId })),
				failing.map((position, at) => ({
					itemIndex: [7, 10_001][at],
					skuRef: position.skuRef,
					locationRef: position.locationRef,
					qty: String(position.qty),
					responseCode: '400',
					message: 'Location not found',
					batchId: 'string',
				})),
			);
			checkEqual(
				'… and the main branch still gets every batch',
				nodeJson(run, 'Create Batch').map((batch) => batch.recordCount),
				[5000, 5000, 2000],
			);
		}

		// ------------------------------------------------------------ example 2
		group(
			'Example load-from-http-api.json: 7,500 positions from a JSON API, mapped with Define Below',
		);
		await simulator.reset();
		{
			const { run } = await executeExample(instance, workflows.http.workflow.id);
			checkEqual('the ERP API was called once', feed.hits['/api/stock-levels'], 1);
			const batches = nodeJson(run, 'Create Batch');
			checkEqual(
				'Create Batch: batches of 5,000 and 2,500, COMPLETE',
				batches.map((batch) => [batch.recordCount, batch.status]),
				[
					[5000, 'COMPLETE'],
					[2500, 'COMPLETE'],
				],
			);
			const [summary] = nodeJson(run, 'Summary');
			checkEqual(
				'Summary: 7,500 sent, 7,500 succeeded, 0 failed',
				summary && [summary.recordsSent, summary.recordsSucceeded, summary.recordsFailed],
				[7500, 7500, 0],
			);
			checkEqual('simulator store: 7,500 positions, each once', await simulator.summary(), {
				size: 7500,
				totalArrivals: 7500,
				duplicates: 0,
				qtySum: levels.reduce((total, level) => total + level.onHand, 0),
			});
			const sample = levels[4321];
			const stored = await simulator.record('1', sample.warehouse, sample.sku);
			checkEqual(
				`simulator store: ${sample.sku}@${sample.warehouse} mapped from sku/warehouse/onHand/reserved`,
				stored && [stored.qty, stored.reservedQty],
				[sample.onHand, sample.reserved],
			);
			checkEqual(
				'simulator: batches carry source "ERP"',
				(await simulator.stats()).batches.map((batch) => batch.source),
				['ERP', 'ERP'],
			);
		}

		// ------------------------------------------------------------ example 3
		group(
			'Example submit-now-check-later.json: Create Batch without waiting, Wait, then Get Batch',
		);
		await simulator.reset();
		{
			const { run } = await executeExample(instance, workflows.later.workflow.id);
			const [sent] = nodeJson(run, 'Create Batch');
			check(
				'Create Batch returned at once, before Fluent finished',
				sent && sent.status !== 'COMPLETE' && sent.recordsSucceeded === undefined,
				JSON.stringify(sent),
			);
			checkEqual(
				'… with the batch ID and 1,200 records',
				sent && [typeof sent.batchId, sent.recordCount],
				['string', 1200],
			);
			check('the Wait node ran', nodeItems(run, 'Wait 5 minutes').length === 1);
			const [read] = nodeJson(run, 'Get Batch');
			checkEqual(
				'Get Batch: the same batch, COMPLETE, 1,200 succeeded, 0 failed',
				read && [read.batchId, read.status, read.recordsSucceeded, read.recordsFailed],
				[sent?.batchId, 'COMPLETE', 1200, 0],
			);
			const [summary] = nodeJson(run, 'Summary');
			checkEqual(
				'Summary: 1,200 succeeded, 0 failed',
				summary && [summary.recordsSucceeded, summary.recordsFailed],
				[1200, 0],
			);
			const stats = await simulator.stats();
			checkEqual(
				'simulator: the job asked Fluent to skip batch pre-processing',
				stats.jobs.map((job) => job.meta),
				[{ preprocessing: 'skip' }],
			);
			checkEqual(
				'simulator store: 1,200 positions, each once',
				(await simulator.summary())?.size,
				1200,
			);
		}

		// ------------------------------------------------------------ an error as the user sees it
		group("A wrong password: the run fails with Fluent's reason, and nothing is sent");
		await simulator.reset();
		{
			const { result, output } = await executeExample(instance, workflows.badLogin.workflow.id, {
				expectSuccess: false,
			});
			check('n8n execute exits 1', result.code === 1, `exit ${result.code}`);
			check(
				'the error says Fluent rejected the login and what to check',
				/Fluent rejected the login: Bad credentials.*Check the Username and Password/.test(output),
				output
					.split('\n')
					.filter((line) => /error|Fluent/i.test(line))
					.slice(0, 12)
					.join('\n'),
			);
			const stats = await simulator.stats();
			checkEqual(
				'simulator: no job and no batch were created',
				[stats.jobs.length, stats.batches.length],
				[0, 0],
			);
		}
	} catch (error) {
		keep = true;
		check('the end-to-end run completes', false, error.stack ?? error);
	} finally {
		for (const cleanup of cleanups.reverse()) {
			try {
				await cleanup();
			} catch {
				// best effort
			}
		}
		const failed = results.filter((result) => !result.ok);
		if (keep || failed.length > 0) process.stdout.write(`\nKept ${workDir} for inspection.\n`);
		else fs.rmSync(workDir, { recursive: true, force: true });
		process.stdout.write(
			`\nEnd to end on n8n ${versions.n8n}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
		);
		process.stdout.write(`\n${results.length - failed.length} passed, ${failed.length} failed\n`);
		process.exitCode = failed.length === 0 ? 0 : 1;
	}
}

main();
