#!/usr/bin/env node
/**
 * `npm run test:ui`: the node in the real n8n editor.
 *
 * Starts n8n 2.41.1 (test/e2e/install-n8n.cjs) on loopback with the packed package installed
 * in a fresh user folder, and the Fluent API simulator; sets up the owner through n8n's REST
 * API, logs in, and drives the editor in headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core; no browser is downloaded); see session.cjs. The checks are in checks/, one
 * file per part of the editor; each is one pass or fail; the run ends with the line
 * "N passed, N failed" and exits non-zero when any check failed.
 *
 * Screenshots are taken into test-results/ui/screenshots/ (git ignores it), so a run leaves
 * the checkout as it was. With FLUENT_UI_UPDATE_SCREENSHOTS=1 and every check passed they are
 * also copied to docs/screenshots/ (the README shows them). On a failure, test-results/ui/ also
 * holds n8n's log and a screenshot of the page at each failed check.
 *
 * Environment:
 *   FLUENT_UI_UPDATE_SCREENSHOTS=1   update docs/screenshots/ from this run (when all passed)
 *   FLUENT_UI_BREAK=name,...   patch the installed package first (see breakages.cjs) to show
 *                              that the checks catch it; screenshots then stay in test-results
 *   FLUENT_UI_KEEP=1           keep the temporary n8n user folder and browser profile
 *   CHROMIUM_PATH              the browser to drive (default /usr/bin/chromium)
 */
const fs = require('node:fs');
const path = require('node:path');

const { createChecks } = require('../harness/checks.cjs');
const { createEditorSession, ROOT, SHOTS_DIR } = require('./session.cjs');
const { nodesPanelChecks } = require('./checks/nodesPanel.cjs');
const { credentialChecks } = require('./checks/credential.cjs');
const { operationChecks } = require('./checks/operations.cjs');
const { workflowRunChecks } = require('./checks/workflowRun.cjs');

const DOCS_SHOTS_DIR = path.join(ROOT, 'docs', 'screenshots');
const UPDATE_SCREENSHOTS = process.env.FLUENT_UI_UPDATE_SCREENSHOTS === '1';
const BREAK = (process.env.FLUENT_UI_BREAK || '')
	.split(',')
	.map((name) => name.trim())
	.filter(Boolean);

function log(line) {
	process.stdout.write(`${line}\n`);
}

/** Every check after the setup; the ones that need the node stop once it is not on the canvas. */
async function editorChecks(session, checks) {
	await nodesPanelChecks(session);
	const added = checks.results.find((result) => result.name.startsWith('canvas: "Create a job"'));
	if (!added.ok) session.nodeMissing = `it needs the node on the canvas ("${added.name}" failed)`;
	await credentialChecks(session);
	await operationChecks(session);
	await workflowRunChecks(session);
}

/** Copies the screenshots to docs/screenshots/ when asked and every check passed unbroken. */
function publishScreenshots(session, checks) {
	const { shots } = session;
	if (UPDATE_SCREENSHOTS && checks.allPassed() && BREAK.length === 0) {
		fs.mkdirSync(DOCS_SHOTS_DIR, { recursive: true });
		for (const file of shots) fs.copyFileSync(file, path.join(DOCS_SHOTS_DIR, path.basename(file)));
		log(`\n  ${shots.length} screenshots written to ${path.relative(ROOT, DOCS_SHOTS_DIR)}/`);
	} else if (shots.length) {
		const why = UPDATE_SCREENSHOTS
			? 'not every check passed'
			: 'FLUENT_UI_UPDATE_SCREENSHOTS=1 updates it';
		log(
			`\n  ${shots.length} screenshots in ${path.relative(ROOT, SHOTS_DIR)}/ (docs/screenshots/ unchanged: ${why})`,
		);
	}
}

async function main() {
	const started = Date.now();
	let session;
	const checks = createChecks({
		onFailure: () => session?.screenshotFailure(checks.results.length),
	});
	try {
		session = createEditorSession({
			checks,
			chromiumPath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
			breakages: BREAK,
			keep: process.env.FLUENT_UI_KEEP === '1',
		});
		const { versions } = session.install;
		await session.check(
			`setup: n8n ${versions.n8n} with the packed package, the simulator, Chromium`,
			() => session.start(),
		);
		try {
			if (checks.allPassed()) await editorChecks(session, checks);
		} finally {
			await session.cleanups.runAll();
		}
		if (session.cleanups.interrupted()) return;
		publishScreenshots(session, checks);
	} catch (error) {
		checks.check('the editor test completes', false, error.stack ?? error);
	}
	log(`  took ${((Date.now() - started) / 1000).toFixed(0)} s`);
	checks.finish();
}

main();
