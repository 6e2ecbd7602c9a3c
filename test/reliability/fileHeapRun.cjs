// Child process of invalidFileHeap.test.js (run with a small --max-old-space-size and
// --expose-gc): loads one generated stock file, stored in n8n's filesystem binary data mode,
// through n8n's engine against the simulator, and prints what happened and the heap growth as
// one JSON line. The file is written to a temporary folder piece by piece, never held whole.
//
//   node --expose-gc --max-old-space-size=150 fileHeapRun.cjs refuse 1000000
//   node --expose-gc fileHeapRun.cjs continue 200000 5000
//
// refuse:   <invalid> rows, every quantity a decimal comma ("1,5"); the node stops on error.
// duplicate: <invalid> rows naming one stock position; the node stops on error.
// twice:     <invalid> / 2 stock positions, each named twice (a file appended to itself).
// continue: <invalid> such rows, then <valid> valid rows, with On Error: Continue (using error
//           output); also reports the heap that stays alive once pass 1 is done (taken after a
//           full GC as the first batch reaches the simulator).
require('../setup-env.cjs');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { createWorld } = require('../harness/world.cjs');
const { filesystemBinaryMode } = require('../harness/binaryFiles.cjs');
const { core, di } = require('../harness/n8nModules.cjs');

const MB = 1024 * 1024;
const [mode, invalidArg, validArg = '0'] = process.argv.slice(2);
const invalidRows = Number(invalidArg);
const validRows = Number(validArg);

/** The stock file: a header, the invalid rows (lines 2…), then the valid rows. */
async function writeStockFile(file) {
	const out = fs.createWriteStream(file);
	const write = (text) => new Promise((resolve) => (out.write(text) ? resolve() : out.once('drain', resolve)));
	await write('skuRef,locationRef,qty\n');
	const chunk = 10_000;
	for (let start = 0; start < invalidRows + validRows; start += chunk) {
		const lines = [];
		for (let row = start; row < Math.min(start + chunk, invalidRows + validRows); row++) {
			if (row >= invalidRows) lines.push(`SKU-${row},LOC-1,${row % 100}\n`);
			else if (mode === 'duplicate') lines.push('SKU-X,LOC-1,5\n');
			else if (mode === 'twice') lines.push(`SKU-${row % (invalidRows / 2)},LOC-1,5\n`);
			else lines.push(`SKU-${row},LOC-1,"1,5"\n`);
		}
		await write(lines.join(''));
	}
	await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
}

async function main() {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'fluent-heap-'));
	const binaryStore = await filesystemBinaryMode();
	const world = await createWorld();
	try {
		const file = path.join(folder, 'stock.csv');
		await writeStockFile(file);
		const service = di.Container.get(core.BinaryDataService);
		const binaryData = await service.store(
			{ type: 'execution', workflowId: 'test-workflow', executionId: 'files' },
			fs.createReadStream(file),
			{ mimeType: 'text/csv', fileName: 'stock.csv' },
		);
		const input = [{ json: {}, binary: { data: binaryData } }];
		const jobId = await world.createJob();

		const settings = mode === 'continue' ? { onError: 'continueErrorOutput' } : {};
		const node = world.fluentNode(
			'Create Batch',
			{ operation: 'createBatch', recordsFrom: 'binaryFile', jobId, batchSize: 5000 },
			{ settings },
		);
		let heapAfterPass1;
		world.simulator.config.onRequest = (entry) => {
			if (heapAfterPass1 === undefined && entry.endpoint === 'batchCreate') {
				global.gc();
				heapAfterPass1 = process.memoryUsage().heapUsed;
			}
		};

		global.gc();
		const baseline = process.memoryUsage().heapUsed;
		let peak = baseline;
		const sampler = setInterval(() => {
			peak = Math.max(peak, process.memoryUsage().heapUsed);
		}, 5);
		const started = Date.now();
		const result = await world.engine.run({ nodes: [node], connections: {}, input });
		clearInterval(sampler);
		peak = Math.max(peak, process.memoryUsage().heapUsed);

		const outputs = result.run.data.resultData.runData['Create Batch']?.[0]?.data?.main ?? [];
		const errors = outputs[1] ?? [];
		const error = result.status === 'error' ? result.nodeError('Create Batch') : undefined;
		const report = {
			status: result.status,
			ms: Date.now() - started,
			heapGrowthMB: Math.round((peak - baseline) / MB),
			heapAfterPass1MB:
				heapAfterPass1 === undefined ? undefined : Math.round((heapAfterPass1 - baseline) / MB),
			message: error?.message,
			description: error?.description,
			mainItems: (outputs[0] ?? []).length,
			recordsSent: (outputs[0] ?? []).reduce((sum, item) => sum + (item.json.recordCount ?? 0), 0),
			errorItems: errors.length,
			firstErrorItem: errors[0]?.json,
			lastErrorItem: errors[errors.length - 1]?.json,
		};
		process.stdout.write(`${JSON.stringify(report)}\n`);
	} finally {
		await world.close();
		binaryStore.close();
		fs.rmSync(folder, { recursive: true, force: true });
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${error.stack ?? error}\n`);
		process.exit(1);
	},
);
