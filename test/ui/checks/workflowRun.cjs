/** Running the node from the editor: Execute step on Create Job, and a whole workflow. */
const n8n = require('../../harness/n8nServer.cjs');
const { expectations, show } = require('../../harness/checks.cjs');
const ui = require('../editor.cjs');
const { NODE_NAME, NODE_TYPE, CREDENTIAL_NAME } = require('../expected.cjs');
const { credentialData } = require('./credential.cjs');

const { fail, expectEqual, expectTruthy } = expectations({ shown: 'the editor shows' });

async function workflowRunChecks(session) {
	const { page, check, screenshot, sim, server, cookie } = session;
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
		const jobs = (await sim.stats()).jobs;
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
			const summary = await sim.storeSummary();
			if (summary.size !== 3 || summary.totalArrivals !== 3) {
				fail(
					`the simulator stored ${summary.size} records from ${summary.totalArrivals} arrivals, not 3 once each`,
				);
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

module.exports = { workflowRunChecks };
