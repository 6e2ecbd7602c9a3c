// n8n-core carries its own copies of @n8n/di and @n8n/backend-common; resolve them from there so
// the logger we register is the one the node's `this.logger` reads.
const path = require('node:path');

const coreDir = path.dirname(require.resolve('n8n-core/package.json'));
const fromCore = (name) => require(require.resolve(name, { paths: [coreDir] }));

module.exports = {
	core: require('n8n-core'),
	workflow: require('n8n-workflow'),
	di: fromCore('@n8n/di'),
	backendCommon: fromCore('@n8n/backend-common'),
};
