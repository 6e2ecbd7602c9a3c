const path = require('node:path');
const fs = require('node:fs');

const { core, workflow } = require('./n8nModules.cjs');

const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Loads the built package from dist/ the way n8n loads an installed community package: through
 * n8n-core's LazyPackageDirectoryLoader, which reads package.json's "n8n" block.
 */
async function loadPackage(root = PACKAGE_ROOT) {
	const nodeFile = path.join(root, 'dist', 'nodes', 'FluentInventoryBatch', 'FluentInventoryBatch.node.js');
	if (!fs.existsSync(nodeFile)) {
		throw new Error(`${nodeFile} does not exist: run "npm run build" first`);
	}
	const loader = new core.LazyPackageDirectoryLoader(root);
	await loader.loadAll();
	const packageName = loader.packageName;

	const nodeTypesByName = new Map();
	for (const [name, loaded] of Object.entries(loader.nodeTypes)) {
		nodeTypesByName.set(`${packageName}.${name}`, loaded.type);
	}

	const nodeTypes = {
		getByName(type) {
			const nodeType = nodeTypesByName.get(type);
			if (!nodeType) throw new Error(`Unknown node type ${type}`);
			return nodeType;
		},
		getByNameAndVersion(type, version) {
			return workflow.NodeHelpers.getVersionedNodeType(this.getByName(type), version);
		},
		getKnownTypes() {
			return Object.fromEntries([...nodeTypesByName.keys()].map((name) => [name, {}]));
		},
	};

	const credentialTypes = new Map();
	for (const [name, loaded] of Object.entries(loader.credentialTypes)) {
		credentialTypes.set(name, loaded.type);
	}

	return { loader, packageName, nodeTypes, credentialTypes };
}

module.exports = { loadPackage };
