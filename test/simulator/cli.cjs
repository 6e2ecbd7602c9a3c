#!/usr/bin/env node
'use strict';

/**
 * Runs the Fluent API simulator as its own process. Prints exactly one JSON line to stdout once
 * listening (url and default credentials), logs requests to stderr unless --quiet, and stops on
 * SIGINT/SIGTERM. Usage: node test/simulator/cli.cjs --help
 */

const { parseArgs } = require('node:util');
const { createSimulator } = require('./simulator.cjs');

const USAGE = `Usage: node test/simulator/cli.cjs [options]
  --port N                  port to listen on, 0 = any free port (default 0)
  --host H                  address to listen on (default 127.0.0.1)
  --pending-ms X            time a batch stays PENDING
  --running-ms Y            base time a batch stays RUNNING
  --per-record-ms Z         extra RUNNING time per record
  --latency-ms L            delay added to every response
  --token-lifetime S        access token lifetime in seconds
  --job-lifetime V          midnight-utc | 24h | <ms>
  --invalid-entity-mode M   reject-batch | per-record
  --max-batch-size N        entities allowed per batch
  --results-page-size N     default page size of batch results
  --batch-create-status N   status of a successful batch create (200 or 201)
  --batch-create-response R id | id-and-status
  --closed-job-status N     status of a batch POST to a CLOSED job
  --refresh-tokens          issue refresh tokens
  --now T                   start the simulator clock at T (ISO date-time, e.g. 2026-12-01T23:59:00Z)
  --freeze-clock            simulator time stands still (moves only through POST /__sim/advance or /__sim/clock)
  --no-request-log          keep no request log in stats (for big benchmarks)
  --quiet                   no request logging on stderr
  --help`;

const NUMBER_OPTIONS = {
	'pending-ms': 'pendingMs',
	'running-ms': 'runningMs',
	'per-record-ms': 'perRecordMs',
	'latency-ms': 'latencyMs',
	'token-lifetime': 'tokenLifetimeSeconds',
	'max-batch-size': 'maxBatchSize',
	'results-page-size': 'resultsPageSize',
	'batch-create-status': 'batchCreateStatusCode',
	'closed-job-status': 'closedJobStatus',
};
const STRING_OPTIONS = {
	'invalid-entity-mode': 'invalidEntityMode',
	'batch-create-response': 'batchCreateResponse',
};

function parseCommandLine(argv) {
	const stringOptions = [
		'port',
		'host',
		'job-lifetime',
		'now',
		...Object.keys(NUMBER_OPTIONS),
		...Object.keys(STRING_OPTIONS),
	];
	const { values } = parseArgs({
		args: argv,
		options: {
			...Object.fromEntries(stringOptions.map((name) => [name, { type: 'string' }])),
			'refresh-tokens': { type: 'boolean' },
			'freeze-clock': { type: 'boolean' },
			'no-request-log': { type: 'boolean' },
			quiet: { type: 'boolean' },
			help: { type: 'boolean' },
		},
	});
	return values;
}

function toNumber(name, text) {
	const value = Number(text);
	if (text.trim() === '' || !Number.isFinite(value))
		throw new TypeError(`--${name} needs a number, got '${text}'`);
	return value;
}

function simulatorOptions(values) {
	const options = {};
	for (const [flag, option] of Object.entries(NUMBER_OPTIONS)) {
		if (values[flag] !== undefined) options[option] = toNumber(flag, values[flag]);
	}
	for (const [flag, option] of Object.entries(STRING_OPTIONS)) {
		if (values[flag] !== undefined) options[option] = values[flag];
	}
	const jobLifetime = values['job-lifetime'];
	if (jobLifetime !== undefined) {
		options.jobLifetime = /^\d+$/.test(jobLifetime) ? Number(jobLifetime) : jobLifetime;
	}
	if (values['refresh-tokens']) options.refreshTokens = true;
	if (values['no-request-log']) options.logRequests = false;
	if (!values.quiet) {
		options.onRequest = (entry) => {
			const outcome = entry.outcome ? ` ${entry.outcome}` : '';
			process.stderr.write(
				`[fluent-sim] ${entry.method} ${entry.path} ${entry.status ?? '-'}${outcome} ${entry.ms}ms\n`,
			);
		};
	}
	return options;
}

function setClock(sim, values) {
	if (values.now === undefined && !values['freeze-clock']) return;
	const at = values.now === undefined ? sim.now() : Date.parse(values.now);
	if (!Number.isFinite(at)) throw new TypeError(`--now needs an ISO date-time, got '${values.now}'`);
	sim.setNow(at, { frozen: Boolean(values['freeze-clock']) });
}

async function main() {
	let values;
	let sim;
	let port;
	try {
		values = parseCommandLine(process.argv.slice(2));
		if (values.help) {
			process.stdout.write(`${USAGE}\n`);
			return;
		}
		sim = createSimulator(simulatorOptions(values));
		setClock(sim, values);
		port = values.port === undefined ? 0 : toNumber('port', values.port);
	} catch (error) {
		process.stderr.write(`${error.message}\n\n${USAGE}\n`);
		process.exitCode = 2;
		return;
	}

	await sim.start(port, values.host ?? '127.0.0.1');
	process.stdout.write(`${JSON.stringify({ ...sim.info(), pid: process.pid })}\n`);

	let stopping = false;
	const stop = async (signal) => {
		if (stopping) process.exit(1);
		stopping = true;
		if (!values.quiet) process.stderr.write(`[fluent-sim] ${signal}: stopping\n`);
		await sim.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error) => {
	process.stderr.write(`fluent simulator failed: ${error.stack ?? error}\n`);
	process.exit(1);
});
