// n8n-core's InstanceSettings writes an encryption key under N8N_USER_FOLDER on first use;
// keep that out of the developer's real ~/.n8n. Each test file gets a folder of its own (two
// files writing one key at once could read it half written), inside the run's temporary
// folder that jest's global teardown removes (global-setup.cjs).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

if (!process.env.N8N_USER_FOLDER) {
	const parent = process.env.FLUENT_TEST_TEMP_ROOT ?? os.tmpdir();
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(parent, 'n8n-fluent-test-'));
}
process.env.N8N_RUNNERS_ENABLED = 'false';
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';
