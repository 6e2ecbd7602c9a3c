'use strict';

/**
 * The simulator in its own process (so its memory and CPU are not counted), and the benchmark's
 * child processes. Every process started here is killed when the benchmark exits, however it
 * exits.
 */

const path = require('node:path');
const { fork } = require('node:child_process');

const { startSimulatorProcess } = require('../../test/harness/simulatorProcess.cjs');

const ROOT = path.resolve(__dirname, '..', '..');
const CHILD = path.join(__dirname, 'child.cjs');

const living = new Set();

function track(child) {
	living.add(child);
	child.once('exit', () => living.delete(child));
	return child;
}

function killAll() {
	for (const child of living) {
		try {
			child.kill('SIGKILL');
		} catch {
			// already gone
		}
	}
	living.clear();
}

let handlersInstalled = false;
function installExitHandlers() {
	if (handlersInstalled) return;
	handlersInstalled = true;
	process.once('exit', killAll);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.once(signal, () => {
			killAll();
			process.exit(130);
		});
	}
}

/** Node options for children: the parent's, minus any heap limit, so children get n8n's default. */
function childNodeOptions() {
	return (process.env.NODE_OPTIONS ?? '')
		.split(/\s+/)
		.filter((option) => option && !/^--max-old-space-size/.test(option) && !/^--max-semi-space-size/.test(option))
		.join(' ');
}

/**
 * The simulator (test/harness/simulatorProcess.cjs) with `options` as its command-line flags and
 * no request log, plus a client's own calls made outside the measured runs: a login and a job.
 * Jobs live 24 h (Fluent: until midnight UTC), so a benchmark running across midnight UTC does
 * not see its jobs close.
 */
async function startSimulator(options) {
	installExitHandlers();
	const sim = await startSimulatorProcess({
		flags: { 'no-request-log': true, 'job-lifetime': '24h', ...options },
		cwd: ROOT,
		env: { ...process.env, NODE_OPTIONS: childNodeOptions() },
	});
	const { url, info } = sim;

	async function issueToken() {
		const form = new URLSearchParams({
			username: info.username,
			password: info.password,
			client_id: info.clientId,
			client_secret: info.clientSecret,
			grant_type: 'password',
			scope: 'api',
		});
		const response = await fetch(`${url}/oauth/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: form.toString(),
		});
		if (!response.ok) throw new Error(`login: HTTP ${response.status}`);
		return (await response.json()).access_token;
	}

	async function createJob(token, name) {
		const response = await fetch(`${url}/api/v4.1/job`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ name, retailerId: '1' }),
		});
		if (!response.ok) throw new Error(`create job: HTTP ${response.status}`);
		return String((await response.json()).id);
	}

	return { ...sim, issueToken, createJob };
}

/**
 * Runs bench/lib/child.cjs with `config`. `onReady(readyMessage)` runs before the child is told
 * to go (the caller reads the simulator's counters there), `onMeasured()` as soon as the measured
 * part is over. `nodeBinary`: another Node.js to run the child with. Resolves to the child's result.
 */
function runChild(config, { onReady, onMeasured, timeoutMs, execArgv = [], nodeBinary }) {
	installExitHandlers();
	return new Promise((resolve, reject) => {
		const child = track(
			fork(CHILD, [JSON.stringify(config)], {
				cwd: ROOT,
				...(nodeBinary ? { execPath: nodeBinary } : {}),
				execArgv: ['--expose-gc', ...execArgv],
				env: { ...process.env, NODE_OPTIONS: childNodeOptions() },
				stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
			}),
		);
		let stderr = '';
		child.stderr.on('data', (chunk) => {
			stderr = (stderr + chunk).slice(-4000);
		});
		let ready;
		let result;
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`${config.side} run of ${config.count} records took longer than ${timeoutMs / 1000} s`));
		}, timeoutMs);
		child.on('message', (message) => {
			if (message.type === 'ready') {
				ready = message;
				Promise.resolve(onReady(message)).then(
					() => child.send({ type: 'go' }),
					(error) => {
						child.kill('SIGKILL');
						reject(error);
					},
				);
			} else if (message.type === 'measured') {
				onMeasured?.();
			} else if (message.type === 'result') {
				result = { ...message, heapLimit: ready.heapLimit, nodeVersion: ready.nodeVersion };
			} else if (message.type === 'error') {
				result = { error: message.message };
			}
		});
		child.once('exit', (code, signal) => {
			clearTimeout(timer);
			if (result && !result.error) resolve(result);
			else
				reject(
					new Error(
						`${config.side} run of ${config.count} records failed (exit ${code ?? signal}): ${result?.error ?? stderr.trim().slice(-2000)}`,
					),
				);
		});
	});
}

module.exports = { startSimulator, runChild, killAll, ROOT };
