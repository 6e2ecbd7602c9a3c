/**
 * What n8n's queue mode needs beside n8n, for test/e2e/queue-mode.cjs: Redis and Postgres
 * (Debian's redis-server and postgresql, installed with apt-get when missing), each a server of
 * its own in the test's folder on loopback, and `n8n worker` processes.
 */
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync, spawn, spawnSync } = require('node:child_process');

const { freePorts } = require('../harness/n8nServer.cjs');
const { killGroup } = require('./n8n-cli.cjs');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const isRoot = process.getuid?.() === 0;

function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root)
		? fs.readdirSync(root).filter((entry) => fs.existsSync(path.join(root, entry, 'bin', 'initdb')))
		: [];
	versions.sort((a, b) => Number(b) - Number(a));
	return versions.length > 0 ? path.join(root, versions[0], 'bin') : undefined;
}

function hasCommand(command) {
	return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Installs redis-server and postgresql with apt-get when they are missing; returns what it did. */
function ensureQueueServices() {
	const missing = [];
	if (!hasCommand('redis-server')) missing.push('redis-server');
	if (!postgresBinDir()) missing.push('postgresql');
	if (missing.length === 0) return 'redis-server and postgresql are installed';
	if (!isRoot) {
		throw new Error(
			`${missing.join(', ')} missing; install them: apt-get install ${missing.join(' ')}`,
		);
	}
	// Waits for another apt-get instead of failing on its lock.
	const lockWait = ['-o', 'DPkg::Lock::Timeout=600'];
	for (const args of [
		['update', ...lockWait],
		['install', '-y', '--no-install-recommends', ...lockWait, ...missing],
	]) {
		const result = spawnSync('apt-get', args, {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
			encoding: 'utf8',
		});
		if (result.status !== 0) {
			throw new Error(`apt-get ${args.join(' ')} failed:\n${result.stderr.slice(-2000)}`);
		}
	}
	return `installed ${missing.join(' and ')} with apt-get`;
}

/** Runs a Postgres program; as root, as the `postgres` user (Postgres refuses to run as root). */
function postgresCommand(program, args) {
	const binary = path.join(postgresBinDir(), program);
	const [command, fullArgs] = isRoot
		? ['runuser', ['-u', 'postgres', '--', binary, ...args]]
		: [binary, args];
	const result = spawnSync(command, fullArgs, {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	if (result.status !== 0) {
		throw new Error(
			`${program} ${args.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}`,
		);
	}
	return result.stdout;
}

/** A Postgres cluster of its own in `dir`, on loopback only; returns { port, database, user, stop }. */
function startPostgres(dir, port) {
	fs.mkdirSync(dir, { recursive: true });
	if (isRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
	const data = path.join(dir, 'data');
	postgresCommand('initdb', ['-D', data, '-U', 'n8n', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
	const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c max_connections=50`;
	postgresCommand('pg_ctl', [
		'-D',
		data,
		'-l',
		path.join(dir, 'postgres.log'),
		'-o',
		options,
		'-w',
		'start',
	]);
	const stop = () => {
		try {
			postgresCommand('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
		} catch {
			// already stopped
		}
	};
	try {
		postgresCommand('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', 'n8n']);
	} catch (error) {
		stop();
		throw error;
	}
	/** One SQL statement through psql; its rows, each a list of column values. */
	const query = (sql) => {
		const result = spawnSync(
			path.join(postgresBinDir(), 'psql'),
			['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', '-d', 'n8n', '-At', '-F', '\t', '-c', sql],
			{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
		);
		if (result.status !== 0) throw new Error(`psql -c ${sql} failed:\n${result.stderr}`);
		return result.stdout
			.split('\n')
			.filter(Boolean)
			.map((line) => line.split('\t'));
	};
	return { port, database: 'n8n', user: 'n8n', query, stop };
}

/** redis-server on loopback, nothing saved to disk; resolves once it accepts connections. */
async function startRedis(dir, port) {
	fs.mkdirSync(dir, { recursive: true });
	const child = spawn(
		'redis-server',
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
		],
		{ stdio: ['ignore', 'pipe', 'pipe'], detached: true },
	);
	let output = '';
	await new Promise((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`redis-server did not start:\n${output}`)),
			15_000,
		);
		const collect = (chunk) => {
			output += chunk;
			if (/Ready to accept connections/.test(output)) {
				clearTimeout(timer);
				resolve();
			}
		};
		child.stdout.on('data', collect);
		child.stderr.on('data', collect);
		child.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${output}`)));
	});
	return { port, stop: () => killGroup(child, 'SIGKILL') };
}

/**
 * `n8n worker` (concurrency 1) on `instance`'s user folder; resolves once its health check
 * answers. `nodeArgs` go to its Node.js (e.g. `--require` a memory probe), not to its task runners.
 */
async function startWorker(instance, env, name, { nodeArgs = [] } = {}) {
	const { paths } = instance.install;
	const [healthPort] = await freePorts(1);
	const child = spawn(paths.nodeBin, [...nodeArgs, paths.n8nBin, 'worker', '--concurrency=1'], {
		cwd: instance.userFolder,
		env: await instance.env({
			...env,
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		}),
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	const collect = (chunk) => {
		output += chunk;
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	let exited = null;
	const exitedPromise = new Promise((resolve) =>
		child.once('exit', (code, signal) => {
			exited = { code, signal };
			resolve(exited);
		}),
	);
	const stop = async () => {
		if (exited) return;
		killGroup(child, 'SIGTERM');
		const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 15_000);
		await exitedPromise;
		clearTimeout(timer);
	};
	const deadline = Date.now() + 120_000;
	for (;;) {
		if (exited) {
			throw new Error(`${name} exited (${exited.code ?? exited.signal}):\n${output.slice(-3000)}`);
		}
		try {
			const response = await fetch(`http://127.0.0.1:${healthPort}/healthz/readiness`, {
				signal: AbortSignal.timeout(2000),
			});
			if (response.ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`${name} was not ready within 120 s:\n${output.slice(-3000)}`);
		}
		await sleep(500);
	}
	return { name, output: () => output, stop };
}

module.exports = { ensureQueueServices, startPostgres, startRedis, startWorker };
