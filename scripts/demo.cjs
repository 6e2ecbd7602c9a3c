#!/usr/bin/env node
/**
 * `npm run demo`: the example "nightly full load" workflow, run through n8n's own execution
 * engine (n8n-core's WorkflowExecute, via test/harness) against the local Fluent simulator.
 * No Fluent account and no n8n install are needed.
 *
 * Takes Create Job and Create Batch exactly as configured in
 * examples/nightly-full-load-from-csv.json, feeds them a generated stock file (12,000 positions
 * by default) as the CSV nodes would, waits for Fluent to finish, and prints a short report.
 *
 *   npm run demo                              12,000 positions, 4 locations
 *   npm run demo -- --records 50000 --locations 10
 *   npm run demo -- --fail-records 3          let the simulator reject 3 records
 *
 * Exits 0 when every record arrived (or, with --fail-records, exactly the others did).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');

const ROOT = path.resolve(__dirname, '..');
const EXAMPLE = 'examples/nightly-full-load-from-csv.json';

// n8n-core keeps an encryption key in N8N_USER_FOLDER: use a throw-away one.
const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'fluent-demo-'));
process.on('exit', () => fs.rmSync(userFolder, { recursive: true, force: true }));
process.env.N8N_USER_FOLDER = userFolder;
require(path.join(ROOT, 'test', 'setup-env.cjs'));
const { createWorld } = require(path.join(ROOT, 'test', 'harness', 'world.cjs'));

const number = (value) => value.toLocaleString('en-US');
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

const USAGE = 'Usage: npm run demo -- [--records N] [--locations N] [--fail-records N]';

function usageError(message) {
	return Object.assign(new Error(message), { usage: true });
}

function options() {
	const { values } = parseArgs({
		options: {
			records: { type: 'string', default: '12000' },
			locations: { type: 'string', default: '4' },
			'fail-records': { type: 'string', default: '0' },
			help: { type: 'boolean' },
		},
	});
	if (values.help) {
		process.stdout.write(`${USAGE}\n`);
		process.exit(0);
	}
	const parsed = {
		records: Number(values.records),
		locations: Number(values.locations),
		failRecords: Number(values['fail-records']),
	};
	for (const [name, value] of Object.entries(parsed)) {
		if (!Number.isInteger(value) || value < 0) throw usageError(`--${name} needs a whole number`);
	}
	if (parsed.records < 1 || parsed.locations < 1)
		throw usageError('--records and --locations must be at least 1');
	return parsed;
}

/** A stock file's rows as the Extract From File node gives them: every value is text. */
function stockFeed(records, locations) {
	const rows = new Array(records);
	for (let index = 0; index < records; index++) {
		rows[index] = {
			skuRef: `SKU-${String(Math.floor(index / locations)).padStart(6, '0')}`,
			locationRef: `STORE-${String((index % locations) + 1).padStart(2, '0')}`,
			qty: String((index * 37) % 500),
		};
	}
	return rows;
}

function table(rows) {
	const widths = rows[0].map((_, column) =>
		Math.max(...rows.map((row) => String(row[column]).length)),
	);
	return rows
		.map((row) =>
			row
				.map((cell, column) =>
					column === 0 || column === 1 || column === row.length - 1
						? String(cell).padEnd(widths[column])
						: String(cell).padStart(widths[column]),
				)
				.join('  ')
				.trimEnd(),
		)
		.map((line) => `  ${line}`)
		.join('\n');
}

function itemRanges(ranges) {
	return (ranges ?? [])
		.map((range) =>
			Array.isArray(range) ? `${number(range[0])}–${number(range[1])}` : String(range),
		)
		.join(', ');
}

async function main() {
	const settings = options();
	const example = JSON.parse(fs.readFileSync(path.join(ROOT, EXAMPLE), 'utf8'));
	const exampleNode = (name) => example.nodes.find((node) => node.name === name);
	const createBatchParameters = structuredClone(exampleNode('Create Batch').parameters);
	// The example checks every 30 s, which suits a real Fluent; the simulator is quicker.
	createBatchParameters.options.pollIntervalSeconds = 1;

	const world = await createWorld({
		// Fluent-like timing: a batch waits, then runs for a time that grows with its size.
		// Jobs live 24 h (Fluent: until midnight UTC), so a demo started at 23:59 UTC still works.
		simulator: { pendingMs: 500, runningMs: 1000, perRecordMs: 0.2, jobLifetime: '24h' },
	});
	try {
		const feed = stockFeed(settings.records, settings.locations);
		const failing = new Set();
		for (let n = 0; n < settings.failRecords && n < feed.length; n++) {
			const row = feed[Math.floor(((n + 0.5) * feed.length) / settings.failRecords)];
			failing.add(`${row.skuRef}@${row.locationRef}`);
		}
		if (failing.size > 0) {
			world.simulator.faults.failRecords(
				(entity) => failing.has(`${entity.skuRef}@${entity.locationRef}`),
				{
					responseCode: '400',
					message: 'Location not found (rejected by the demo)',
				},
			);
		}

		const createJob = world.fluentNode('Create Job', exampleNode('Create Job').parameters);
		const rows = world.emitItemsNode('Extract CSV rows', feed);
		const createBatch = world.fluentNode('Create Batch', createBatchParameters);

		const skus = Math.ceil(settings.records / settings.locations);
		process.stdout.write(
			[
				'',
				'Fluent Inventory Batch demo',
				`  engine    n8n's WorkflowExecute (n8n-core ${require('n8n-core/package.json').version}), this package loaded from dist/`,
				`  Fluent    local simulator at ${world.url} (no Fluent account needed)`,
				`  workflow  ${EXAMPLE}: Create Job → stock file rows → Create Batch, waiting for COMPLETE`,
				`  feed      ${number(settings.records)} stock positions: ${number(skus)} SKUs × ${settings.locations} locations, quantities as CSV text`,
				'',
				'Running…',
				'',
				'',
			].join('\n'),
		);

		const started = Date.now();
		const result = await world.engine.run(world.chain(createJob, rows, createBatch));
		const elapsed = Date.now() - started;

		if (result.status !== 'success') {
			const error =
				result.error ?? result.nodeError('Create Batch') ?? result.nodeError('Create Job');
			process.stdout.write(`The workflow failed: ${error?.message}\n${error?.description ?? ''}\n`);
			process.exitCode = 1;
			return;
		}

		const [job] = result.json('Create Job');
		const batches = result.json('Create Batch');
		const runData = result.run.data.resultData.runData;
		const nodeMs = (name) => runData[name]?.[0]?.executionTime ?? 0;
		const waitedMs = Math.max(0, ...batches.map((batch) => (batch.waitedSeconds ?? 0) * 1000));

		const failedRecords = batches.flatMap((batch) => batch.failedRecords ?? []);
		const total = (field) => batches.reduce((sum, batch) => sum + (batch[field] ?? 0), 0);

		const lines = [
			`Job ${job.jobId}  "${job.jobName}"  retailer ${job.retailerId}`,
			'',
			table([
				['batch', 'status', 'records', 'succeeded', 'failed', 'input items'],
				...batches.map((batch) => [
					batch.batchId,
					batch.status,
					number(batch.recordCount),
					number(batch.recordsSucceeded ?? 0),
					number(batch.recordsFailed ?? 0),
					itemRanges(batch.inputItemRanges),
				]),
				[
					'total',
					'',
					number(total('recordCount')),
					number(total('recordsSucceeded')),
					number(total('recordsFailed')),
					'',
				],
			]),
			'',
		];
		if (failedRecords.length === 0) {
			lines.push('Failed records: none');
		} else {
			lines.push(`Failed records: ${number(failedRecords.length)}`);
			for (const record of failedRecords.slice(0, 10)) {
				lines.push(`  ${record.entityRef}  ${record.responseCode}  ${record.message}`);
			}
			if (failedRecords.length > 10) lines.push(`  …and ${number(failedRecords.length - 10)} more`);
		}

		// What Fluent now holds: every position sent, once, with its quantity (failed ones excepted).
		const store = world.simulator.store;
		let loaded = 0;
		let wrong = 0;
		for (const row of feed) {
			const stored = store.get(String(job.retailerId), row.locationRef, row.skuRef);
			const expectedFailure = failing.has(`${row.skuRef}@${row.locationRef}`);
			if (expectedFailure) {
				if (stored) wrong++;
			} else if (stored && stored.qty === Number(row.qty) && stored.arrivals === 1) loaded++;
			else wrong++;
		}
		const expectedLoaded = feed.length - failing.size;
		lines.push(
			`Loaded: ${number(loaded)} of ${number(feed.length)} stock positions are in Fluent (simulator), each sent once with its quantity${
				failing.size > 0 ? `; ${number(failing.size)} rejected as asked` : ''
			}.`,
			`Time:   ${seconds(elapsed)} in all: Create Job ${seconds(nodeMs('Create Job'))}, Create Batch ${seconds(nodeMs('Create Batch'))} (sending ${seconds(Math.max(0, nodeMs('Create Batch') - waitedMs))}, waiting for Fluent ${seconds(waitedMs)})`,
			'',
		);
		const ok = loaded === expectedLoaded && wrong === 0 && failedRecords.length === failing.size;
		lines.push(
			ok
				? failing.size === 0
					? 'Result: every record loaded.'
					: `Result: every record loaded except the ${number(failing.size)} the simulator was told to reject, and those are listed above.`
				: `Result: PROBLEM: ${number(expectedLoaded - loaded)} records missing or wrong.`,
			'',
		);
		process.stdout.write(`${lines.join('\n')}\n`);
		process.exitCode = ok ? 0 : 1;
	} finally {
		await world.close();
	}
}

main().catch((error) => {
	if (error.usage || error.code?.startsWith('ERR_PARSE_ARGS')) {
		process.stderr.write(`${error.message}\n${USAGE}\n`);
		process.exitCode = 2;
		return;
	}
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exitCode = 1;
});
