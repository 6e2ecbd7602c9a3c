/**
 * One end-to-end pass on one n8n version: `runE2e({ n8nVersion, checks })` runs every check of
 * checks/ in order against that version (installed in the cache by install-n8n.cjs) and adds
 * their results to `checks` (test/harness/checks.cjs). Each step is a named function that gets
 * the pass's state (`run`) and may add to it what later steps need.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { createCleanups } = require('../harness/cleanups.cjs');
const { n8nInstall } = require('./install-n8n.cjs');
const setup = require('./checks/setup.cjs');
const { editorListsNodeAndCredential } = require('./checks/editorLists.cjs');
const { nightlyCsvLoad, nightlyCsvWithFailedRecords } = require('./checks/nightlyCsv.cjs');
const { nightlyFileLoad, nightlyFileWithFailedRecords } = require('./checks/nightlyFile.cjs');
const { errorBranchGetsFailedRecords } = require('./checks/failedRecords.cjs');
const { httpApiLoad } = require('./checks/httpApi.cjs');
const { submitNowCheckLater } = require('./checks/checkLater.cjs');
const { reuseTodaysJobAcrossRuns } = require('./checks/todaysJob.cjs');
const { wrongPassword } = require('./checks/badLogin.cjs');
const {
	retryAfterHonoured,
	closedJobContinues,
	closedJobFails,
	expiredTokenLogsInAgain,
} = require('./checks/httpErrors.cjs');
const { trickledBatchIsBounded } = require('./checks/hostileNetwork.cjs');
const { closedJobKeepsRetailer } = require('./checks/closedJobRetailer.cjs');
const { hugeAnswerFailsTheRequest, echoedSecretsRedacted } = require('./checks/hostileAnswers.cjs');

/** The steps of a pass, in order; each is one group of checks or more. */
const STEPS = [
	setup.installN8n,
	setup.installPackage,
	setup.startServices,
	setup.importCredentialsAndExamples,
	editorListsNodeAndCredential,
	nightlyCsvLoad,
	nightlyCsvWithFailedRecords,
	nightlyFileLoad,
	nightlyFileWithFailedRecords,
	errorBranchGetsFailedRecords,
	httpApiLoad,
	submitNowCheckLater,
	reuseTodaysJobAcrossRuns,
	retryAfterHonoured,
	closedJobContinues,
	closedJobKeepsRetailer,
	closedJobFails,
	expiredTokenLogsInAgain,
	wrongPassword,
	trickledBatchIsBounded,
	hugeAnswerFailsTheRequest,
	echoedSecretsRedacted,
];

const SETUP_STEPS = new Set([
	setup.installN8n,
	setup.installPackage,
	setup.startServices,
	setup.importCredentialsAndExamples,
]);

/**
 * Every step, or (FLUENT_E2E_ONLY=name,name: the function names of steps) the set-up steps and
 * just those, for working on one check; an unknown name is an error, not a silent skip.
 */
function stepsToRun() {
	const only = (process.env.FLUENT_E2E_ONLY ?? '').split(',').filter(Boolean);
	if (only.length === 0) return STEPS;
	const unknown = only.filter((name) => !STEPS.some((step) => step.name === name));
	if (unknown.length > 0) throw new Error(`FLUENT_E2E_ONLY names no step: ${unknown.join(', ')}`);
	return STEPS.filter((step) => SETUP_STEPS.has(step) || only.includes(step.name));
}

/**
 * Runs the pass. Its temporary folder is removed afterwards, unless a check failed or `keep`
 * (FLUENT_E2E_KEEP=1) asks to keep it.
 */
async function runE2e({ n8nVersion, checks, keep = process.env.FLUENT_E2E_KEEP === '1' }) {
	const started = Date.now();
	const failedBefore = checks.failed();
	const run = {
		checks,
		install: n8nInstall(n8nVersion),
		workDir: fs.mkdtempSync(path.join(os.tmpdir(), 'fluent-e2e-')),
		cleanups: createCleanups('n8n, the simulator and the ERP feed'),
	};
	try {
		for (const step of stepsToRun()) await step(run);
	} catch (error) {
		keep = true;
		checks.check('the end-to-end run completes', false, error.stack ?? error);
	} finally {
		await run.cleanups.runAll();
		if (keep || checks.failed() > failedBefore) {
			process.stdout.write(`\nKept ${run.workDir} for inspection.\n`);
		} else {
			fs.rmSync(run.workDir, { recursive: true, force: true });
		}
		process.stdout.write(
			`\nEnd to end on n8n ${run.install.versions.n8n}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
		);
	}
}

module.exports = { runE2e, STEPS };
