// After every test file: removes the run's temporary folder (see global-setup.cjs).
const fs = require('node:fs');

module.exports = async () => {
	const root = process.env.FLUENT_TEST_TEMP_ROOT;
	if (root) fs.rmSync(root, { recursive: true, force: true });
};
