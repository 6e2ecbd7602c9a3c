'use strict';

/**
 * Builds the package from the working tree into its own folder (bench-results/package/), laid
 * out like the installed package n8n loads (package.json + dist/). The benchmark loads it from
 * there, so a `npm run build` elsewhere (which empties dist/) cannot break a run half-way.
 */

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_DIR = path.join(ROOT, 'bench-results', 'package');

function copyIcons(from, to) {
	if (!fs.existsSync(from)) return;
	for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
		const source = path.join(from, entry.name);
		if (entry.isDirectory()) copyIcons(source, path.join(to, entry.name));
		else if (/\.(svg|png)$/.test(entry.name)) {
			fs.mkdirSync(to, { recursive: true });
			fs.copyFileSync(source, path.join(to, entry.name));
		}
	}
}

/** `source`: the package's source tree (default: this one), e.g. a git worktree of a branch. */
function buildPackage(dir = PACKAGE_DIR, source = ROOT) {
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
	try {
		execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--outDir', path.join(dir, 'dist')], {
			cwd: source,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
	} catch (error) {
		throw new Error(`the package does not compile:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
	}
	fs.copyFileSync(path.join(source, 'package.json'), path.join(dir, 'package.json'));
	copyIcons(path.join(source, 'nodes'), path.join(dir, 'dist', 'nodes'));
	copyIcons(path.join(source, 'credentials'), path.join(dir, 'dist', 'credentials'));
	return dir;
}

/** The node's own constants (default concurrency, results page size) from a built package. */
function packageConstants(packageRoot) {
	const nodeDir = path.join(packageRoot, 'dist', 'nodes', 'FluentInventoryBatch');
	const { DEFAULT_BATCH_CONCURRENCY } = require(path.join(nodeDir, 'parameters', 'numberOptions.js'));
	const { RESULTS_PAGE_SIZE } = require(path.join(nodeDir, 'transport', 'endpoints.js'));
	return { DEFAULT_BATCH_CONCURRENCY, RESULTS_PAGE_SIZE };
}

module.exports = { buildPackage, packageConstants };
