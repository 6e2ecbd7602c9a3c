/**
 * The real n8n server with this package installed, for tests that need a running n8n (the
 * editor test in test/ui, and any end-to-end test that wants the server rather than the CLI).
 *
 *   const n8n = require('../harness/n8nServer.cjs');
 *   const tgz = n8n.packPackage(tmpDir);               // npm pack of the built package
 *   const userFolder = n8n.createUserFolder(tgz);       // fresh N8N_USER_FOLDER, package installed
 *   const server = await n8n.startServer({ userFolder }); // n8n start on a free loopback port
 *   const owner = await n8n.setupOwner(server.url);     // owner account through n8n's REST API
 *   const cookie = await n8n.login(server.url, owner);  // "n8n-auth=..." for REST calls or a browser
 *   await server.stop();
 *
 * n8n itself comes from test/e2e/install-n8n.cjs (by default n8n 2.41.1 on Node 24, in
 * .cache/n8n-e2e); `startServer({ install: n8nInstall(version) })` starts another version.
 * The package is installed the way "npm install n8n-nodes-fluent-commerce" in ~/.n8n/nodes
 * does it: n8n loads every package in <N8N_USER_FOLDER>/.n8n/nodes/node_modules at start.
 */
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');

const { n8nInstall } = require('../e2e/install-n8n.cjs');

const ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_NAME = 'n8n-nodes-fluent-commerce';
const NODE_FILE = 'dist/nodes/FluentInventoryBatch/FluentInventoryBatch.node.js';
const CREDENTIAL_FILE = 'dist/credentials/FluentCommerceApi.credentials.js';

const DEFAULT_OWNER = {
	email: 'owner@fluent-n8n.test',
	password: 'Fluent-Test-Owner-1',
	firstName: 'Test',
	lastName: 'Owner',
};

/** Settings every n8n process of the tests gets: nothing phones home, a small SQLite pool. */
const QUIET_N8N_ENV = Object.freeze({
	N8N_LOG_LEVEL: 'info',
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	DB_SQLITE_POOL_SIZE: '2',
});

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * `count` different TCP ports nobody listens on right now (the OS picks them). All are held open
 * until every one is known, so the OS cannot hand out the same port twice.
 */
async function freePorts(count) {
	const servers = [];
	try {
		for (let index = 0; index < count; index++) {
			const server = net.createServer();
			server.unref();
			servers.push(server);
			await new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(0, '127.0.0.1', resolve);
			});
		}
		return servers.map((server) => server.address().port);
	} finally {
		await Promise.all(servers.map((server) => new Promise((resolve) => server.close(() => resolve()))));
	}
}

async function freePort() {
	const [port] = await freePorts(1);
	return port;
}

/**
 * Packs the built package (dist/ must exist: "npm run build") into `destDir` and returns the
 * tarball's path. Checks the tarball holds the node and the credential, because a build running
 * at the same moment (rimraf dist) would otherwise give an empty package.
 */
function packPackage(destDir, { root = ROOT } = {}) {
	if (!fs.existsSync(path.join(root, NODE_FILE))) {
		throw new Error(`${path.join(root, NODE_FILE)} does not exist: run "npm run build" first`);
	}
	fs.mkdirSync(destDir, { recursive: true });
	const out = execFileSync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', destDir],
		{ cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const [packed] = JSON.parse(out);
	const files = packed.files.map((file) => file.path);
	for (const needed of [NODE_FILE, CREDENTIAL_FILE]) {
		if (!files.includes(needed)) {
			throw new Error(`npm pack left out ${needed} (was dist/ being rebuilt?)`);
		}
	}
	return path.join(destDir, packed.filename);
}

/**
 * Creates a fresh N8N_USER_FOLDER (in the OS temp dir unless `userFolder` is given) with the
 * tarball installed into .n8n/nodes, and returns the folder. `n8n-workflow` is a peer
 * dependency that n8n provides itself, so peers are not installed.
 */
function createUserFolder(tarball, { userFolder } = {}) {
	const folder = userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-fluent-user-'));
	const nodesDir = path.join(folder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		`${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`,
	);
	execFileSync(
		'npm',
		[
			'install',
			tarball,
			'--omit=peer',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--no-update-notifier',
		],
		{ cwd: nodesDir, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const installed = installedPackageDir(folder);
	if (!fs.existsSync(path.join(installed, NODE_FILE))) {
		throw new Error(`the package was not installed into ${installed}`);
	}
	return folder;
}

/** Where the package sits inside a user folder made by createUserFolder. */
function installedPackageDir(userFolder) {
	return path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
}

async function httpOk(url) {
	try {
		const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
		return response.ok;
	} catch {
		return false;
	}
}

/**
 * Starts `n8n start` (of `install`, an n8nInstall(version)) on a free loopback port and waits
 * until it serves the editor. Returns { url, port, child, output(), stop() }. `env` adds to or
 * overrides the defaults.
 */
async function startServer({
	userFolder,
	env = {},
	timeoutMs = 180_000,
	log,
	install = n8nInstall(),
} = {}) {
	const { paths, versions } = install;
	if (!install.isInstalled()) {
		throw new Error(
			`n8n ${versions.n8n} is not installed in ${paths.cacheDir}: run "node test/e2e/install-n8n.cjs ${versions.n8n}" first`,
		);
	}
	const [port, brokerPort] = await freePorts(2);
	const url = `http://127.0.0.1:${port}`;
	const child = spawn(paths.nodeBin, [paths.n8nBin, 'start'], {
		cwd: userFolder,
		env: install.env({
			...QUIET_N8N_ENV,
			N8N_USER_FOLDER: userFolder,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: url,
			WEBHOOK_URL: url,
			N8N_ENCRYPTION_KEY: 'fluent-n8n-test-encryption-key-0001',
			N8N_USER_MANAGEMENT_JWT_SECRET: 'fluent-n8n-test-jwt-secret-0001',
			N8N_SECURE_COOKIE: 'false',
			N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_AI_ENABLED: 'false',
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			N8N_REINSTALL_MISSING_PACKAGES: 'false',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			N8N_PUBLIC_API_DISABLED: 'true',
			N8N_LOG_OUTPUT: 'console',
			EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
			GENERIC_TIMEZONE: 'UTC',
			TZ: 'UTC',
			NODE_OPTIONS: '',
			...env,
		}),
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	const collect = (chunk) => {
		const text = chunk.toString();
		output += text;
		if (output.length > 2_000_000) output = output.slice(-1_000_000);
		log?.(text);
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	let exited = null;
	const exitedPromise = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			exited = { code, signal };
			resolve(exited);
		});
	});

	const stop = async () => {
		if (exited) return exited;
		try {
			process.kill(-child.pid, 'SIGTERM');
		} catch {
			/* already gone */
		}
		const timer = setTimeout(() => {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* already gone */
			}
		}, 15_000);
		const result = await exitedPromise;
		clearTimeout(timer);
		return result;
	};

	const deadline = Date.now() + timeoutMs;
	while (true) {
		if (exited) {
			throw new Error(
				`n8n exited (${exited.code ?? exited.signal}) before it was ready. Output:\n${output.slice(-4000)}`,
			);
		}
		if ((await httpOk(`${url}/healthz/readiness`)) && (await httpOk(`${url}/rest/settings`))) break;
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`n8n was not ready within ${timeoutMs / 1000} s. Output:\n${output.slice(-4000)}`);
		}
		await sleep(500);
	}
	return { url, port, child, output: () => output, stop };
}

async function restCall(url, method, route, { body, cookie } = {}) {
	const response = await fetch(`${url}/rest${route}`, {
		method,
		headers: {
			'content-type': 'application/json',
			...(cookie ? { cookie } : {}),
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	if (!response.ok) {
		throw new Error(`${method} /rest${route} answered ${response.status}: ${text.slice(0, 500)}`);
	}
	return { response, json: json?.data ?? json };
}

/** Sets up the instance owner through n8n's own API (POST /rest/owner/setup). */
async function setupOwner(url, owner = DEFAULT_OWNER) {
	await restCall(url, 'POST', '/owner/setup', { body: owner });
	return owner;
}

/** Logs in (POST /rest/login) and returns the auth cookie as "name=value". */
async function login(url, owner = DEFAULT_OWNER) {
	const { response } = await restCall(url, 'POST', '/login', {
		body: { emailOrLdapLoginId: owner.email, password: owner.password },
	});
	const cookies = response.headers.getSetCookie();
	const auth = cookies.find((cookie) => cookie.startsWith('n8n-auth='));
	if (!auth) throw new Error(`POST /rest/login set no n8n-auth cookie (got: ${cookies.join('; ')})`);
	return auth.split(';')[0];
}

module.exports = {
	QUIET_N8N_ENV,
	createUserFolder,
	freePort,
	installedPackageDir,
	login,
	packPackage,
	restCall,
	setupOwner,
	startServer,
};
