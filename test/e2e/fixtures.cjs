/**
 * What the end-to-end run feeds the example workflows: a CSV file, an "ERP" HTTP API, and the
 * changes the example workflows need to run against local services instead of real hosts.
 */
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', 'examples');
const PACKAGE = require('../../package.json');
const NODE_TYPE = `${PACKAGE.name}.fluentInventoryBatch`;
const CREDENTIAL_TYPE = 'fluentCommerceApi';

/** The credential every example refers to; the e2e run imports one with this id. */
const EXAMPLE_CREDENTIAL = { id: 'fluentCommerce01', name: 'Fluent Commerce account' };
/** A second credential, with a wrong password. */
const BAD_CREDENTIAL_ID = 'fluentBadLogin01';
/** The simulator's secrets: none may appear in n8n's output. */
const SECRETS = ['sim-client-secret', 'sim-password'];

/** Stock positions as a nightly export would have them: quantities as CSV text. */
function csvStock(count, locations = 4) {
	const rows = ['skuRef,locationRef,qty'];
	const positions = [];
	for (let index = 0; index < count; index++) {
		const position = {
			skuRef: `SKU-${String(index).padStart(7, '0')}`,
			locationRef: `LOC-${index % locations}`,
			qty: (index * 7) % 250,
		};
		positions.push(position);
		rows.push(`${position.skuRef},${position.locationRef},${position.qty}`);
	}
	return { text: `${rows.join('\n')}\n`, positions };
}

/** An ERP's stock levels in its own field names (the example maps them with Define Below). */
function erpStockLevels(count, warehouses = 3) {
	const levels = [];
	for (let index = 0; index < count; index++) {
		levels.push({
			sku: `ERP-${String(index).padStart(6, '0')}`,
			warehouse: `WH-${index % warehouses}`,
			onHand: (index * 13) % 97,
			reserved: index % 5,
			description: `Article ${index}`,
		});
	}
	return levels;
}

/** Stock changes already in Fluent's record names (auto-mapped). */
function stockChanges(count) {
	const changes = [];
	for (let index = 0; index < count; index++) {
		changes.push({
			skuRef: `CHG-${String(index).padStart(5, '0')}`,
			locationRef: `STORE-${index % 6}`,
			qty: index % 40,
		});
	}
	return changes;
}

/** A tiny JSON API on loopback; counts the requests of each path. */
async function startFeedServer(routes) {
	const hits = {};
	const server = http.createServer((request, response) => {
		const route = routes[request.url];
		hits[request.url] = (hits[request.url] ?? 0) + 1;
		if (!route || request.method !== 'GET') {
			response.writeHead(404, { 'content-type': 'application/json' });
			response.end('{"error":"not found"}');
			return;
		}
		response.writeHead(200, { 'content-type': 'application/json' });
		response.end(JSON.stringify(route));
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${server.address().port}`;
	return {
		url,
		hits,
		stop: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}

function readExample(file) {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
}

/**
 * A copy of an example workflow with an id (for `n8n execute --id`) and the given node
 * parameters changed. `changes` maps a node name to parameters merged into that node's (one
 * level deep for objects such as `options`); `credentialId` swaps every credential reference.
 * Returns the workflow and a list of the changes in words.
 */
function patchExample(file, id, changes, { credentialId } = {}) {
	const workflow = readExample(file);
	workflow.id = id;
	const described = [];
	for (const [nodeName, parameters] of Object.entries(changes)) {
		const node = workflow.nodes.find((candidate) => candidate.name === nodeName);
		if (!node) throw new Error(`${file} has no node named "${nodeName}"`);
		for (const [key, value] of Object.entries(parameters)) {
			const current = node.parameters[key];
			node.parameters[key] =
				value &&
				typeof value === 'object' &&
				!Array.isArray(value) &&
				current &&
				typeof current === 'object'
					? { ...current, ...value }
					: value;
			described.push(`${nodeName}.${key} = ${JSON.stringify(value)}`);
		}
	}
	if (credentialId) {
		for (const node of workflow.nodes) {
			if (node.credentials?.fluentCommerceApi) {
				node.credentials.fluentCommerceApi = {
					id: credentialId,
					name: `credential ${credentialId}`,
				};
			}
		}
		described.push(`credential = ${credentialId}`);
	}
	return { workflow, described };
}

module.exports = {
	PACKAGE,
	NODE_TYPE,
	CREDENTIAL_TYPE,
	SECRETS,
	EXAMPLES_DIR,
	EXAMPLE_CREDENTIAL,
	BAD_CREDENTIAL_ID,
	csvStock,
	erpStockLevels,
	stockChanges,
	startFeedServer,
	patchExample,
};
