'use strict';

/**
 * The workflow and credential the real-n8n benchmark imports. One workflow per setting:
 *
 *   Start (manual) → Create Job → Build items (Code) → Create Batch
 *
 * Create Job logs in (n8n stores the token in the credential) and opens the job, so Create
 * Batch's own time holds what a load costs with a valid token: map and check every item, build
 * and send the batches (no waiting). Build items makes the N stock positions in one Code node
 * run, in its own node time; they reach Create Batch as any earlier node's output would.
 */

const { simulatorCredentialData } = require('./benchEnvironment.cjs');

const PACKAGE_NAME = require('../../package.json').name;
const NODE_TYPE = `${PACKAGE_NAME}.fluentInventoryBatch`;
const CREDENTIAL = { id: 'benchFluentSim01', name: 'Fluent simulator (benchmark)' };
const NODE_NAMES = { start: 'Start', job: 'Create Job', items: 'Build items', batch: 'Create Batch' };
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

/** setting: { id, count, mapping: 'auto' | 'define', batchSize } */
function benchWorkflow({ id, count, mapping, batchSize }) {
	const node = (name, type, typeVersion, x, parameters, extra = {}) => ({
		id: `${id}-${name.replace(/\s+/g, '-').toLowerCase()}`,
		name,
		type,
		typeVersion,
		position: [x, 0],
		parameters,
		...extra,
	});
	const nodes = [
		node(NODE_NAMES.start, 'n8n-nodes-base.manualTrigger', 1, 0, {}),
		node(NODE_NAMES.job, NODE_TYPE, 1, 220, { operation: 'createJob', jobName: `benchmark ${id}`, retailerId: '', options: {} }, { credentials }),
		node(NODE_NAMES.items, 'n8n-nodes-base.code', 2, 440, { mode: 'runOnceForAllItems', language: 'javaScript', jsCode: buildItemsCode(count) }),
		node(
			NODE_NAMES.batch,
			NODE_TYPE,
			1,
			660,
			{
				operation: 'createBatch',
				jobId: `={{ $('${NODE_NAMES.job}').first().json.jobId }}`,
				columns: columns(mapping),
				retailerId: '',
				batchSize,
				waitForCompletion: false,
				options: {},
			},
			{ credentials },
		),
	];
	const link = (to) => ({ main: [[{ node: to, type: 'main', index: 0 }]] });
	return {
		id,
		name: `Benchmark ${count} ${mapping} ${batchSize}`,
		nodes,
		connections: {
			[NODE_NAMES.start]: link(NODE_NAMES.job),
			[NODE_NAMES.job]: link(NODE_NAMES.items),
			[NODE_NAMES.items]: link(NODE_NAMES.batch),
		},
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

module.exports = { benchCredential, benchWorkflow, NODE_NAMES, NODE_TYPE };
