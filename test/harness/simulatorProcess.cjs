/**
 * The Fluent simulator as a process of its own (like Fluent, outside the process under test),
 * driven through its admin API (/__sim/, test/simulator/lib/admin-api.cjs). Used by the
 * end-to-end run, the editor test and the benchmark.
 *
 *   const sim = await startSimulatorProcess({ flags: { 'job-lifetime': '24h' } });
 *   sim.url, sim.info.clientId, ...        the simulator's first line (url and credentials)
 *   await sim.reset(); await sim.faults([...]); await sim.stats(); await sim.storeSummary();
 *   await sim.stop();
 *
 * Every simulator started here is killed when this process exits, however it exits.
 */
const path = require('node:path');
const { spawn } = require('node:child_process');

const SIMULATOR_CLI = path.resolve(__dirname, '..', 'simulator', 'cli.cjs');
const START_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 5_000;

const living = new Set();
process.once('exit', () => {
	for (const child of living) child.kill('SIGKILL');
});

/** `{ 'pending-ms': 200, quiet: true }` as command-line flags; `true` is a flag without a value. */
function commandLineFlags(flags) {
	const args = [];
	for (const [flag, value] of Object.entries(flags)) {
		if (value === false || value === undefined) continue;
		args.push(`--${flag}`);
		if (value !== true) args.push(String(value));
	}
	return args;
}

/** Resolves with the JSON of the simulator's first stdout line (printed once it listens). */
function firstLine(child, stderrTail) {
	return new Promise((resolve, reject) => {
		let buffered = '';
		const timer = setTimeout(
			() =>
				reject(
					new Error(
						`the simulator did not start within ${START_TIMEOUT_MS / 1000} s: ${stderrTail()}`,
					),
				),
			START_TIMEOUT_MS,
		);
		const onData = (chunk) => {
			buffered += chunk;
			const newline = buffered.indexOf('\n');
			if (newline === -1) return;
			clearTimeout(timer);
			child.stdout.off('data', onData);
			try {
				resolve(JSON.parse(buffered.slice(0, newline)));
			} catch (error) {
				reject(error);
			}
		};
		child.stdout.on('data', onData);
		child.once('exit', (code, signal) => {
			clearTimeout(timer);
			reject(
				new Error(`the simulator exited (${code ?? signal}) before it started: ${stderrTail()}`),
			);
		});
	});
}

/**
 * Starts test/simulator/cli.cjs on a free loopback port, quiet. `flags`: more of its options
 * (see `node test/simulator/cli.cjs --help`); `env`: its environment (default: this process's).
 */
async function startSimulatorProcess({ flags = {}, env, cwd } = {}) {
	const args = [SIMULATOR_CLI, ...commandLineFlags({ port: 0, quiet: true, ...flags })];
	const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
	living.add(child);
	child.once('exit', () => living.delete(child));
	let stderr = '';
	child.stderr.on('data', (chunk) => {
		stderr = (stderr + chunk).slice(-4000);
	});
	const info = await firstLine(child, () => stderr);
	const url = info.url;

	/** One admin call: { status, body } whatever the status. */
	async function adminRequest(method, route, body) {
		const response = await fetch(`${url}/__sim/${route.replace(/^\//, '')}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		return { status: response.status, body: text ? JSON.parse(text) : undefined };
	}

	/** One admin call that must succeed: its JSON body. */
	async function admin(method, route, body) {
		const reply = await adminRequest(method, route, body);
		if (reply.status >= 400) {
			throw new Error(
				`simulator ${method} ${route}: ${reply.status} ${JSON.stringify(reply.body)}`,
			);
		}
		return reply.body;
	}

	async function stop() {
		if (child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
		await exited;
		clearTimeout(timer);
	}

	return {
		url,
		info,
		pid: child.pid,
		child,
		admin,
		adminRequest,
		reset: () => admin('POST', 'reset'),
		settle: () => admin('POST', 'settle'),
		config: (changes) => admin('POST', 'config', changes),
		faults: (faults) => admin('POST', 'faults', faults),
		stats: () => admin('GET', 'stats'),
		storeSummary: () => admin('GET', 'store/summary'),
		/** One stored stock position, or undefined when the simulator holds none for these refs. */
		storeRecord: async (retailerId, locationRef, skuRef) => {
			const query = new URLSearchParams({ retailerId, locationRef, skuRef });
			const reply = await adminRequest('GET', `store?${query}`);
			return reply.status === 200 ? reply.body : undefined;
		},
		stop,
	};
}

module.exports = { startSimulatorProcess };
