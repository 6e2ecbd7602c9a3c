'use strict';

/**
 * The n8n floor in the real n8n: a tiny benchmark-only community package,
 * n8n-nodes-fluent-bench-floor, with one node, Minimal Loader (minimalNode.cjs), written straight
 * into a benchmark user folder's ~/.n8n/nodes/node_modules beside the installed Fluent package.
 * It never goes into the shipped package. Its workflow runs in the same `n8n execute` process
 * kind as Create Batch's (same n8n, settings, Code node and credential), with Minimal Loader in
 * place of Create Batch.
 */

const fs = require('node:fs');
const path = require('node:path');

const FLOOR_PACKAGE = 'n8n-nodes-fluent-bench-floor';
const FLOOR_NODE_TYPE = `${FLOOR_PACKAGE}.minimalLoader`;
/** The files the node needs, copied from bench/lib. */
const COPIED = ['minimalNode.cjs', 'baselineLoad.cjs', 'record.cjs'];

const NODE_FILE = `'use strict';
// Benchmark only: the n8n floor (bench/lib/minimalNode.cjs) as an n8n node.
const { createMinimalNodeType } = require('./minimalNode.cjs');

const properties = [
	{ displayName: 'Simulator URL', name: 'url', type: 'string', default: '' },
	{ displayName: 'Job ID', name: 'jobId', type: 'string', default: '' },
	{ displayName: 'Batch Size', name: 'batchSize', type: 'number', default: 5000 },
	{ displayName: 'Batches Sent at Once', name: 'concurrency', type: 'number', default: 4 },
];

function settings() {
	return {
		url: this.getNodeParameter('url', 0),
		jobId: String(this.getNodeParameter('jobId', 0)),
		batchSize: this.getNodeParameter('batchSize', 0),
		concurrency: this.getNodeParameter('concurrency', 0),
		waitForCompletion: false,
	};
}

const type = createMinimalNodeType(settings, { name: 'minimalLoader', properties });

class MinimalLoader {
	constructor() {
		this.description = type.description;
	}
	async execute() {
		return await type.execute.call(this);
	}
}

module.exports = { MinimalLoader };
`;

/** Writes the package into the user folder (made by createUserFolder) and returns its folder. */
function installFloorPackage(userFolder) {
	const dir = path.join(userFolder, '.n8n', 'nodes', 'node_modules', FLOOR_PACKAGE);
	const nodeDir = path.join(dir, 'dist', 'nodes', 'MinimalLoader');
	fs.mkdirSync(nodeDir, { recursive: true });
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		`${JSON.stringify(
			{
				name: FLOOR_PACKAGE,
				version: '0.0.0',
				private: true,
				description: 'Benchmark only: the n8n floor beside Create Batch',
				keywords: ['n8n-community-node-package'],
				main: 'index.js',
				n8n: { n8nNodesApiVersion: 1, credentials: [], nodes: ['dist/nodes/MinimalLoader/MinimalLoader.node.js'] },
			},
			null,
			2,
		)}\n`,
	);
	fs.writeFileSync(path.join(dir, 'index.js'), 'module.exports = {};\n');
	for (const file of COPIED) fs.copyFileSync(path.join(__dirname, file), path.join(nodeDir, file));
	fs.writeFileSync(path.join(nodeDir, 'MinimalLoader.node.js'), NODE_FILE);
	// n8n finds it as it finds any community package: node_modules/n8n-nodes-* in the nodes folder.
	return dir;
}

module.exports = { installFloorPackage, FLOOR_NODE_TYPE, FLOOR_PACKAGE };
