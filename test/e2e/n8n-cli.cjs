/**
 * Drives the real n8n CLI (installed by install-n8n.cjs) in one throw-away n8n user folder:
 * install a packed community package, import credentials and workflows, execute a workflow and
 * read its run. Each command runs as its own process under Node 24. Starting the server is
 * test/harness/n8nServer.cjs's job; `startServer` here only adds this instance's settings.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

const { QUIET_N8N_ENV, freePort, startServer: startN8nServer } = require('../harness/n8nServer.cjs');

/**
 * Runs a command; resolves with { code, signal, timedOut, stdout, stderr, seconds }. Never
 * rejects on exit. Its output goes to files, not pipes: `n8n execute` prints the run (megabytes
 * of JSON for a large load) and exits at once, and what it had not yet written into a full pipe
 * was lost whenever this process read slowly (a busy machine); a file takes every byte.
 */
function runProcess(command, args, { cwd, env, timeoutMs = 300_000 } = {}) {
	const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fluent-n8n-cli-'));
	const outputFiles = ['stdout', 'stderr'].map((name) => path.join(outputDir, name));
	const readOutputs = () => {
		const [stdout, stderr] = outputFiles.map((file) => fs.readFileSync(file, 'utf8'));
		fs.rmSync(outputDir, { recursive: true, force: true });
		return { stdout, stderr };
	};
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const fds = outputFiles.map((file) => fs.openSync(file, 'w'));
		let child;
		try {
			child = spawn(command, args, { cwd, env, stdio: ['ignore', ...fds], detached: true });
		} finally {
			for (const fd of fds) fs.closeSync(fd);
		}
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child);
		}, timeoutMs);
		let failedToStart = false;
		child.on('error', (error) => {
			failedToStart = true;
			clearTimeout(timer);
			fs.rmSync(outputDir, { recursive: true, force: true });
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			if (failedToStart) return;
			resolve({
				code,
				signal,
				timedOut,
				...readOutputs(),
				seconds: (Date.now() - started) / 1000,
			});
		});
	});
}

/** Ends a child started with detached: true, and everything it started (n8n's task runners). */
function killGroup(child, signal = 'SIGTERM') {
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}

/** The run JSON that `n8n execute` prints: the first line that is just "{" up to the end. */
function parseRunOutput(stdout) {
	const match = /^\{\s*$/m.exec(stdout);
	if (!match) return undefined;
	const text = stdout.slice(match.index);
	// n8n may print a log line after the run (a late warning, its shutdown): the run ends at the
	// last line that closes the object at the start of a line, so try those from the end back.
	for (let end = text.length; end > 0; end = text.lastIndexOf('\n}', end - 1)) {
		try {
			return JSON.parse(text.slice(0, end === text.length ? end : end + 2));
		} catch {
			// not the end of the run yet
		}
	}
	return undefined;
}

/** Log lines that say n8n could not load a community package (or skipped it). */
function loadErrorLines(text, packageName) {
	return text
		.split('\n')
		.filter(
			(line) =>
				/Failed to load package|Skipping package|Cannot find module|Error loading|failed to load/i.test(
					line,
				) &&
				(line.includes(packageName) || /Cannot find module/.test(line)),
		);
}

/**
 * One n8n instance of `install` (an n8nInstall(version) of install-n8n.cjs): a user folder with
 * its own SQLite database, encryption key and nodes folder.
 */
function createN8nInstance({
	install,
	userFolder,
	filesDir,
	encryptionKey = 'fluent-e2e-encryption-key',
}) {
	const { paths } = install;
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');

	async function env(extra = {}) {
		return install.env({
			...QUIET_N8N_ENV,
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: encryptionKey,
			N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
			// Each n8n process starts a task broker; a port of its own keeps parallel runs apart.
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			...extra,
		});
	}

	async function n8n(args, { timeoutMs, extraEnv } = {}) {
		return await runProcess(paths.nodeBin, [paths.n8nBin, ...args], {
			cwd: userFolder,
			env: await env(extraEnv),
			timeoutMs,
		});
	}

	/**
	 * Installs a packed tarball the way the README tells users to (npm, in ~/.n8n/nodes).
	 * n8n-workflow is a peer dependency that n8n itself provides, so it is not installed.
	 */
	async function installPackage(tarball) {
		fs.mkdirSync(nodesDir, { recursive: true });
		const packageJson = path.join(nodesDir, 'package.json');
		if (!fs.existsSync(packageJson)) {
			fs.writeFileSync(
				packageJson,
				`${JSON.stringify({ name: 'installed-nodes', private: true }, null, 2)}\n`,
			);
		}
		return await runProcess('npm', ['install', '--omit=peer', '--no-audit', '--no-fund', tarball], {
			cwd: nodesDir,
			env: install.env(),
			timeoutMs: 180_000,
		});
	}

	/**
	 * `n8n start` on this user folder and encryption key (`extraEnv` adds settings, e.g. queue
	 * mode's); resolves once it serves the editor and has written the node and credential lists
	 * the editor loads (types/*.json).
	 */
	async function startServer({ timeoutMs = 120_000, extraEnv = {} } = {}) {
		const server = await startN8nServer({
			install,
			userFolder,
			timeoutMs,
			env: {
				N8N_ENCRYPTION_KEY: encryptionKey,
				N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
				...extraEnv,
			},
		});
		const typesDir = path.join(userFolder, '.cache', 'n8n', 'public', 'types');
		const written = () =>
			['nodes.json', 'credentials.json'].every((file) => fs.existsSync(path.join(typesDir, file)));
		const deadline = Date.now() + 30_000;
		while (!written() && Date.now() < deadline)
			await new Promise((resolve) => setTimeout(resolve, 250));
		return { ...server, typesDir, log: server.output };
	}

	return { install, userFolder, nodesDir, env, n8n, installPackage, startServer };
}

module.exports = {
	createN8nInstance,
	killGroup,
	parseRunOutput,
	loadErrorLines,
};
