// Before jest starts its workers: one temporary folder for the whole run, which every test
// file's N8N_USER_FOLDER goes into (setup-env.cjs) and global-teardown.cjs removes.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async () => {
	process.env.FLUENT_TEST_TEMP_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-fluent-test-'));
};
