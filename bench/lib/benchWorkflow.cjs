'use strict';

/**
 * The workflow and credential the real-n8n benchmark imports. One workflow per setting:
 *
 *   Start (manual) → Create Job → Build items (Code) → Create Batch
 *
 * Create Job logs in (n8n stores the token in the credential) and opens the job, so Create
 * Batch's own time holds what a load costs with a valid token: map and check every item, build
 * and send the batches (no waiting). Build items makes the N stock positions in one Code node
 * run, in its own node time; they reach Create Batch as that Code node's output does (with n8n
 * 1.x's task runners off: vm2 proxies). minimalWorkflow is the same with the n8n floor.
 */

const { simulatorCredentialData } = require('./benchEnvironment.cjs');
const { FLOOR_NODE_TYPE } = require('./floorPackage.cjs');

const PACKAGE_NAME = require('../../package.json').name;
const NODE_TYPE = `${PACKAGE_NAME}.fluentInventoryBatch`;
const CREDENTIAL = { id: 'benchFluentSim01', name: 'Fluent simulator (benchmark)' };
const NODE_NAMES = {
	start: 'Start',
	job: 'Create Job',
	items: 'Build items',
	read: 'Read stock file',
	extract: 'Extract CSV rows',
	batch: 'Create Batch',
	minimal: 'Minimal Loader',
};
const RECORD_FIELDS = ['skuRef', 'locationRef', 'qty'];

/** The credential, pointed at the simulator; records take its Retailer ID. */
function benchCredential(simulatorUrl) {
	return {
		...CREDENTIAL,
		type: 'fluentCommerceApi',
		data: simulatorCredentialData(simulatorUrl),
	};
}

/**
 * The Code node's script: the same stock positions as test/harness/inventory.cjs's
 * inventoryItems(count, { locations: 50 }), which the raw script sends.
 */
function buildItemsCode(count) {
	return [
		`const count = ${count};`,
		'const items = new Array(count);',
		'for (let index = 0; index < count; index++) {',
		"\titems[index] = { json: { skuRef: `SKU-${String(index).padStart(7, '0')}`, locationRef: `LOC-${index % 50}`, qty: (index * 7) % 250 } };",
		'}',
		'return items;',
	].join('\n');
}

/** The resource mapper's value: Map Automatically, or Define Below with `{{ $json.<field> }}`. */
function columns(mapping) {
	if (mapping === 'auto') return { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: [] };
	return {
		mappingMode: 'defineBelow',
		value: Object.fromEntries(RECORD_FIELDS.map((field) => [field, `={{ $json.${field} }}`])),
		matchingColumns: [],
		schema: RECORD_FIELDS.map((field) => ({
			id: field,
			displayName: field,
			required: true,
			defaultMatch: false,
			display: true,
			type: field === 'qty' ? 'number' : 'string',
			canBeUsedToMatch: false,
		})),
	};
}

const credentials = { fluentCommerceApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } };

/**
 * A workflow of `nodes` ([name, type, typeVersion, parameters, extra]) connected one after
 * another, each Fluent node with the benchmark's credential.
 */
function chainWorkflow(id, name, nodes) {
	const built = nodes.map(([nodeName, type, typeVersion, parameters, extra = {}], index) => ({
		id: `${id}-${nodeName.replace(/\s+/g, '-').toLowerCase()}`,
		name: nodeName,
		type,
		typeVersion,
		position: [index * 220, 0],
		parameters,
		...(type === NODE_TYPE || type === FLOOR_NODE_TYPE ? { credentials } : {}),
		...extra,
	}));
	const connections = {};
	for (let index = 1; index < built.length; index++) {
		connections[built[index - 1].name] = { main: [[{ node: built[index].name, type: 'main', index: 0 }]] };
	}
	return { id, name, nodes: built, connections, active: false, settings: { executionOrder: 'v1' }, pinData: {} };
}

const startNode = [NODE_NAMES.start, 'n8n-nodes-base.manualTrigger', 1, {}];
const createJobNode = (id) => [NODE_NAMES.job, NODE_TYPE, 1, { operation: 'createJob', jobName: `benchmark ${id}`, retailerId: '', options: {} }];
const createBatchNode = (parameters) => [
	NODE_NAMES.batch,
	NODE_TYPE,
	1,
	{
		operation: 'createBatch',
		jobId: `={{ $('${NODE_NAMES.job}').first().json.jobId }}`,
		...parameters,
		retailerId: '',
		waitForCompletion: false,
		options: {},
	},
];

/** setting: { id, count, mapping: 'auto' | 'define', batchSize } */
function benchWorkflow({ id, count, mapping, batchSize }) {
	return chainWorkflow(id, `Benchmark ${count} ${mapping} ${batchSize}`, [
		startNode,
		createJobNode(id),
		[NODE_NAMES.items, 'n8n-nodes-base.code', 2, { mode: 'runOnceForAllItems', language: 'javaScript', jsCode: buildItemsCode(count) }],
		createBatchNode({ columns: columns(mapping), batchSize }),
	]);
}

/**
 * The n8n floor's workflow for a setting: the same as benchWorkflow's with Minimal Loader (the
 * benchmark-only package of floorPackage.cjs) in place of Create Batch, posting the same batches
 * to the simulator at `url` with `concurrency` under way, as Create Batch does by default.
 */
function minimalWorkflow({ id, count, batchSize, url, concurrency }) {
	return chainWorkflow(id, `Benchmark floor ${count} ${batchSize}`, [
		startNode,
		createJobNode(id),
		[NODE_NAMES.items, 'n8n-nodes-base.code', 2, { mode: 'runOnceForAllItems', language: 'javaScript', jsCode: buildItemsCode(count) }],
		[NODE_NAMES.minimal, FLOOR_NODE_TYPE, 1, { url, jobId: `={{ $('${NODE_NAMES.job}').first().json.jobId }}`, batchSize, concurrency }],
	]);
}

/**
 * The stock-file benchmark's workflows, both starting from the file read by Read/Write Files
 * from Disk (its binary data in n8n's filesystem store):
 *  - path "file": Create Batch reads the file itself (Records From: Binary File, CSV);
 *  - path "items": Extract from File turns it into one item per row, and Create Batch maps
 *    them automatically, as users did before Records From existed.
 */
function fileWorkflow({ id, file, path, batchSize }) {
	const read = [NODE_NAMES.read, 'n8n-nodes-base.readWriteFile', 1, { fileSelector: file, options: {} }];
	const load =
		path === 'file'
			? [createBatchNode({ recordsFrom: 'binaryFile', binaryPropertyName: 'data', fileFormat: 'csv', batchSize })]
			: [
					[NODE_NAMES.extract, 'n8n-nodes-base.extractFromFile', 1, { operation: 'csv', binaryPropertyName: 'data', options: {} }],
					createBatchNode({ columns: columns('auto'), batchSize }),
				];
	return chainWorkflow(id, `Benchmark stock file (${path})`, [startNode, createJobNode(id), read, ...load]);
}

module.exports = { benchCredential, benchWorkflow, minimalWorkflow, fileWorkflow, NODE_NAMES, NODE_TYPE };
