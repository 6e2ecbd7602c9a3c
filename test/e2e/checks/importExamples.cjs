/**
 * The README tells users to import an example with `n8n import:workflow --input=<file>`; this
 * does exactly that with each file in examples/, unchanged, on the n8n version under test.
 * n8n 2.41.1 refuses a workflow without an `id` (SQLITE_CONSTRAINT: NOT NULL constraint failed:
 * workflow_entity.id); 1.123.81 makes one up.
 */
const fs = require('node:fs');
const path = require('node:path');

const { EXAMPLES_DIR, readExample } = require('../fixtures.cjs');

async function examplesImportAsShipped({ checks, instance }) {
	const files = fs.readdirSync(EXAMPLES_DIR).filter((file) => file.endsWith('.json'));
	for (const file of files) {
		const { id } = readExample(file);
		const imported = await instance.n8n([
			'import:workflow',
			`--input=${path.join(EXAMPLES_DIR, file)}`,
		]);
		checks.check(
			`n8n import:workflow --input=examples/${file} imports it as shipped, with its id ${id}`,
			typeof id === 'string' &&
				id !== '' &&
				imported.code === 0 &&
				/Successfully imported 1 workflow/.test(imported.stdout),
			`exit ${imported.code}\n${`${imported.stdout}\n${imported.stderr}`.slice(-1500)}`,
		);
	}
}

module.exports = { examplesImportAsShipped };
