const { core, workflow } = require('./n8nModules.cjs');
const { TestCredentialsHelper } = require('./credentialsHelper.cjs');
const { installCapturingLogger } = require('./logger.cjs');
const { loadPackage } = require('./loadPackage.cjs');

const { Workflow, createRunExecutionData } = workflow;
const { WorkflowExecute, ExecutionLifecycleHooks } = core;

let executionCounter = 0;

function buildAdditionalData({ executionId, hooks, credentialsHelper }) {
	return {
		executionId,
		hooks,
		credentialsHelper,
		currentNodeParameters: undefined,
		variables: {},
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		userId: 'test-user',
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
		logAiEvent: () => {},
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not available in this test engine');
		},
		getRunExecutionData: async () => undefined,
		startRunnerTask: async () => {
			throw new Error('Task runners are not available in this test engine');
		},
	};
}

function normaliseResult({ run, savedStaticData }) {
	const runData = run.data.resultData.runData;
	const taskFor = (nodeName) => runData[nodeName]?.[0];
	return {
		run,
		/** The workflow's static data as n8n saves it after this run; undefined when n8n saves none. */
		savedStaticData,
		status: run.status,
		error: run.data.resultData.error,
		/** The output items of a node (first output, first run), json and pairedItem included. */
		items(nodeName) {
			return taskFor(nodeName)?.data?.main?.[0] ?? [];
		},
		json(nodeName) {
			return this.items(nodeName).map((item) => item.json);
		},
		nodeError(nodeName) {
			return taskFor(nodeName)?.error;
		},
		ran(nodeName) {
			return taskFor(nodeName) !== undefined;
		},
	};
}

function refusedResult(error) {
	return {
		run: { status: 'error', data: { resultData: { runData: {}, error } } },
		status: 'error',
		error,
		items: () => [],
		json: () => [],
		nodeError: () => error,
		ran: () => false,
	};
}

/**
 * Runs workflows of this package through n8n-core's WorkflowExecute, the engine n8n itself uses,
 * with the package loaded from dist/ and credentials handled like n8n does.
 */
/**
 * A stand-in for the nodes that feed ours in real workflows (a CSV reader, an HTTP call): it
 * outputs the items given in its `items` parameter, once, whatever its input: each entry is an
 * item's json, or with `wholeItems` a whole item (`{ json, binary }`, as a file-reading node
 * gives).
 */
const EMIT_ITEMS_TYPE = 'test.emitItems';
const emitItemsNodeType = {
	description: {
		displayName: 'Emit Items',
		name: EMIT_ITEMS_TYPE,
		group: ['transform'],
		version: 1,
		description: 'Outputs fixed items (test only)',
		defaults: { name: 'Emit Items' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'Items', name: 'items', type: 'json', default: '[]' },
			{ displayName: 'Whole Items', name: 'wholeItems', type: 'boolean', default: false },
		],
	},
	async execute() {
		const raw = this.getNodeParameter('items', 0);
		const items = typeof raw === 'string' ? JSON.parse(raw) : raw;
		const wholeItems = this.getNodeParameter('wholeItems', 0, false);
		return [items.map((entry) => ({ ...(wholeItems ? entry : { json: entry }), pairedItem: { item: 0 } }))];
	},
};

async function createEngine({ printLogs = false } = {}) {
	const logger = installCapturingLogger({ print: printLogs });
	const loaded = await loadPackage();
	const { credentialTypes, packageName } = loaded;
	const nodeTypes = {
		getByName: (type) => (type === EMIT_ITEMS_TYPE ? emitItemsNodeType : loaded.nodeTypes.getByName(type)),
		getByNameAndVersion: (type, version) =>
			type === EMIT_ITEMS_TYPE ? emitItemsNodeType : loaded.nodeTypes.getByNameAndVersion(type, version),
		getKnownTypes: () => ({ ...loaded.nodeTypes.getKnownTypes(), [EMIT_ITEMS_TYPE]: {} }),
	};
	const credentialsHelper = new TestCredentialsHelper(credentialTypes);

	/**
	 * Starts a workflow. `input` becomes the input items of the first node (or `startNode`), as if
	 * a trigger had produced them. Returns `{ result, cancel }`; `result` resolves when n8n ends
	 * the execution, however it ends.
	 * `mode` is the execution mode (`manual` as from the editor, `trigger` as a schedule, `cli`).
	 * `staticData` is the workflow's saved static data; like n8n, the run works on its own copy
	 * and `result.savedStaticData` is what n8n would save: the changed data, never in manual mode.
	 */
	function start({
		nodes,
		connections = {},
		input = [{}],
		startNode,
		settings = {},
		mode = 'manual',
		staticData = {},
	}) {
		const executionId = String(++executionCounter);
		const workflowData = {
			id: 'test-workflow',
			name: 'Test workflow',
			nodes,
			connections,
			active: false,
			settings: { executionOrder: 'v1', ...settings },
			createdAt: new Date(),
			updatedAt: new Date(),
		};
		const workflowInstance = new Workflow({
			id: workflowData.id,
			name: workflowData.name,
			nodes,
			connections,
			active: false,
			nodeTypes,
			staticData: structuredClone(staticData),
			settings: workflowData.settings,
		});
		const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
		const finished = new Promise((resolve) => {
			hooks.addHandler('workflowExecuteAfter', (run, newStaticData) => {
				// n8n's hookFunctionsSave: saved only when changed and not a manual run; stored as JSON.
				const saved =
					mode !== 'manual' && newStaticData ? JSON.parse(JSON.stringify(newStaticData)) : undefined;
				resolve({ run, savedStaticData: saved });
			});
		});
		const first = nodes.find((node) => node.name === (startNode ?? nodes[0].name));
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [
					{
						node: first,
						data: { main: [input.map((json) => (json && json.json ? json : { json }))] },
						source: null,
					},
				],
			},
		});
		const additionalData = buildAdditionalData({ executionId, hooks, credentialsHelper });
		const execution = new WorkflowExecute(additionalData, mode, runExecutionData);
		let running;
		try {
			running = execution.processRunExecutionData(workflowInstance);
		} catch (error) {
			// n8n refuses to start a workflow whose nodes have issues (a required parameter empty);
			// the editor shows that error, so the result carries it like a failed run.
			return {
				executionId,
				cancel: () => {},
				result: Promise.resolve(refusedResult(error)),
			};
		}
		running.catch(() => {});
		return {
			executionId,
			cancel: () => running.cancel(),
			result: finished.then(normaliseResult),
		};
	}

	async function run(options) {
		return await start(options).result;
	}

	return {
		packageName,
		nodeType: `${packageName}.fluentInventoryBatch`,
		emitItemsType: EMIT_ITEMS_TYPE,
		credentialsHelper,
		logger,
		start,
		run,
	};
}

module.exports = { createEngine, buildAdditionalData };
