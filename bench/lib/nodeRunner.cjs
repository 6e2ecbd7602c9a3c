'use strict';

/**
 * Runs Create Batch through n8n-core's WorkflowExecute (the engine n8n itself uses) with the
 * package loaded from dist/, as the test harness does. The input items are handed to the node
 * as they are, as the output of a previous node would be: no copy, no JSON round trip.
 */

const { core, workflow } = require('../../test/harness/n8nModules.cjs');
const { TestCredentialsHelper } = require('../../test/harness/credentialsHelper.cjs');
const { installCapturingLogger } = require('../../test/harness/logger.cjs');
const { loadPackage } = require('../../test/harness/loadPackage.cjs');
const { buildAdditionalData } = require('../../test/harness/engine.cjs');
const { RETAILER_ID } = require('./items.cjs');
const { simulatorCredentialData } = require('./benchEnvironment.cjs');
const { createMinimalNodeType, MINIMAL_TYPE } = require('./minimalNode.cjs');

const { Workflow, createRunExecutionData } = workflow;
const { WorkflowExecute, ExecutionLifecycleHooks } = core;

const NODE_NAME = 'Create Batch';
// A scheduled nightly load runs in n8n's 'trigger' mode.
const MODE = 'trigger';
const NOTHING_TYPE = 'bench.doNothing';

/**
 * variant: 'fluent' runs Create Batch; 'minimal' the n8n floor (minimalNode.cjs); 'nothing' a node
 * that does nothing, for what n8n's engine alone costs for the same items. probe(label) is called
 * on entry to the node's execute and on its exit (output built), for the memory breakdown.
 */
async function createNodeRunner({ url, accessToken = '', packageRoot, variant = 'fluent', probe }) {
	const logger = installCapturingLogger({ print: false });
	const loaded = await loadPackage(packageRoot);
	const fluentType = `${loaded.packageName}.fluentInventoryBatch`;
	let settings;
	const extraTypes = {
		[NOTHING_TYPE]: {
			description: {
				displayName: 'Do Nothing',
				name: NOTHING_TYPE,
				group: ['transform'],
				version: 1,
				description: 'Receives the items and outputs nothing (benchmark only)',
				defaults: { name: 'Do Nothing' },
				inputs: ['main'],
				outputs: ['main'],
				properties: [],
			},
			async execute() {
				return [[]];
			},
		},
		[MINIMAL_TYPE]: createMinimalNodeType(() => settings),
	};
	const typeName = { fluent: fluentType, minimal: MINIMAL_TYPE, nothing: NOTHING_TYPE }[variant];
	if (probe) {
		const nodeType = extraTypes[typeName] ?? loaded.nodeTypes.getByName(typeName);
		const execute = nodeType.execute;
		nodeType.execute = async function (...args) {
			probe('entry');
			const output = await execute.apply(this, args);
			probe('exit');
			return output;
		};
	}
	const nodeTypes = {
		getByName: (type) => extraTypes[type] ?? loaded.nodeTypes.getByName(type),
		getByNameAndVersion: (type, version) => extraTypes[type] ?? loaded.nodeTypes.getByNameAndVersion(type, version),
		getKnownTypes: () => ({ ...loaded.nodeTypes.getKnownTypes(), [NOTHING_TYPE]: {}, [MINIMAL_TYPE]: {} }),
	};
	const credentialsHelper = new TestCredentialsHelper(loaded.credentialTypes);
	credentialsHelper.save(
		'fluent',
		'fluentCommerceApi',
		{
			...simulatorCredentialData(url),
			// A token stored by an earlier execution; empty makes n8n log in first.
			accessToken,
			tokenRetailerId: accessToken ? RETAILER_ID : '',
		},
		'Fluent simulator',
	);
	let executionCounter = 0;

	/** Runs one execution of the Create Batch node on `items`; resolves to n8n's run. */
	async function run(items, { jobId, batchSize, concurrency, waitForCompletion, pollIntervalSeconds, resultsPageSize }) {
		settings = { url, jobId, batchSize, concurrency, waitForCompletion, pollIntervalSeconds, resultsPageSize };
		const node = {
			id: 'create-batch',
			name: NODE_NAME,
			type: typeName,
			typeVersion: 1,
			position: [0, 0],
			parameters: {
				operation: 'createBatch',
				jobId,
				batchSize,
				waitForCompletion,
				options: {
					batchConcurrency: concurrency,
					...(waitForCompletion ? { pollIntervalSeconds, timeoutSeconds: 3600 } : {}),
				},
			},
			...(variant === 'nothing' ? {} : { credentials: { fluentCommerceApi: { id: 'fluent', name: 'Fluent simulator' } } }),
		};
		const executionId = `bench-${++executionCounter}`;
		const workflowData = {
			id: 'bench-workflow',
			name: 'Benchmark',
			nodes: [node],
			connections: {},
			active: false,
			settings: { executionOrder: 'v1' },
			createdAt: new Date(),
			updatedAt: new Date(),
		};
		const workflowInstance = new Workflow({
			id: workflowData.id,
			name: workflowData.name,
			nodes: workflowData.nodes,
			connections: {},
			active: false,
			nodeTypes,
			staticData: {},
			settings: workflowData.settings,
		});
		const hooks = new ExecutionLifecycleHooks(MODE, executionId, workflowData);
		const finished = new Promise((resolve) => hooks.addHandler('workflowExecuteAfter', resolve));
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [{ node, data: { main: [items] }, source: null }],
			},
		});
		const additionalData = buildAdditionalData({ executionId, hooks, credentialsHelper });
		const execution = new WorkflowExecute(additionalData, MODE, runExecutionData);
		execution.processRunExecutionData(workflowInstance).catch(() => {});
		const result = await finished;
		const task = result.data.resultData.runData[NODE_NAME]?.[0];
		const error = result.data.resultData.error ?? task?.error;
		if (result.status !== 'success' || error) {
			throw new Error(`Create Batch failed (${result.status}): ${error?.message ?? 'no output'} ${error?.description ?? ''}`);
		}
		return { output: task.data.main[0] ?? [], result };
	}

	return { run, logger, credentialsHelper };
}

/** Checks the output: one item per batch, in order, each paired with exactly its input items. */
function checkNodeOutput(output, count, batchSize) {
	const expectedBatches = Math.ceil(count / batchSize);
	if (output.length !== expectedBatches) return `expected ${expectedBatches} output items, got ${output.length}`;
	let next = 0;
	for (let position = 0; position < output.length; position++) {
		const { json, pairedItem } = output[position];
		if (json.error) return `batch ${position + 1}: ${json.error}`;
		if (json.batchNumber !== position + 1) return `output ${position} has batchNumber ${json.batchNumber}`;
		if (!Array.isArray(pairedItem)) return `output ${position} has no pairedItem list`;
		for (const pair of pairedItem) {
			if (pair.item !== next) return `output ${position} pairs item ${pair.item}, expected ${next}`;
			next++;
		}
		if (json.recordsFailed !== undefined && json.recordsFailed !== 0) return `batch ${position + 1}: ${json.recordsFailed} records failed`;
	}
	return next === count ? undefined : `paired ${next} of ${count} items`;
}

module.exports = { createNodeRunner, checkNodeOutput };
