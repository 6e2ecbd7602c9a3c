/**
 * The first steps of an end-to-end pass, each a group of checks: n8n installed (cache), the
 * packed package installed the way users install it, the services the examples read from, and
 * the credential and example workflows imported with the n8n CLI. Each step adds what later
 * steps need to `run` (see ../e2e.cjs).
 */
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const { packPackage } = require('../../harness/n8nServer.cjs');
const { startSimulatorProcess } = require('../../harness/simulatorProcess.cjs');
const { createN8nInstance, loadErrorLines } = require('../n8n-cli.cjs');
const fixtures = require('../fixtures.cjs');
const { examplesImportAsShipped } = require('./importExamples.cjs');

async function installN8n({ checks, install }) {
	const { versions, paths } = install;
	checks.group(`Install: n8n ${versions.n8n} on Node ${versions.node} (cache)`);
	const started = Date.now();
	install.ensure();
	checks.check(
		`n8n and Node ${versions.node.split('.')[0]} are installed in the cache`,
		install.isInstalled() &&
			execFileSync(paths.nodeBin, ['--version'], { encoding: 'utf8' }).trim() ===
				`v${versions.node}`,
	);
	checks.note(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function installPackage(run) {
	const { checks, workDir } = run;
	checks.group('Package: npm pack, then npm install into a fresh N8N_USER_FOLDER/.n8n/nodes');
	let tarball;
	try {
		tarball = packPackage(workDir);
	} catch (error) {
		checks.check('npm pack holds the node and the credential', false, error.message);
		throw error;
	}
	checks.check('npm pack holds the node and the credential', true);
	const packedFiles = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
		.split('\n')
		.filter(Boolean)
		.map((file) => file.replace(/^package\//, ''));
	const unexpected = packedFiles.filter(
		(file) => !/^(dist\/|package\.json$|README\.md$|LICENSE$)/.test(file),
	);
	checks.check(
		'the tarball holds only dist/, package.json, README.md and LICENSE',
		unexpected.length === 0,
		unexpected.join(', '),
	);

	run.filesDir = path.join(workDir, 'files');
	fs.mkdirSync(run.filesDir);
	run.instance = createN8nInstance({
		install: run.install,
		userFolder: path.join(workDir, 'n8n-user'),
		filesDir: run.filesDir,
	});
	const installed = await run.instance.installPackage(tarball);
	const nodesDir = run.instance.nodesDir;
	const installedDir = path.join(nodesDir, 'node_modules', fixtures.PACKAGE.name);
	checks.check(
		`npm install puts the package in .n8n/nodes/node_modules/${fixtures.PACKAGE.name}`,
		installed.code === 0 && fs.existsSync(path.join(installedDir, fixtures.PACKAGE.n8n.nodes[0])),
		`exit ${installed.code}\n${installed.stderr.slice(-1500)}`,
	);
	checks.check(
		'no second copy of n8n-workflow is installed beside it (n8n provides it)',
		!fs.existsSync(path.join(nodesDir, 'node_modules', 'n8n-workflow')) &&
			!fs.existsSync(path.join(installedDir, 'node_modules', 'n8n-workflow')),
	);
}

async function startServices(run) {
	const { checks, cleanups, filesDir } = run;
	checks.group('Services: Fluent simulator, ERP feed, CSV file');
	// Jobs live 24 h here (Fluent: until midnight UTC), so a run across midnight cannot flake.
	const simulator = await startSimulatorProcess({ flags: { 'job-lifetime': '24h' } });
	cleanups.add(() => simulator.stop());
	const csv = fixtures.csvStock(12_000);
	const csvPath = path.join(filesDir, 'inventory', 'stock.csv');
	fs.mkdirSync(path.dirname(csvPath), { recursive: true });
	fs.writeFileSync(csvPath, csv.text);
	const levels = fixtures.erpStockLevels(7_500);
	const changes = fixtures.stockChanges(1_200);
	const feed = await fixtures.startFeedServer({
		'/api/stock-levels': levels,
		'/api/stock-changes': changes,
	});
	cleanups.add(() => feed.stop());
	checks.check(
		'simulator, feed and CSV file are ready',
		(await simulator.storeSummary())?.size === 0 && fs.statSync(csvPath).size > 0,
	);
	checks.note(
		`simulator ${simulator.url}, feed ${feed.url}, CSV ${csvPath} (${csv.positions.length} rows)`,
	);
	Object.assign(run, { simulator, feed, csv, csvPath, levels, changes });
}

/**
 * The example workflows as the e2e runs them: as shipped, under their own ids, with local URLs
 * and paths and quicker polls and waits (see fixtures.patchExample). `badLogin` is a second copy
 * of the HTTP example with an id of its own and the credential with the wrong password,
 * `closedJobFail` one with When the Job Closes: Fail (checks/httpErrors.cjs), `closedJobRetailer`
 * one for retailer 2 (checks/closedJobRetailer.cjs), `fileFailures`, `trickled` and `hostileJob`
 * the ones below.
 */
function e2eWorkflows({ csvPath, feed }) {
	const poll = { pollIntervalSeconds: 1 };
	const exportPath = path.join(path.dirname(csvPath), 'stock-export.csv');
	return {
		file: {
			...fixtures.patchExample('nightly-full-load-from-file.json', {
				'Read stock file': { fileSelector: exportPath },
				'Create Batch': { options: poll },
			}),
			filePath: exportPath,
		},
		nightly: fixtures.patchExample('nightly-full-load-from-csv.json', {
			'Read stock file': { fileSelector: csvPath },
			'Create Batch': { options: poll },
		}),
		http: fixtures.patchExample('load-from-http-api.json', {
			'Get stock levels from ERP': { url: `${feed.url}/api/stock-levels` },
			'Create Batch': { options: poll },
		}),
		later: fixtures.patchExample('submit-now-check-later.json', {
			'Get stock changes': { url: `${feed.url}/api/stock-changes` },
			'Wait 5 minutes': { amount: 2, unit: 'seconds' },
			'Get Batch': { options: poll },
		}),
		badLogin: fixtures.patchExample(
			'load-from-http-api.json',
			{ 'Get stock levels from ERP': { url: `${feed.url}/api/stock-levels` } },
			{ id: 'e2eBadLogin', credentialId: fixtures.BAD_CREDENTIAL_ID },
		),
		closedJobFail: fixtures.patchExample(
			'load-from-http-api.json',
			{
				'Get stock levels from ERP': { url: `${feed.url}/api/stock-levels` },
				'Create Batch': { options: { ...poll, onClosedJob: 'fail' } },
			},
			{ id: 'e2eClosedJobFail' },
		),
		// checks/closedJobRetailer.cjs: a load for retailer 2 (the login's retailer is 1).
		closedJobRetailer: fixtures.patchExample(
			'load-from-http-api.json',
			{
				'Create Job': {
					retailerId: '2',
					options: { reuseTodaysJob: false, skipPreprocessing: true },
				},
				'Get stock levels from ERP': { url: `${feed.url}/api/stock-levels` },
				'Create Batch': { retailerId: '2', options: poll },
			},
			{ id: 'e2eClosedJobRetailer' },
		),
		fileFailures: { ...fileFailedRecordsWorkflow(exportPath, poll), filePath: exportPath },
		trickled: trickledBatchWorkflow(feed),
		hostileJob: hostileJobWorkflow(feed),
	};
}

/**
 * The HTTP example with a new job each run (not today's), no wait, and Create Job and Create
 * Batch on On Error → Continue, so that n8n execute prints the run and Create Job's error item
 * (message and description) when the host answers oddly (checks/hostileAnswers.cjs).
 */
function hostileJobWorkflow(feed) {
	const patched = fixtures.patchExample(
		'load-from-http-api.json',
		{
			'Create Job': { options: { reuseTodaysJob: false } },
			'Get stock levels from ERP': { url: `${feed.url}/api/stock-levels` },
			'Create Batch': { waitForCompletion: false },
		},
		{ id: 'e2eHostileAnswerJob' },
	);
	for (const name of ['Create Job', 'Create Batch']) {
		patched.workflow.nodes.find((node) => node.name === name).onError = 'continueRegularOutput';
		patched.described.push(`${name}.onError = "continueRegularOutput"`);
	}
	return patched;
}

/**
 * The file example with On Error → Continue (using error output) and the Failed Records File
 * (checks/nightlyFile.cjs), under an id of its own.
 */
function fileFailedRecordsWorkflow(exportPath, poll) {
	const patched = fixtures.patchExample(
		'nightly-full-load-from-file.json',
		{
			'Read stock file': { fileSelector: exportPath },
			'Create Batch': { options: { ...poll, failedRecordsFile: true } },
		},
		{ id: 'e2eFileFailedRecords' },
	);
	patched.workflow.nodes.find((node) => node.name === 'Create Batch').onError =
		'continueErrorOutput';
	patched.described.push('Create Batch.onError = "continueErrorOutput"');
	return patched;
}

/**
 * The HTTP example without waiting, Request Timeout 2 s, no retries, and On Error → Continue, so
 * that n8n execute prints the run (with Create Batch's time) although the batches fail.
 */
function trickledBatchWorkflow(feed) {
	const patched = fixtures.patchExample(
		'load-from-http-api.json',
		{
			'Get stock levels from ERP': { url: `${feed.url}/api/stock-levels` },
			'Create Batch': {
				waitForCompletion: false,
				options: { requestTimeoutSeconds: 2, maxRetries: 0 },
			},
		},
		{ id: 'e2eTrickledBatch' },
	);
	patched.workflow.nodes.find((node) => node.name === 'Create Batch').onError =
		'continueRegularOutput';
	patched.described.push('Create Batch.onError = "continueRegularOutput"');
	return patched;
}

async function importCredentialsAndExamples(run) {
	const { checks, instance, simulator, workDir } = run;
	checks.group('n8n: import the credential and the example workflows');
	const credentialData = fixtures.simulatorCredentialData(simulator);
	const credentialsFile = path.join(workDir, 'credentials.json');
	fs.writeFileSync(
		credentialsFile,
		JSON.stringify([
			{ ...fixtures.EXAMPLE_CREDENTIAL, type: fixtures.CREDENTIAL_TYPE, data: credentialData },
			{
				id: fixtures.BAD_CREDENTIAL_ID,
				name: 'Fluent with a wrong password',
				type: fixtures.CREDENTIAL_TYPE,
				data: { ...credentialData, password: 'not-the-password' },
			},
		]),
	);
	const importedCredentials = await instance.n8n([
		'import:credentials',
		`--input=${credentialsFile}`,
	]);
	checks.check(
		'n8n import:credentials succeeds',
		importedCredentials.code === 0 &&
			/Successfully imported 2 credentials/.test(importedCredentials.stdout),
		`exit ${importedCredentials.code}\n${(importedCredentials.stdout + importedCredentials.stderr).slice(-2000)}`,
	);

	await examplesImportAsShipped(run);
	// The copies the e2e runs replace those just imported: they keep the examples' ids.
	const workflows = e2eWorkflows(run);
	const exampleFiles = fs
		.readdirSync(fixtures.EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'));
	checks.checkEqual('every example in examples/ is run by this test', exampleFiles.sort(), [
		'load-from-http-api.json',
		'nightly-full-load-from-csv.json',
		'nightly-full-load-from-file.json',
		'submit-now-check-later.json',
	]);
	const workflowsDir = path.join(workDir, 'workflows');
	fs.mkdirSync(workflowsDir);
	for (const [key, { workflow, described }] of Object.entries(workflows)) {
		fs.writeFileSync(path.join(workflowsDir, `${key}.json`), JSON.stringify(workflow));
		checks.note(`${workflow.id}: ${described.join('; ')}`);
	}
	const importedWorkflows = await instance.n8n([
		'import:workflow',
		'--separate',
		`--input=${workflowsDir}`,
	]);
	checks.check(
		'n8n import:workflow imports all of them',
		importedWorkflows.code === 0 &&
			new RegExp(`Successfully imported ${Object.keys(workflows).length} workflows`).test(
				importedWorkflows.stdout,
			),
		`exit ${importedWorkflows.code}\n${(importedWorkflows.stdout + importedWorkflows.stderr).slice(-2000)}`,
	);
	checks.check(
		'no package load errors while importing',
		loadErrorLines(
			importedCredentials.stdout +
				importedCredentials.stderr +
				importedWorkflows.stdout +
				importedWorkflows.stderr,
			fixtures.PACKAGE.name,
		).length === 0,
	);
	run.workflows = workflows;
}

module.exports = { installN8n, installPackage, startServices, importCredentialsAndExamples };
