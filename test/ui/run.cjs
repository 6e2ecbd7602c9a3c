#!/usr/bin/env node
/**
 * `npm run test:ui`: the node in the real n8n editor.
 *
 * Starts n8n 2.41.1 (test/e2e/install-n8n.cjs) on loopback with the packed package installed
 * in a fresh user folder, and the Fluent API simulator; sets up the owner through n8n's REST
 * API, logs in, and drives the editor in headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core; no browser is downloaded). Each check below is one pass or fail; the run
 * ends with the line "N passed, N failed" and exits non-zero when any check failed.
 *
 * Screenshots are taken into test-results/ui/screenshots/ and, when every check passed, copied
 * to docs/screenshots/ (the README shows them). On a failure, test-results/ui/ also holds
 * n8n's log and a screenshot of the page at each failed check.
 *
 * Environment:
 *   FLUENT_UI_BREAK=name,...   patch the installed package first (see breakages.cjs) to show
 *                              that the checks catch it; screenshots then stay in test-results
 *   FLUENT_UI_KEEP=1           keep the temporary n8n user folder and browser profile
 *   CHROMIUM_PATH              the browser to drive (default /usr/bin/chromium)
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const readline = require('node:readline');

const { chromium } = require('playwright-core');

const { ensureN8n, isInstalled } = require('../e2e/install-n8n.cjs');
const n8n = require('../harness/n8nServer.cjs');
const { applyBreakages } = require('./breakages.cjs');
const ui = require('./editor.cjs');

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS_DIR = path.join(ROOT, 'test-results', 'ui');
const SHOTS_DIR = path.join(RESULTS_DIR, 'screenshots');
const DOCS_SHOTS_DIR = path.join(ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const BREAK = (process.env.FLUENT_UI_BREAK || '')
	.split(',')
	.map((name) => name.trim())
	.filter(Boolean);
const KEEP = process.env.FLUENT_UI_KEEP === '1';

const NODE_NAME = 'Fluent Inventory Batch';
const NODE_TYPE = 'n8n-nodes-fluent-commerce.fluentInventoryBatch';
const CREDENTIAL_NAME = 'Fluent simulator';
const OPERATIONS = ['Create Batch', 'Create Job', 'Get Batch', 'Get Job'];
const ACTIONS = [
	'Create inventory batches from input items',
	'Create a job',
	'Get a batch',
	'Get a job',
];
// n8n adds "Custom API Call" to the operations of every node whose credential authenticates
// requests (it lets the HTTP Request node reuse the credential); it is not the node's own.
const N8N_CUSTOM_API_CALL = 'Custom API Call';
// n8n adds "Allowed HTTP Request Domains" to such credentials for the same reason.
const N8N_ALLOWED_DOMAINS = 'allowedHttpRequestDomains';

const RECORD_FIELDS = [
	'skuRef',
	'locationRef',
	'qty',
	'retailerId',
	'correctedQty',
	'reservedQty',
	'inventoryId',
	'ref',
	'type',
	'status',
	'attributes',
];
const REQUEST_OPTIONS = ['Max Retries', 'Request Timeout (Seconds)'];
const WAIT_OPTIONS = ['Poll Interval (Seconds)', 'Timeout (Seconds)', 'Fail on Record Errors'];
const WAIT_OPTION_NAMES = ['pollIntervalSeconds', 'timeoutSeconds', 'failOnRecordErrors'];

const VIEWPORT = { width: 1440, height: 1000 };

// ---------------------------------------------------------------------------------------------
// Checks and their results

const results = [];
let page;
/** Set when the node could not be put on the canvas: the checks that need it then fail at once. */
let notRunBecause;

function log(line) {
	process.stdout.write(`${line}\n`);
}

class CheckFailure extends Error {}

function fail(message) {
	throw new CheckFailure(message);
}

function show(value) {
	return JSON.stringify(value);
}

function expectEqual(actual, expected, what) {
	if (!ui.same(actual, expected))
		fail(`${what}: expected ${show(expected)}, the editor shows ${show(actual)}`);
}

function expectSameSet(actual, expected, what) {
	const sorted = (list) => [...list].sort();
	if (!ui.same(sorted(actual), sorted(expected))) {
		const missing = expected.filter((name) => !actual.includes(name));
		const extra = actual.filter((name) => !expected.includes(name));
		fail(
			`${what}: expected ${show(expected)}, the editor shows ${show(actual)}` +
				`${missing.length ? `; missing ${show(missing)}` : ''}${extra.length ? `; unexpected ${show(extra)}` : ''}`,
		);
	}
}

function expectTruthy(value, message) {
	if (!value) fail(message);
}

async function check(name, body, { needsNode = true } = {}) {
	if (needsNode && notRunBecause) {
		results.push({ name, ok: false, message: notRunBecause });
		log(`  FAIL  ${name} (not run: ${notRunBecause})`);
		return;
	}
	const started = Date.now();
	try {
		await body();
		results.push({ name, ok: true });
		log(`  ok    ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
	} catch (error) {
		const message = error instanceof CheckFailure ? error.message : error.stack || String(error);
		results.push({ name, ok: false, message });
		log(`  FAIL  ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
		log(`        ${message.split('\n').slice(0, 12).join('\n        ')}`);
		if (page) {
			const file = path.join(RESULTS_DIR, `failed-${results.length}.png`);
			await page.screenshot({ path: file }).catch(() => undefined);
			log(`        page at the failure: ${path.relative(ROOT, file)}`);
		}
	}
}

const shots = [];

/** Saves a screenshot of the page, or of one element, as test-results/ui/screenshots/<name>.png. */
async function screenshot(name, target = page, { maxHeight } = {}) {
	const file = path.join(SHOTS_DIR, `${name}.png`);
	// The pointer rests on a blank spot of the node's panel, so no field shows its hover state.
	const modalOpen = await page.getByTestId('editCredential-modal').isVisible();
	if (!modalOpen && (await page.getByTestId('ndv').isVisible())) {
		await page.getByTestId('node-parameters').hover({ position: { x: 5, y: 5 } });
	}
	const options = { path: file, animations: 'disabled', caret: 'hide' };
	if (maxHeight && target !== page) {
		const box = await target.boundingBox();
		await page.screenshot({
			...options,
			clip: { ...box, height: Math.min(box.height, maxHeight) },
		});
	} else {
		await target.screenshot(options);
	}
	shots.push(file);
}

// ---------------------------------------------------------------------------------------------
// The simulator (a separate process, like Fluent) and its admin API

async function startSimulator() {
	const child = spawn(
		process.execPath,
		[
			path.join(ROOT, 'test/simulator/cli.cjs'),
			'--port',
			'0',
			'--quiet',
			'--pending-ms',
			'200',
			'--running-ms',
			'400',
		],
		{ stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const firstLine = await new Promise((resolve, reject) => {
		const lines = readline.createInterface({ input: child.stdout });
		lines.once('line', resolve);
		child.once('exit', (code) =>
			reject(new Error(`the simulator exited (${code}) before it started`)),
		);
	});
	const info = JSON.parse(firstLine);
	return {
		...info,
		child,
		async admin(method, route, body) {
			const response = await fetch(`${info.url}/__sim${route}`, {
				method,
				headers: { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			return response.json();
		},
		stop() {
			if (child.exitCode !== null) return Promise.resolve();
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			return exited;
		},
	};
}

// ---------------------------------------------------------------------------------------------
// The checks

function credentialData(sim, password = sim.password) {
	return {
		environment: 'custom',
		baseUrl: sim.url,
		accountId: sim.accountId,
		clientId: sim.clientId,
		clientSecret: sim.clientSecret,
		username: sim.username,
		password,
	};
}

async function nodesPanelChecks() {
	await check('nodes panel: searching "Fluent" finds Fluent Inventory Batch', async () => {
		await page.getByTestId('canvas-add-button').click();
		await page.getByTestId('node-creator-search-bar').fill('Fluent');
		const names = await ui.settle(
			() => ui.visibleTexts(page.getByTestId('node-creator-item-name')),
			(list) => list.includes(NODE_NAME),
		);
		expectTruthy(names.includes(NODE_NAME), `the search lists ${show(names)}, not "${NODE_NAME}"`);
		const item = page.getByTestId('item-iterator-item').filter({ hasText: NODE_NAME });
		const description = await item.getByTestId('node-creator-item-description').innerText();
		expectEqual(
			description,
			'Load inventory into Fluent Commerce through its Job and Batch API',
			'its description',
		);
		await screenshot('nodes-panel-search', page.getByTestId('node-creator'), { maxHeight: 260 });
	});

	await check("nodes panel: the node's icon renders", async () => {
		const icon = page
			.getByTestId('item-iterator-item')
			.filter({ hasText: NODE_NAME })
			.locator('img')
			.first();
		const src = await icon.getAttribute('src');
		expectTruthy(
			/n8n-nodes-fluent-commerce\/.*fluentCommerce(\.dark)?\.svg$/.test(src ?? ''),
			`the icon is not the package's SVG: src=${src}`,
		);
		const loaded = await ui.settle(() => ui.imageLoaded(icon), Boolean);
		expectTruthy(loaded, `the icon ${src} did not render (the image is broken)`);
	});

	await check('nodes panel: the node offers its four operations as actions', async () => {
		await page.getByTestId('node-creator-item-name').filter({ hasText: NODE_NAME }).click();
		const actions = await ui.settle(
			() => ui.visibleTexts(page.getByTestId('node-creator').getByTestId('node-creator-item-name')),
			(list) => ACTIONS.every((action) => list.includes(action)),
		);
		// The panel also lists its title (the node's name) and two triggers n8n suggests.
		const ours = actions.filter(
			(text) => ![NODE_NAME, 'On a Schedule', 'On a Webhook call'].includes(text),
		);
		expectSameSet(ours, ACTIONS, 'the actions');
		await screenshot('nodes-panel-actions', page.getByTestId('node-creator'), { maxHeight: 620 });
	});

	await check(
		'canvas: "Create a job" adds the node after a Manual Trigger and opens it',
		async () => {
			await page.getByTestId('node-creator-item-name').filter({ hasText: 'Create a job' }).click();
			await page.getByTestId('ndv').waitFor();
			await ui.settleTo(
				() => page.getByTestId('parameter-input-operation').locator('input').inputValue(),
				'Create Job',
			);
			const types = await page
				.getByTestId('canvas-node')
				.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-node-type')));
			expectSameSet(types, ['n8n-nodes-base.manualTrigger', NODE_TYPE], 'the canvas nodes');
		},
	);

	await check("canvas: the node's icon renders on the canvas and in the node's panel", async () => {
		const ndvIcon = page.getByTestId('ndv').locator('img[src*="fluentCommerce"]').first();
		expectTruthy(
			await ui.settle(() => ui.imageLoaded(ndvIcon), Boolean),
			'the icon in the NDV header did not render',
		);
		const canvasIcon = page
			.locator(`[data-test-id="canvas-node"][data-node-type="${NODE_TYPE}"] img`)
			.first();
		expectTruthy(
			await ui.settle(() => ui.imageLoaded(canvasIcon), Boolean),
			'the icon on the canvas node did not render',
		);
	});
}

async function credentialChecks(sim) {
	const modal = page.getByTestId('editCredential-modal');
	const visible = [
		'environment',
		'accountId',
		'clientId',
		'clientSecret',
		'username',
		'password',
		'retailerId',
		N8N_ALLOWED_DOMAINS,
	];

	const chooseEnvironment = async (label) => {
		const select = modal.getByTestId('parameter-input-environment');
		await select.click();
		await ui.pickSelectChoice(page, label, select);
		await ui.settleTo(
			() => modal.getByTestId('parameter-input-environment').locator('input').inputValue(),
			label,
		);
	};

	await check(
		'credential: the form has its fields, without Base URL for Sandbox and Production',
		async () => {
			await ui.openNode(page, NODE_NAME);
			await page.getByTestId('node-credentials-empty-state').click();
			await modal.waitFor();
			let fields = await ui.settleTo(() => ui.visibleCredentialFields(modal), visible);
			expectEqual(fields, visible, 'Sandbox (the default) shows');
			await chooseEnvironment('Production');
			fields = await ui.settleTo(() => ui.visibleCredentialFields(modal), visible);
			expectEqual(fields, visible, 'Production shows');
		},
	);

	await check('credential: Custom Base URL adds the Base URL field', async () => {
		await chooseEnvironment('Custom Base URL');
		const withBaseUrl = [...visible.slice(0, 2), 'baseUrl', ...visible.slice(2)];
		const fields = await ui.settleTo(() => ui.visibleCredentialFields(modal), withBaseUrl);
		expectEqual(fields, withBaseUrl, 'Custom Base URL shows');
	});

	const fill = async (data) => {
		for (const [name, value] of Object.entries(data)) {
			if (name === 'environment') continue;
			await modal.getByTestId(`parameter-input-${name}`).locator('input').fill(value);
		}
	};
	const banner = (text) => modal.locator('.el-tag').filter({ hasText: text });

	await check(
		"credential: Test with a wrong password shows Fluent's message (Bad credentials)",
		async () => {
			await fill(credentialData(sim, 'not-the-password'));
			const before = (await sim.admin('GET', '/stats')).tokenRequests.length;
			await modal.getByTestId('credential-save-button').click();
			const failed = banner('Couldn’t connect with these settings');
			await failed.waitFor({ timeout: 20_000 });
			const details = failed.getByText('More details');
			if (await details.isVisible()) await details.click();
			const text = await ui.settle(
				() => failed.innerText(),
				(value) => value.includes('Bad credentials'),
				3_000,
			);
			expectTruthy(text.includes('Bad credentials'), `the failed test shows: ${show(text)}`);
			const requests = (await sim.admin('GET', '/stats')).tokenRequests.slice(before);
			expectTruthy(
				requests.some((request) => request.status === 400 && request.username === sim.username),
				`the simulator saw no rejected login from the Test: ${show(requests)}`,
			);
			await screenshot('credential-bad-password', modal);
		},
	);

	await check('credential: Test against the simulator reports success', async () => {
		if (!(await modal.isVisible())) {
			await ui.openNode(page, NODE_NAME);
			await page.getByTestId('credential-edit-button').click();
			await modal.waitFor();
		}
		await fill({ password: sim.password });
		await modal.getByTestId('credential-save-button').click();
		// A credential that tests fine closes the modal; reopening it tests it again and says so.
		const closed = await modal.waitFor({ state: 'hidden', timeout: 20_000 }).then(
			() => true,
			() => false,
		);
		if (!closed) {
			const says = await ui.visibleTexts(modal.locator('.el-tag'));
			fail(`after Save the form stayed open, so its Test did not pass; it says ${show(says)}`);
		}
		await page.getByTestId('credential-edit-button').click();
		await modal.waitFor();
		const ok = banner('Connection tested successfully');
		await ok.waitFor({ timeout: 20_000 });
		const stats = await sim.admin('GET', '/stats');
		expectTruthy(stats.requests.graphql > 0, 'the simulator saw no Test request (POST /graphql)');
		await modal
			.locator('input')
			.first()
			.blur()
			.catch(() => undefined);
		await screenshot('credential-form', modal);
		await modal.getByRole('button', { name: 'Close this dialog' }).click();
		await modal.waitFor({ state: 'hidden' });
	});
}

async function operationChecks() {
	const params = () => page.getByTestId('node-parameters');

	await check(
		'Operation: the dropdown offers Create Batch, Create Job, Get Batch, Get Job',
		async () => {
			await ui.openNode(page, NODE_NAME);
			const select = page.getByTestId('parameter-input-operation');
			await select.click();
			const choices = await ui.openSelectChoices(page);
			await ui.pickSelectChoice(page, 'Create Job', select);
			expectEqual(
				choices.filter((choice) => choice !== N8N_CUSTOM_API_CALL),
				OPERATIONS,
				'the operations',
			);
		},
	);

	await check('Create Job: shows exactly operation, jobName, retailerId, options', async () => {
		await ui.openNode(page, NODE_NAME);
		await ui.chooseOperation(page, 'Create Job');
		const expected = ['operation', 'jobName', 'retailerId', 'options'];
		expectSameSet(
			await ui.settleTo(() => ui.visibleParameters(page), expected),
			expected,
			'Create Job parameters',
		);
	});

	await check(
		'Create Job: Options offers Skip Batch Pre-Processing and the request options',
		async () => {
			const choices = await ui.optionsCollectionChoices(page);
			expectSameSet(
				choices,
				['Skip Batch Pre-Processing', ...REQUEST_OPTIONS],
				'Create Job options',
			);
			await ui.addOption(page, 'Skip Batch Pre-Processing');
			await ui.settleTo(() => ui.visibleOptionValues(page), ['skipPreprocessing']);
			await screenshot('create-job', page.getByTestId('ndv'));
		},
	);

	await check(
		'Create Batch: shows exactly operation, jobId, columns, retailerId, batchSize, waitForCompletion, options',
		async () => {
			await ui.openNode(page, NODE_NAME);
			await ui.chooseOperation(page, 'Create Batch');
			const expected = [
				'operation',
				'jobId',
				'columns',
				'retailerId',
				'batchSize',
				'waitForCompletion',
				'options',
			];
			expectSameSet(
				await ui.settleTo(() => ui.visibleParameters(page), expected),
				expected,
				'Create Batch parameters',
			);
		},
	);

	const mappingMode = () => page.getByTestId('mapping-mode-select').locator('input').inputValue();
	const chooseMappingMode = async (label) => {
		if ((await mappingMode()) === label) return;
		const select = page.getByTestId('mapping-mode-select').locator('input');
		await select.click();
		await ui.pickSelectChoice(page, label, select);
		await ui.settleTo(mappingMode, label);
	};
	const notices = () =>
		params()
			.locator('.notice')
			.evaluateAll((elements) =>
				elements.filter((element) => element.checkVisibility()).map((element) => element.innerText),
			);

	await check("Create Batch: Map Automatically names Fluent's record fields", async () => {
		await chooseMappingMode('Map Automatically');
		const named = (texts) =>
			RECORD_FIELDS.every((field) => texts.some((text) => new RegExp(`\\b${field}\\b`).test(text)));
		const texts = await ui.settle(notices, named);
		const missing = RECORD_FIELDS.filter(
			(field) => !texts.some((text) => new RegExp(`\\b${field}\\b`).test(text)),
		);
		expectEqual(missing, [], `record fields not named in auto-map mode (notices: ${show(texts)})`);
		await screenshot('create-batch-auto-map', page.getByTestId('ndv'));
	});

	await check(
		"Create Batch: Map Each Column Manually offers exactly Fluent's record fields",
		async () => {
			await chooseMappingMode('Map Each Column Manually');
			const mapped = () =>
				page
					.getByTestId('mapping-fields-container')
					.locator('label[for]')
					.evaluateAll((labels) =>
						labels
							.filter((label) => label.checkVisibility())
							.map((label) => label.getAttribute('for').match(/^value\["(.+)"\]$/)?.[1])
							.filter(Boolean),
					);
			const required = ['skuRef', 'locationRef', 'qty'];
			expectSameSet(
				await ui.settleTo(mapped, required),
				required,
				'the fields shown at first (the required ones)',
			);
			// Add every other field through "Add record field to send".
			for (let round = 0; round < RECORD_FIELDS.length; round += 1) {
				const add = page.getByTestId('add-fields-select');
				if (!(await add.isVisible())) break;
				await add.locator('button').click();
				const items = page.locator('[role="menuitem"]').filter({ visible: true });
				await items.first().waitFor();
				const labels = (await ui.visibleTexts(items)).filter(Boolean);
				if (labels.length === 0) break;
				const before = (await mapped()).length;
				await items.filter({ hasText: labels[0] }).first().click();
				await ui.settle(mapped, (list) => list.length > before);
			}
			const all = await ui.settle(mapped, (list) => list.length >= RECORD_FIELDS.length);
			expectSameSet(all, RECORD_FIELDS, 'the record fields that can be mapped');
			await page
				.getByTestId('mapping-mode-select')
				.evaluate((element) => element.scrollIntoView({ block: 'start' }));
			await screenshot('create-batch-define-below', page.getByTestId('ndv'));
			await chooseMappingMode('Map Automatically');
		},
	);

	const waitOptionChecks = async (operationOptions, shotName) => {
		await ui.setSwitch(page, 'waitForCompletion', false);
		let choices = await ui.optionsCollectionChoices(page);
		expectSameSet(
			choices,
			[...operationOptions, ...REQUEST_OPTIONS],
			'Options while Wait for Completion is off',
		);
		await ui.setSwitch(page, 'waitForCompletion', true);
		choices = await ui.optionsCollectionChoices(page);
		expectSameSet(
			choices,
			[...operationOptions, ...WAIT_OPTIONS, ...REQUEST_OPTIONS],
			'Options while Wait for Completion is on',
		);
		for (const option of WAIT_OPTIONS) await ui.addOption(page, option);
		const added = await ui.settleTo(() => ui.visibleOptionValues(page), WAIT_OPTION_NAMES);
		expectEqual(added, WAIT_OPTION_NAMES, 'the wait options added under Options');
		if (shotName) await screenshot(shotName, page.getByTestId('ndv'));
		await ui.setSwitch(page, 'waitForCompletion', false);
		const hidden = await ui.settleTo(() => ui.visibleOptionValues(page), []);
		expectEqual(hidden, [], 'the added wait options once Wait for Completion is off again');
		await ui.setSwitch(page, 'waitForCompletion', true);
	};

	await check(
		'Create Batch: Poll Interval, Timeout, Fail on Record Errors are offered only while waiting',
		async () => {
			await ui.openNode(page, NODE_NAME);
			await waitOptionChecks(
				['Catalogue Ref', 'Event', 'Source', 'Batches Sent at Once'],
				'create-batch-waiting',
			);
		},
	);

	await check(
		'Get Batch: shows exactly operation, jobId, batchId, waitForCompletion, options',
		async () => {
			await ui.openNode(page, NODE_NAME);
			await ui.chooseOperation(page, 'Get Batch');
			const expected = ['operation', 'jobId', 'batchId', 'waitForCompletion', 'options'];
			expectSameSet(
				await ui.settleTo(() => ui.visibleParameters(page), expected),
				expected,
				'Get Batch parameters',
			);
		},
	);

	await check(
		'Get Batch: Poll Interval, Timeout, Fail on Record Errors are offered only while waiting',
		async () => {
			await waitOptionChecks([], 'get-batch');
		},
	);

	await check(
		'Get Job: shows exactly operation, jobId, options (request options only)',
		async () => {
			await ui.openNode(page, NODE_NAME);
			await ui.chooseOperation(page, 'Get Job');
			const expected = ['operation', 'jobId', 'options'];
			expectSameSet(
				await ui.settleTo(() => ui.visibleParameters(page), expected),
				expected,
				'Get Job parameters',
			);
			expectSameSet(await ui.optionsCollectionChoices(page), REQUEST_OPTIONS, 'Get Job options');
			await screenshot('get-job', page.getByTestId('ndv'));
		},
	);
}

async function runChecks(server, cookie, sim) {
	await check('run: Execute step on Create Job shows the job Fluent created', async () => {
		await ui.openNode(page, NODE_NAME);
		await ui.chooseOperation(page, 'Create Job');
		await page.getByTestId('parameter-input-jobName').waitFor();
		await page.getByTestId('node-execute-button').click();
		const table = await ui.settle(
			() => ui.outputTable(page),
			(value) => value.rows.length > 0,
			30_000,
		);
		const column = table.header.indexOf('jobId');
		expectTruthy(column >= 0, `the output has no jobId column: ${show(table.header)}`);
		expectEqual(table.rows.length, 1, 'output items');
		const jobId = table.rows[0][column];
		const jobs = (await sim.admin('GET', '/stats')).jobs;
		expectTruthy(
			jobs.some((job) => job.jobId === jobId),
			`job ${show(jobId)} from the output is not among the simulator's jobs ${show(jobs.map((job) => job.jobId))}`,
		);
		await ui.dismissToasts(page);
		await screenshot('run-create-job', page.getByTestId('ndv'));
		await ui.closeNode(page);
	});

	await check(
		'run: a workflow (Create Job, 3 stock positions, Create Batch waiting) finishes COMPLETE',
		async () => {
			await ui.closeNode(page);
			// The credential made in the form above, or (if that check failed) one made through the API.
			const { json: credentials } = await n8n.restCall(server.url, 'GET', '/credentials', {
				cookie,
			});
			let credential = credentials.find((entry) => entry.type === 'fluentCommerceApi');
			if (!credential) {
				({ json: credential } = await n8n.restCall(server.url, 'POST', '/credentials', {
					cookie,
					body: { name: CREDENTIAL_NAME, type: 'fluentCommerceApi', data: credentialData(sim) },
				}));
			}
			const workflow = finishedRunWorkflow({ id: credential.id, name: credential.name });
			const { json: created } = await n8n.restCall(server.url, 'POST', '/workflows', {
				cookie,
				body: workflow,
			});
			await page.goto(`${server.url}/workflow/${created.id}`);
			// Look at Create Batch first, as a user would: the editor then fills in the resource
			// mapper's field list, so the output afterwards is not marked stale.
			await ui.openNode(page, 'Create Batch');
			await page.getByTestId('resource-mapper-container').waitFor();
			await ui.closeNode(page);
			await page.getByTestId('execute-workflow-button').click();

			const execution = await ui.settle(
				async () => {
					const filter = encodeURIComponent(JSON.stringify({ workflowId: created.id }));
					const { json } = await n8n.restCall(server.url, 'GET', `/executions?filter=${filter}`, {
						cookie,
					});
					return (json.results ?? json)[0];
				},
				(found) => found && !['new', 'running', 'waiting'].includes(found.status),
				60_000,
			);
			expectEqual(execution?.status, 'success', 'the execution status');
			await page.getByTestId('canvas').hover({ position: { x: 5, y: 5 } });
			await ui.settle(
				() =>
					page.locator('[data-test-id="canvas-node"][data-node-name="Create Batch"]').innerText(),
				(text) => /3 items?|1 item/.test(text),
				5_000,
			);
			await page.getByTestId('zoom-to-fit').click();
			await ui.dismissToasts(page);
			await screenshot('workflow-run');

			await ui.openNode(page, 'Create Batch');
			const table = await ui.settle(
				() => ui.outputTable(page),
				(value) => value.rows.length > 0,
				15_000,
			);
			const cell = (name) => table.rows[0]?.[table.header.indexOf(name)];
			expectEqual(
				{
					status: cell('status'),
					recordCount: cell('recordCount'),
					recordsSucceeded: cell('recordsSucceeded'),
				},
				{ status: 'COMPLETE', recordCount: '3', recordsSucceeded: '3' },
				'the Create Batch output',
			);
			const summary = await sim.admin('GET', '/store/summary');
			if (summary.size !== 3 || summary.totalArrivals !== 3) {
				fail(`the simulator stored ${summary.size} records from ${summary.totalArrivals} arrivals, not 3 once each`);
			}
			await page.getByTestId('output-panel').getByTestId('radio-button-json').click();
			await page.getByTestId('output-panel').getByText('"recordsSucceeded"').first().waitFor();
			await ui.dismissToasts(page);
			await screenshot('run-create-batch', page.getByTestId('ndv'));
		},
		{ needsNode: false },
	);
}

/** Manual Trigger → Create Job → 3 stock positions → one item each → Create Batch (waiting). */
function finishedRunWorkflow(credential) {
	const credentials = { fluentCommerceApi: credential };
	const stock = [
		{ skuRef: 'SKU-1001', locationRef: 'DC-SYD', qty: 120 },
		{ skuRef: 'SKU-1002', locationRef: 'DC-SYD', qty: 0 },
		{ skuRef: 'SKU-1003', locationRef: 'DC-MEL', qty: 35, reservedQty: 5 },
	];
	return {
		name: 'Fluent inventory load (editor test)',
		nodes: [
			{
				id: 'a1',
				name: 'Run now',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'a2',
				name: 'Create Job',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [240, 0],
				credentials,
				parameters: { operation: 'createJob', jobName: 'Nightly stock load', options: {} },
			},
			{
				id: 'a3',
				name: 'Stock positions',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [480, 0],
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ stock }, null, 2), options: {} },
			},
			{
				id: 'a4',
				name: 'One item per position',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [720, 0],
				parameters: { fieldToSplitOut: 'stock', options: {} },
			},
			{
				id: 'a5',
				name: 'Create Batch',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [960, 0],
				credentials,
				parameters: {
					operation: 'createBatch',
					jobId: "={{ $('Create Job').first().json.jobId }}",
					columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [] },
					waitForCompletion: true,
					options: { pollIntervalSeconds: 1, source: 'n8n editor test' },
				},
			},
		],
		connections: {
			'Run now': { main: [[{ node: 'Create Job', type: 'main', index: 0 }]] },
			'Create Job': { main: [[{ node: 'Stock positions', type: 'main', index: 0 }]] },
			'Stock positions': { main: [[{ node: 'One item per position', type: 'main', index: 0 }]] },
			'One item per position': { main: [[{ node: 'Create Batch', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

// ---------------------------------------------------------------------------------------------
// Setup, the run, teardown

async function main() {
	const started = Date.now();
	fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
	fs.mkdirSync(SHOTS_DIR, { recursive: true });
	const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'fluent-ui-test-'));
	const cleanups = [
		async () => {
			if (!KEEP) fs.rmSync(temp, { recursive: true, force: true });
		},
	];
	const cleanup = async () => {
		while (cleanups.length)
			await cleanups
				.pop()()
				.catch(() => undefined);
	};
	let interrupted = false;
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, async () => {
			interrupted = true;
			log(`\n${signal}: stopping n8n, the simulator and the browser`);
			await cleanup();
			process.exit(130);
		});
	}

	let server;
	let sim;
	let cookie;
	await check('setup: n8n 2.41.1 with the packed package, the simulator, Chromium', async () => {
		if (!fs.existsSync(CHROMIUM)) fail(`no browser at ${CHROMIUM} (install Debian's chromium)`);
		if (!isInstalled()) ensureN8n();
		let tarball;
		for (let attempt = 1; !tarball; attempt += 1) {
			try {
				tarball = n8n.packPackage(path.join(temp, 'pack'));
			} catch (error) {
				if (attempt >= 3) throw error;
				await ui.sleep(3000);
			}
		}
		const userFolder = n8n.createUserFolder(tarball, { userFolder: path.join(temp, 'n8n-user') });
		if (BREAK.length) {
			for (const note of applyBreakages(n8n.installedPackageDir(userFolder), BREAK)) {
				log(`  broken on purpose: ${note}`);
			}
		}

		sim = await startSimulator();
		cleanups.push(async () => sim.stop());
		// Should this process end without its cleanup (an uncaught error), take them along.
		process.once('exit', () => {
			sim.stop();
			if (server?.child.exitCode === null) {
				try {
					process.kill(-server.child.pid, 'SIGKILL');
				} catch {
					// already gone
				}
			}
		});
		const n8nLog = fs.createWriteStream(path.join(RESULTS_DIR, 'n8n.log'));
		cleanups.push(async () => new Promise((resolve) => n8nLog.end(resolve)));
		server = await n8n.startServer({ userFolder, log: (text) => n8nLog.write(text) });
		cleanups.push(async () => server.stop());
		await n8n.setupOwner(server.url);
		cookie = await n8n.login(server.url);

		// A fresh profile each run; no browser is downloaded, Debian's Chromium is driven.
		const context = await chromium.launchPersistentContext(path.join(temp, 'chromium-profile'), {
			executablePath: CHROMIUM,
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
			viewport: VIEWPORT,
			deviceScaleFactor: 1,
		});
		cleanups.push(async () => context.close());
		const [name, value] = cookie.split(/=(.*)/s);
		await context.addCookies([{ name, value, url: server.url }]);
		page = context.pages()[0] ?? (await context.newPage());
		page.setDefaultTimeout(15_000);
		await page.goto(`${server.url}/workflow/new`);
		await page.getByTestId('canvas-add-button').waitFor({ timeout: 60_000 });
		log(
			`  n8n ${server.url}, simulator ${sim.url} (setup ${((Date.now() - started) / 1000).toFixed(0)} s)`,
		);
	});

	try {
		if (results.every((result) => result.ok)) {
			await nodesPanelChecks();
			const added = results.find((result) => result.name.startsWith('canvas: "Create a job"'));
			if (!added.ok) notRunBecause = `it needs the node on the canvas ("${added.name}" failed)`;
			await credentialChecks(sim);
			await operationChecks();
			await runChecks(server, cookie, sim);
		}
	} finally {
		await cleanup();
	}
	if (interrupted) return;

	const passed = results.filter((result) => result.ok).length;
	const failed = results.length - passed;
	if (failed === 0 && BREAK.length === 0) {
		fs.mkdirSync(DOCS_SHOTS_DIR, { recursive: true });
		for (const file of shots) fs.copyFileSync(file, path.join(DOCS_SHOTS_DIR, path.basename(file)));
		log(`\n  ${shots.length} screenshots written to ${path.relative(ROOT, DOCS_SHOTS_DIR)}/`);
	} else if (shots.length) {
		log(`\n  screenshots left in ${path.relative(ROOT, SHOTS_DIR)}/ (docs/screenshots/ unchanged)`);
	}
	log(`  took ${((Date.now() - started) / 1000).toFixed(0)} s`);
	log(`\n${passed} passed, ${failed} failed`);
	process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	const passed = results.filter((result) => result.ok).length;
	log(`\n${passed} passed, ${results.length - passed + 1} failed`);
	process.exitCode = 1;
});
