'use strict';

/**
 * The real n8n CLI for the benchmark: one user folder per n8n version with the packed package
 * installed as users install it (test/harness/n8nServer.cjs's createUserFolder: npm install of
 * the tarball in ~/.n8n/nodes, peers omitted), the credential and workflows imported with
 * `n8n import:*`, and each measured run a fresh `n8n execute --id` process. The n8n floor's
 * benchmark-only package (floorPackage.cjs) sits beside it. `instance.env` holds a variant's
 * settings (undefined leaves a variable out, e.g. N8N_RUNNERS_ENABLED for n8n 1.x's default). Node.js flags for
 * the measured process (the memory probe, --cpu-prof, --max-old-space-size) go on its own
 * command line, so n8n's task runner processes do not get them.
 */

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { performance } = require('node:perf_hooks');

const { QUIET_N8N_ENV, createUserFolder, freePort } = require('../../test/harness/n8nServer.cjs');
const { installFloorPackage } = require('./floorPackage.cjs');

const PROBE = path.join(__dirname, 'n8nProbe.cjs');
const ENCRYPTION_KEY = 'fluent-bench-encryption-key-0001';

/** Ends a child started with detached: true, and what it started (n8n's task runners). */
function killGroup(child, signal) {
	try {
		process.kill(-child.pid, signal);
	} catch {
		// already gone
	}
}

const living = new Set();
/** Ends every n8n process still running (the benchmark is exiting). */
function stopAllN8n() {
	for (const child of living) killGroup(child, 'SIGKILL');
	living.clear();
}

/**
 * Runs `node [nodeArgs] n8n <args>` in the user folder; stdout goes to `stdoutFile` when given
 * (a 1,000,000-item run prints hundreds of MB), else is kept. Resolves { code, signal, wallMs,
 * stdout, stderr, timedOut }; never rejects on a failed exit.
 */
function runN8n(instance, args, { nodeArgs = [], extraEnv = {}, stdoutFile, timeoutMs = 600_000 } = {}) {
	return new Promise((resolve, reject) => {
		freePort().then((brokerPort) => {
			const out = stdoutFile ? fs.openSync(stdoutFile, 'w') : 'pipe';
			const started = performance.now();
			const env = {
				...process.env,
				...QUIET_N8N_ENV,
				PATH: `${path.dirname(instance.install.nodeBin)}${path.delimiter}${process.env.PATH}`,
				NODE_OPTIONS: '',
				N8N_USER_FOLDER: instance.userFolder,
				N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
				// `n8n execute` prints the run through its logger, at level info.
				N8N_LOG_LEVEL: 'info',
				N8N_RUNNERS_BROKER_PORT: String(brokerPort),
				GENERIC_TIMEZONE: 'UTC',
				// n8n 1.x runs the Code node in-process (vm2) unless task runners are on; its items
				// then reach Create Batch as vm2 proxies, many times slower to read than the plain
				// objects any other node outputs. With runners (2.x: always) they arrive as JSON.
				N8N_RUNNERS_ENABLED: 'true',
				// A variant's settings (n8n 1.x with its defaults: task runners left out).
				...instance.env,
				...extraEnv,
			};
			for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
			const child = spawn(instance.install.nodeBin, [...nodeArgs, instance.install.n8nBin, ...args], {
				cwd: instance.userFolder,
				env,
				stdio: ['ignore', out, 'pipe'],
				detached: true,
			});
			if (typeof out === 'number') fs.closeSync(out);
			living.add(child);
			const stdout = [];
			let stderr = '';
			child.stdout?.on('data', (chunk) => stdout.push(chunk));
			child.stderr.on('data', (chunk) => {
				stderr = (stderr + chunk).slice(-20_000);
			});
			let timedOut = false;
			const timer = setTimeout(() => {
				timedOut = true;
				killGroup(child, 'SIGKILL');
			}, timeoutMs);
			child.on('error', (error) => {
				clearTimeout(timer);
				living.delete(child);
				reject(error);
			});
			child.on('close', (code, signal) => {
				clearTimeout(timer);
				living.delete(child);
				// The task runner n8n started may outlive it for a moment.
				killGroup(child, 'SIGKILL');
				resolve({
					code,
					signal,
					timedOut,
					wallMs: performance.now() - started,
					stdout: Buffer.concat(stdout).toString('utf8'),
					stderr,
					pid: child.pid,
				});
			});
		}, reject);
	});
}

function failed(what, result) {
	const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-30).join('\n');
	return new Error(`${what} failed (exit ${result.code ?? result.signal}${result.timedOut ? ', timed out' : ''}):\n${tail}`);
}

/**
 * A user folder under `workDir` for this n8n install: the package installed from `tarball`,
 * `credential` and `workflows` imported.
 */
async function prepareInstance(install, { workDir, tarball, credential, workflows }) {
	const userFolder = path.join(workDir, `n8n-${install.version}`);
	fs.mkdirSync(userFolder, { recursive: true });
	createUserFolder(tarball, { userFolder });
	installFloorPackage(userFolder);
	const instance = { install, userFolder };

	const credentialsFile = path.join(workDir, 'credentials.json');
	fs.writeFileSync(credentialsFile, JSON.stringify([credential]));
	const imported = await runN8n(instance, ['import:credentials', `--input=${credentialsFile}`]);
	if (imported.code !== 0 || !/Successfully imported 1 credential/.test(imported.stdout)) throw failed(`n8n ${install.version} import:credentials`, imported);

	const workflowsDir = path.join(workDir, 'workflows');
	fs.rmSync(workflowsDir, { recursive: true, force: true });
	fs.mkdirSync(workflowsDir);
	for (const workflow of workflows) fs.writeFileSync(path.join(workflowsDir, `${workflow.id}.json`), JSON.stringify(workflow));
	const importedWorkflows = await runN8n(instance, ['import:workflow', '--separate', `--input=${workflowsDir}`]);
	if (importedWorkflows.code !== 0 || !new RegExp(`Successfully imported ${workflows.length} workflow`).test(importedWorkflows.stdout)) {
		throw failed(`n8n ${install.version} import:workflow`, importedWorkflows);
	}
	return instance;
}

/**
 * The figures of one node in the printed run (`n8n execute` prints JSON.stringify(run, null, 2)),
 * found without parsing it all: a 1,000,000-item run prints hundreds of MB. A task's
 * startTime and executionTime come before its (large) data.
 */
function nodeTask(output, nodeName) {
	const runData = output.indexOf('"runData": {');
	if (runData < 0) return undefined;
	const at = output.indexOf(`"${nodeName}": [`, runData);
	if (at < 0) return undefined;
	const head = output.subarray(at, at + 6000).toString('utf8');
	const number = (field) => {
		const match = new RegExp(`"${field}": (\\d+)`).exec(head);
		return match ? Number(match[1]) : undefined;
	};
	return { startTime: number('startTime'), executionTime: number('executionTime') };
}

function countOf(buffer, text) {
	const needle = Buffer.from(text);
	let count = 0;
	for (let at = buffer.indexOf(needle); at >= 0; at = buffer.indexOf(needle, at + needle.length)) count++;
	return count;
}

/**
 * One measured `n8n execute --id`. Resolves { wallMs, code, tasks: { [node name]: { startTime,
 * executionTime } }, outputBatchIds, probe, problem }.
 */
async function executeWorkflow(instance, workflowId, { nodeNames, nodeArgs = [], extraEnv = {}, scratchDir, timeoutMs }) {
	const stdoutFile = path.join(scratchDir, `execute-${workflowId}.out`);
	const probeFile = path.join(scratchDir, `probe-${workflowId}.json`);
	fs.rmSync(probeFile, { force: true });
	const result = await runN8n(instance, ['execute', `--id=${workflowId}`, '--rawOutput'], {
		nodeArgs: ['--require', PROBE, ...nodeArgs],
		extraEnv: { ...extraEnv, FLUENT_BENCH_PROBE_FILE: probeFile },
		stdoutFile,
		timeoutMs,
	});
	const output = fs.readFileSync(stdoutFile);
	const tasks = Object.fromEntries(nodeNames.map((name) => [name, nodeTask(output, name)]));
	let probe;
	try {
		probe = JSON.parse(fs.readFileSync(probeFile, 'utf8'));
	} catch {
		probe = undefined;
	}
	let problem;
	if (result.code !== 0) {
		const text = output.subarray(Math.max(0, output.length - 3000)).toString('utf8');
		const fatal = /FATAL ERROR: .*/.exec(result.stderr)?.[0];
		problem = `n8n execute exited ${result.code ?? result.signal}${result.timedOut ? ' (timed out)' : ''}: ${fatal ?? `${text}\n${result.stderr}`.trim().split('\n').slice(-12).join(' | ')}`;
	} else if (nodeNames.some((name) => tasks[name]?.executionTime === undefined)) {
		problem = `the printed run lacks the time of ${nodeNames.filter((name) => tasks[name]?.executionTime === undefined).join(', ')}`;
	}
	// Kept when something went wrong (in the scratch folder, which --keep keeps).
	if (problem) fs.renameSync(stdoutFile, stdoutFile.replace(/\.out$/, `-${result.pid}.failed.out`));
	else fs.rmSync(stdoutFile, { force: true });
	return { wallMs: result.wallMs, code: result.code, pid: result.pid, tasks, outputBatchIds: countOf(output, '"batchId": "'), probe, problem };
}

module.exports = { prepareInstance, executeWorkflow, runN8n, stopAllN8n };
