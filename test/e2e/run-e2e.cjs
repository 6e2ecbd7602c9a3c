#!/usr/bin/env node
/**
 * End to end in the real n8n: `npm run test:e2e` (or `node test/e2e/run-e2e.cjs [version ...]`
 * for other n8n versions that install-n8n.cjs knows). One pass per version (e2e.cjs):
 *
 * 1. Installs that n8n and Node 24 into .cache/n8n-e2e once (install-n8n.cjs).
 * 2. Packs this package with `npm pack` and installs the tarball with npm into a fresh
 *    N8N_USER_FOLDER/.n8n/nodes, as the README tells users to.
 * 3. Starts the Fluent simulator and a small "ERP" JSON API, writes a CSV file.
 * 4. Imports a credential and every workflow in examples/ (pointed at those) with the n8n CLI,
 *    starts `n8n start` once to read the node and credential lists the editor gets, and checks
 *    for load errors.
 * 5. Runs each example with `n8n execute --id`, and checks its output and what the simulator
 *    received (checks/*.cjs, one file per example).
 *
 * Ends with the line `N passed, N failed` over every pass. Set FLUENT_E2E_KEEP=1 to keep the
 * temp folders.
 */
const { createChecks } = require('../harness/checks.cjs');
const { DEFAULT_N8N_VERSION, n8nInstall } = require('./install-n8n.cjs');
const { runE2e } = require('./e2e.cjs');

async function main() {
	const n8nVersions = process.argv.length > 2 ? process.argv.slice(2) : [DEFAULT_N8N_VERSION];
	for (const n8nVersion of n8nVersions) n8nInstall(n8nVersion); // an unknown version fails here
	const checks = createChecks();
	for (const n8nVersion of n8nVersions) await runE2e({ n8nVersion, checks });
	checks.finish();
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.stdout.write('\n0 passed, 1 failed\n');
	process.exitCode = 1;
});
